#!/usr/bin/env python3
# gst-drmeter tests: the scanner's folders keep their rules
# (docs/architecture.md).
#
# usage: check-layers.py SOURCE_ROOT
#
# In gst/tool: every folder has a door header FOLDER/FOLDER.h and a
# meson.build; a file includes a header of its own folder as "file.h" and
# one of another folder only through that folder's door, "other/other.h";
# main.c includes only doors; the folders' includes form no cycle (so no
# two folders include each other); each folder links exactly the folders
# it includes (its meson.build's link_with); no folder holds more than
# MAX_MODULES modules. In tests/scanner: the folders are gst/tool's (the
# tests mirror the code), and a folder's tests include their own folder's
# headers or other folders' doors. Prints the folders, lowest first.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import os
import re
import sys

# Eight modules a folder at most: a ninth means the folder has grown two
# rooms and should be split.
MAX_MODULES = 8
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
SOURCES = (".c", ".h", ".cpp")

problems = []


def problem(msg):
    problems.append(msg)
    print("FAIL: " + msg)


def includes(path):
    with open(path, encoding="utf-8") as f:
        return INCLUDE.findall(f.read())


def files_in(folder):
    out = []
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for n in sorted(names):
            if n.endswith(SOURCES):
                out.append(os.path.join(root, n))
    return out


def check_include(path, own, inc, folders, tool_headers, is_test):
    """One include of @path (in folder @own, None for main.c)."""
    where = os.path.relpath(path, root)
    if "/" not in inc:
        if own is None and inc in tool_headers:
            problem("%s: includes \"%s\": name it by its folder's door"
                    % (where, inc))
        elif not is_test and own is not None and inc in tool_headers and \
                not os.path.exists(os.path.join(tool, own, inc)):
            problem("%s: includes \"%s\" of another folder" % (where, inc))
        return None
    folder, _, name = inc.partition("/")
    if folder not in folders:
        return None
    if folder == own:
        if not is_test:
            problem("%s: includes \"%s\": within a folder, write \"%s\""
                    % (where, inc, name))
        return None
    if name != folder + ".h":
        problem("%s: includes \"%s\": only the door \"%s/%s.h\" of %s/ "
                "may be included from outside it"
                % (where, inc, folder, folder, folder))
    return folder


def find_cycle(edges):
    state = {}

    def visit(n, stack):
        state[n] = 1
        for m in sorted(edges[n]):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m] if m in stack else [n, m]
            if m not in state:
                c = visit(m, stack + [m])
                if c:
                    return c
        state[n] = 2
        return None

    for n in sorted(edges):
        if n not in state:
            c = visit(n, [n])
            if c:
                return c
    return None


def layers(edges):
    """Folders by level: 0 includes no folder, n the ones below n."""
    level = {}

    def lv(n):
        if n not in level:
            level[n] = 1 + max([lv(m) for m in edges[n]] or [-1])
        return level[n]

    for n in edges:
        lv(n)
    out = {}
    for n, k in level.items():
        out.setdefault(k, []).append(n)
    return [sorted(out[k]) for k in sorted(out)]


def link_with(meson_build):
    with open(meson_build, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"link_with\s*:\s*(\[[^\]]*\]|\w+)", text)
    if not m:
        return set()
    return set(re.findall(r"drmt_(\w+)_lib", m.group(1)))


root = sys.argv[1]
tool = os.path.join(root, "gst", "tool")
tests = os.path.join(root, "tests", "scanner")
folders = sorted(d for d in os.listdir(tool)
                 if os.path.isdir(os.path.join(tool, d)))
tool_headers = {os.path.basename(p) for p in files_in(tool)
                if p.endswith(".h")}
edges = {f: set() for f in folders}

for f in folders:
    d = os.path.join(tool, f)
    if not os.path.exists(os.path.join(d, f + ".h")):
        problem("gst/tool/%s/ has no door header %s.h" % (f, f))
    if not os.path.exists(os.path.join(d, "meson.build")):
        problem("gst/tool/%s/ has no meson.build" % f)
    modules = [p for p in files_in(d) if p.endswith((".c", ".cpp"))]
    if len(modules) > MAX_MODULES:
        problem("gst/tool/%s/ holds %d modules (at most %d): split it"
                % (f, len(modules), MAX_MODULES))
    for p in files_in(d):
        for inc in includes(p):
            g = check_include(p, f, inc, folders, tool_headers, False)
            if g:
                edges[f].add(g)
    linked = link_with(os.path.join(d, "meson.build"))
    if os.path.exists(os.path.join(d, "meson.build")) and linked != edges[f]:
        problem("gst/tool/%s/meson.build links %s but its files include %s"
                % (f, sorted(linked) or "nothing", sorted(edges[f]) or
                   "no other folder"))

for name in sorted(os.listdir(tool)):
    p = os.path.join(tool, name)
    if os.path.isfile(p) and name.endswith(SOURCES):
        for inc in includes(p):
            check_include(p, None, inc, folders, tool_headers, False)

cycle = find_cycle(edges)
if cycle:
    problem("folders include each other: " + " -> ".join(cycle))

for f in folders:
    if not os.path.isdir(os.path.join(tests, f)):
        problem("gst/tool/%s/ has no tests/scanner/%s/" % (f, f))

for name in sorted(os.listdir(tests)):
    d = os.path.join(tests, name)
    # Python leaves __pycache__ beside the test modules it imports (where
    # the checkout is writable); it is no folder of tests.
    if not os.path.isdir(d) or name == "__pycache__" or name.startswith("."):
        continue
    if name not in folders:
        problem("tests/scanner/%s/ mirrors no folder of gst/tool" % name)
        continue
    for p in files_in(d):
        for inc in includes(p):
            check_include(p, name, inc, folders, tool_headers, True)

if not cycle:
    for k, names in enumerate(layers(edges)):
        print("level %d: %s" % (k, ", ".join(
            "%s/ (%d modules, includes %s)" % (
                n, len([p for p in files_in(os.path.join(tool, n))
                        if p.endswith((".c", ".cpp"))]),
                ", ".join(sorted(edges[n])) or "no folder")
            for n in names)))
if problems:
    print("%d problem(s)" % len(problems))
    sys.exit(1)
print("the scanner's folders keep their rules")
