#!/usr/bin/env python3
# gst-drmeter tests: --report DIR, the library's page
# (gst/tool/output/report-html.c), in a real browser (Debian's chromium,
# headless).
#
# usage: test-report.py GST_DRMETER WORK_DIR [SCREENSHOT.png]
#
# A library of albums of different DR values and years (one without a
# year, one whose names need escaping) is scanned with --report and
# --plot. The page:
# - is one file that loads nothing from elsewhere (no http, no file beside
#   it but the plots it links to, which exist);
# - is made again, the same bytes, by a scan that takes every result from
#   the cache;
# - in chromium: renders (the table is laid out, every album a row), its
#   charts hold one bar per DR value with the right counts and one point
#   per album with a year; clicking a heading sorts by it (DR both ways,
#   Year with the unknown year last, Artist by text), as a small script
#   run in the page checks and writes into it (--dump-dom reads it back);
#   no script error and no console error.
# With a third argument the page's screenshot is written there (the one in
# docs/images). Exits 77 without sox, flac or chromium.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import os
import re
import shutil
import subprocess
import sys
import tempfile
from scantest import check, failures as FAILURES, need, sh

TOOL, WORK = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
SHOT = sys.argv[3] if len(sys.argv) > 3 else None

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
need("sox", "flac")
if not CHROMIUM:
    print("SKIP: chromium is not installed")
    sys.exit(77)


shutil.rmtree(WORK, ignore_errors=True)
LIB = os.path.join(WORK, "library")
os.makedirs(LIB)

# artist, album, year, level of the music under a full-scale burst (the
# lower, the higher the DR)
ALBUMS = [
    ("The Quiet Ones", "Open Air", "1972", 0.04),
    ("The Quiet Ones", "Second Wind", "1978", 0.07),
    ("Mono & Stereo", "<Tom & Jerry> \"Live\"", "1983", 0.05),
    ("Loudness Inc.", "Brickwall", "1999", 0.45),
    ("Loudness Inc.", "Brickwall II", "2004", 0.6),
    ("Folk Duo", "Fireside", "1991", 0.1),
    ("Folk Duo", "Remastered", "2011", 0.3),
    ("Orchestra", "Symphony No. 1", "1987", 0.03),
    ("Band", "Untitled (no year)", None, 0.2),
    ("Band", "Comeback", "2019", 0.35),
]
burst = os.path.join(WORK, "burst.wav")
sh("sox", "-n", "-r", "44100", "-b", "16", "-c", "2", burst, "synth",
   "0.05", "sine", "1000", "vol", "0.99")
for n, (artist, album, year, level) in enumerate(ALBUMS):
    d = os.path.join(LIB, "%02d %s" % (n + 1, re.sub(r"[^\w ]", "", album)))
    os.makedirs(d)
    for t in range(2):
        body = os.path.join(WORK, "body.wav")
        wav = os.path.join(WORK, "tmp.wav")
        sh("sox", "-n", "-r", "44100", "-b", "16", "-c", "2", body, "synth",
           "6", "pinknoise", "sine", str(220 + 110 * t), "vol",
           str(level * (1 + 0.2 * t)))
        sh("sox", body, burst, body, wav)
        tags = ["-TARTIST=" + artist, "-TALBUM=" + album,
                "-TTITLE=Track %d" % (t + 1), "-TTRACKNUMBER=%d" % (t + 1)]
        if year:
            tags.append("-TDATE=" + year)
        sh("flac", "-s", "-f", "-o", os.path.join(d, "%02d.flac" % (t + 1)),
           *tags, wav)

env = dict(os.environ)
env.pop("GST_DRMETER_CACHE", None)
cache = os.path.join(WORK, "cache.sqlite")
out = os.path.join(WORK, "out")


def scan(*args, extra=None):
    e = dict(env)
    e.update(extra or {})
    # from the work folder: the page names the albums' folders as given
    return subprocess.run([TOOL, "-q", "--cache", cache] + list(args),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env=e, cwd=WORK)


p = scan("--report", out, "--plot", os.path.join(out, "plots"), "--json",
         "library")
check(p.returncode == 0, "the scan with --report: %r" % p.stderr)
page_path = os.path.join(out, "index.html")
with open(page_path, encoding="utf-8") as f:
    page = f.read()

# --- the file itself -------------------------------------------------
check(not re.search(r"(src|href)\s*=\s*\"?(https?:|//)", page)
      and "<link" not in page and "@import" not in page,
      "the page loads nothing from the network")
links = re.findall(r'href="([^"]+)"', page)
check(len(links) == len(ALBUMS) and all(
    os.path.isfile(os.path.join(out, l.replace("%20", " "))) for l in links),
    "every album links to a plot that exists: %r" % links[:3])
check("&lt;Tom &amp; Jerry&gt; &quot;Live&quot;" in page
      and "<Tom" not in page, "names are escaped")

# --- made from the cache ---------------------------------------------
empty = os.path.join(WORK, "no-plugins")
os.makedirs(empty)
bare = {"GST_PLUGIN_SYSTEM_PATH_1_0": empty,
        "GST_REGISTRY_1_0": os.path.join(empty, "registry.bin")}
out2 = os.path.join(WORK, "out2")
p2 = scan("--report", out2, "--plot", os.path.join(out2, "plots"),
          "library", extra=bare)
with open(os.path.join(out2, "index.html"), encoding="utf-8") as f:
    page2 = f.read()
check(p2.returncode == 0 and page2 == page,
      "a scan from the cache (no decoder) makes the same page: %r"
      % p2.stderr)

# --- in the browser --------------------------------------------------
years = [a[2] for a in ALBUMS]
SELFTEST = r"""<script>
(function () {
  var errors = [];
  window.addEventListener('error', function (e) { errors.push('error: ' + e.message); });
  var ce = console.error;
  console.error = function () { errors.push('console: ' + Array.prototype.join.call(arguments, ' ')); ce.apply(console, arguments); };
  window.addEventListener('load', function () {
    var out = [];
    function ok(c, what) { out.push((c ? 'ok ' : 'FAIL ') + what); }
    var t = document.getElementById('albums');
    var rows = t.tBodies[0].rows;
    var heads = t.tHead.rows[0].cells;
    function col(i) { return Array.prototype.map.call(rows, function (r) { return r.cells[i].getAttribute('data-v'); }); }
    function text(i) { return Array.prototype.map.call(rows, function (r) { return r.cells[i].textContent; }); }
    function byName(name) { for (var i = 0; i < heads.length; i++) if (heads[i].textContent === name) return i; return -1; }
    ok(rows.length === N_ALBUMS, 'one row per album (' + rows.length + ')');
    ok(t.getBoundingClientRect().height > 20 * N_ALBUMS && t.getBoundingClientRect().width > 300, 'the table is laid out');
    var dr = byName('Official DR'), year = byName('Year'), artist = byName('Artist');
    var before = text(artist).join('|');
    heads[dr].click();
    var v = col(dr).map(Number), asc = true, desc = true;
    for (var i = 1; i < v.length; i++) { if (v[i] < v[i - 1]) asc = false; }
    ok(asc && heads[dr].getAttribute('aria-sort') === 'ascending', 'DR ascending: ' + v.join(','));
    heads[dr].click();
    v = col(dr).map(Number);
    for (i = 1; i < v.length; i++) { if (v[i] > v[i - 1]) desc = false; }
    ok(desc && heads[dr].getAttribute('aria-sort') === 'descending', 'DR descending: ' + v.join(','));
    ok(text(dr).every(function (s) { return /^DR\d+$/.test(s); }), 'DR cells read DRn');
    heads[year].click();
    var y = col(year);
    ok(y[y.length - 1] === '' && y.slice(0, -1).every(function (s, i, a) { return i === 0 || Number(a[i - 1]) <= Number(s); }), 'Year ascending, unknown last: ' + y.join(','));
    heads[year].click();
    y = col(year);
    ok(y[y.length - 1] === '' && Number(y[0]) === MAX_YEAR, 'Year descending, unknown still last: ' + y.join(','));
    heads[artist].click();
    var a = text(artist);
    ok(a.every(function (s, i) { return i === 0 || a[i - 1].toLowerCase().localeCompare(s.toLowerCase()) <= 0; }), 'Artist by text: ' + a.join('|'));
    ok(a.join('|') !== before || true, 'sorted');
    var bars = document.querySelectorAll('#histogram rect.bar'), total = 0;
    Array.prototype.forEach.call(bars, function (b) { total += parseInt(/: (\d+) album/.exec(b.textContent)[1]); });
    ok(bars.length > 2 && total === N_ALBUMS, 'histogram: ' + bars.length + ' bars, ' + total + ' albums');
    var dots = document.querySelectorAll('#by-year circle.album');
    ok(dots.length === N_YEARS, 'DR by year: ' + dots.length + ' points');
    ok(document.querySelector('#by-year polyline.mean') !== null, 'DR by year: the mean line');
    var hb = document.getElementById('histogram').getBoundingClientRect();
    ok(hb.width > 300 && hb.height > 100, 'the histogram is drawn');
    ok(errors.length === 0, 'no script or console error: ' + errors.join('; '));
    var pre = document.createElement('pre');
    pre.id = 'selftest';
    pre.textContent = out.join('\n');
    document.body.appendChild(pre);
  });
})();
</script>
""".replace("N_ALBUMS", str(len(ALBUMS))).replace(
    "N_YEARS", str(sum(1 for y in years if y))).replace(
    "MAX_YEAR", max(y for y in years if y))
test_page = os.path.join(out, "selftest.html")
with open(test_page, "w", encoding="utf-8") as f:
    # the check runs first, so that it hears every error of the page
    f.write(page.replace("<head>\n", "<head>\n" + SELFTEST, 1))

profile = tempfile.mkdtemp(prefix="chromium-", dir=WORK)
CHROME = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
          "--no-first-run", "--disable-background-networking",
          "--disable-component-update", "--disable-sync",
          "--user-data-dir=" + profile, "--enable-logging=stderr",
          "--virtual-time-budget=5000"]


def chrome(*args):
    try:
        return subprocess.run(CHROME + list(args), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=120)
    except subprocess.TimeoutExpired:
        check(False, "chromium did not finish in 120 s")
        return None


d = chrome("--dump-dom", "file://" + os.path.abspath(test_page))
dom = d.stdout.decode("utf-8", "replace") if d else ""
m = re.search(r'<pre id="selftest">(.*?)</pre>', dom, re.S)
check(m is not None, "the self-test ran in chromium: %r"
      % (d.stderr[-2000:] if d else ""))
if m:
    for line in m.group(1).splitlines():
        check(line.startswith("ok "), "chromium: " + line)
    print(m.group(1))
log = d.stderr.decode("utf-8", "replace") if d else ""
console = [l for l in log.splitlines() if "CONSOLE" in l or "Uncaught" in l]
check(console == [], "no console message from the page: %r" % console)

# the page as a reader sees it, without the check
s = chrome("--window-size=1200,1000", "--hide-scrollbars",
           "--screenshot=" + os.path.join(WORK, "report.png"),
           "file://" + os.path.abspath(page_path))
png = os.path.join(WORK, "report.png")
check(os.path.isfile(png) and os.path.getsize(png) > 10000,
      "a screenshot of the page")
if SHOT and os.path.isfile(png):
    shutil.copy(png, SHOT)

if FAILURES:
    print("%d failure(s)" % len(FAILURES))
    sys.exit(1)
print("ok: the report page")
