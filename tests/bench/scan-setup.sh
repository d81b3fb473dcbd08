# gst-drmeter benchmarks: what bench-split.sh and bench-rss.sh share,
# sourced by them with their arguments ([build-dir] [work-dir]): the built
# scanner and its plugin, and the material in the work folder (made by
# make-material.sh when missing). Sets HERE, BUILD, WORK and TOOL.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "${1:-build}" && pwd)
WORK=${2:-${TMPDIR:-/tmp}/gst-drmeter-bench}
TOOL=$BUILD/gst/tool/gst-drmeter

[ -x "$TOOL" ] || { echo "no $TOOL: build first" >&2; exit 2; }
# the plugin of this build, not an installed one
export GST_PLUGIN_PATH_1_0="$BUILD/gst"
# every scan measures: no result cache
export GST_DRMETER_CACHE=off
"$HERE/make-material.sh" "$WORK"
