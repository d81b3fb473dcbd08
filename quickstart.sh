#!/bin/sh
# Quick start: installs what gst-drmeter needs (Debian 12, 13 or testing),
# builds it, and measures the bundled example album, printing its DR log.
set -eu
cd "$(dirname "$0")"
./scripts/install-deps.sh
[ -d build ] || meson setup build
ninja -C build
exec build/gst/tool/gst-drmeter docs/examples/album
