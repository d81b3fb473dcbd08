#!/usr/bin/env python3
"""Every option that `gst-drmeter --help` lists is documented and completes.

usage: check-options.py manual GST_DRMETER MANPAGE
       check-options.py completion GST_DRMETER COMPLETION_FILE

manual: each option (long and short) appears in the OPTIONS section of the
manual page. completion: bash completion of `gst-drmeter --` offers each
long option (needs bash and the bash-completion package; SKIP without).
Each missing option is named, with where to add it.
"""
import os
import re
import shutil
import subprocess
import sys


def help_options(tool):
    """The options of --help: ['--save', '-s', ...] in the order listed."""
    out = subprocess.run([tool, "--help"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, universal_newlines=True,
                         env=dict(os.environ, LC_ALL="C"), timeout=60)
    if out.returncode != 0:
        sys.exit("FAIL: %s --help exited with %d:\n%s" %
                 (tool, out.returncode, out.stderr))
    options = []
    for line in out.stdout.splitlines():
        # "  -o, --output=FILE    Write ..." / "  --json    Print ..."
        m = re.match(r"^\s+((?:-\w, )?--[\w-]+)(?:=\S+)?\s", line)
        if m:
            options += [o.strip() for o in m.group(1).split(",")]
    if "--save" not in options:
        sys.exit("FAIL: found no options in %s --help:\n%s" % (tool, out.stdout))
    return options


def roff_text(path):
    """The OPTIONS section of a manual page, roff escapes undone."""
    text = open(path, encoding="utf-8").read()
    m = re.search(r"^\.SH OPTIONS\n(.*?)^\.SH ", text, re.S | re.M)
    if not m:
        sys.exit("FAIL: %s has no OPTIONS section" % path)
    body = m.group(1).replace("\\-", "-")
    return re.sub(r"\\f[BIRP]|\\\(\w\w|\\ ", "", body)


def present(option, text):
    return re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(option), text)


def check_manual(tool, page):
    groff = shutil.which("groff")
    if groff:
        # The warnings man(1) and lintian would show.
        out = subprocess.run([groff, "-man", "-ww", "-z", "-Tutf8", page],
                             stderr=subprocess.PIPE, universal_newlines=True)
        if out.returncode != 0 or out.stderr:
            print("FAIL: groff on %s:\n%s" % (page, out.stderr))
            return 1
    text = roff_text(page)
    missing = [o for o in help_options(tool) if not present(o, text)]
    for o in missing:
        print("FAIL: %s does not document %s (listed by gst-drmeter --help): "
              "add a .TP entry for it under .SH OPTIONS" % (page, o))
    if missing:
        return 1
    print("ok: %s documents all %d options of --help" %
          (page, len(help_options(tool))))
    return 0


def check_completion(tool, completion):
    bash = shutil.which("bash")
    framework = "/usr/share/bash-completion/bash_completion"
    if not bash or not os.path.exists(framework):
        print("SKIP: bash or the bash-completion package is not installed")
        return 77
    script = """
. "$1"
. "$2"
COMP_LINE="gst-drmeter --"; COMP_POINT=${#COMP_LINE}
COMP_WORDS=(gst-drmeter --); COMP_CWORD=1
_gst_drmeter gst-drmeter -- gst-drmeter
printf '%s\\n' "${COMPREPLY[@]}"
"""
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(os.path.abspath(tool)) + os.pathsep + env["PATH"]
    out = subprocess.run([bash, "-c", script, "bash", framework, completion],
                         stdout=subprocess.PIPE, universal_newlines=True,
                         env=env, timeout=60)
    offered = {w.rstrip("=") for w in out.stdout.split()}
    missing = [o for o in help_options(tool)
               if o.startswith("--") and o not in offered]
    for o in missing:
        print("FAIL: completing 'gst-drmeter --' does not offer %s" % o)
    if missing:
        print("offered: " + " ".join(sorted(offered)))
        return 1
    print("ok: completion offers every long option of --help")
    return 0


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("manual", "completion"):
        sys.exit(__doc__)
    mode, tool, path = sys.argv[1:]
    if mode == "manual":
        return check_manual(tool, path)
    return check_completion(tool, path)


if __name__ == "__main__":
    sys.exit(main())
