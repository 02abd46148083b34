#!/usr/bin/env bash
# Makes every raster icon from holdfast.svg: PNGs 16..512 px, holdfast.ico (Windows) and holdfast.icns (macOS).
# Needs rsvg-convert (Debian: librsvg2-bin), ImageMagick's convert (imagemagick) and png2icns (icnsutils).
set -euo pipefail
cd "$(dirname "$0")"
for size in 16 24 32 48 64 128 256 512; do
    rsvg-convert -w "$size" -h "$size" holdfast.svg -o "holdfast-$size.png"
done
convert holdfast-16.png holdfast-24.png holdfast-32.png holdfast-48.png holdfast-64.png holdfast-128.png \
    holdfast-256.png holdfast.ico
if command -v png2icns >/dev/null; then
    png2icns holdfast.icns holdfast-16.png holdfast-32.png holdfast-48.png holdfast-128.png holdfast-256.png \
        holdfast-512.png >/dev/null
else
    echo "png2icns not found (Debian: icnsutils); holdfast.icns not remade" >&2
fi
ls -l holdfast*
