#!/usr/bin/env bash
# Gives a jpackage app-image an AppCDS archive: the runtime's base archive (java -Xshare:dump, which
# jlink does not make), then one start of the app (under a private Xvfb when there is no display;
# HOLDFAST_EXIT_AFTER_START makes the app close itself) with -XX:ArchiveClassesAtExit, and the launcher's
# .cfg told to map it. -Xshare:auto falls back silently when the archive does not match the runtime.
# Used by build.sh for Holdfast and by floor/build.sh for the start-up floor, so both get it the same way.
# The archive records the jars' absolute paths and is ignored (silently) when the app-image is moved, so
# a copied app-image needs this again in its new place; running it again replaces the archive. The .deb's
# postinst remakes it in the installed place from the class list written here (no display needed).
#
#   bash installer/appcds.sh <app-image directory> <launcher name>
set -euo pipefail
image=$1
name=$2
here=$(cd "$(dirname "$0")" && pwd)
jsa="$image/lib/app/$name.jsa"
# The same start also writes the list of classes it loaded: an installed package cannot use the archive
# made here (it names the build's paths), so the .deb's postinst makes a static archive from this list.
classlist="$image/lib/app/$name.classlist"
cfg="$image/lib/app/$name.cfg"
rm -f "$jsa" "$classlist"
# a previous run's options would make the recording start try to map the old archive
sed -i '/^java-options=-XX:SharedArchiveFile=/d; /^java-options=-Xshare:auto$/d; /^java-options=-Xlog:cds/d' "$cfg"
"$image/lib/runtime/bin/java" -Xshare:dump >/dev/null
xvfb_pid=
if [ -z "${DISPLAY:-}" ] && command -v Xvfb >/dev/null; then
    . "$here/xvfb.sh"
    start_xvfb
fi
config=$(mktemp -d)
trap '[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null; rm -rf "$config"' EXIT
if [ -n "${DISPLAY:-}" ]; then
    HOLDFAST_EXIT_AFTER_START=1 HOLDFAST_CONFIG_DIR="$config" \
        JAVA_TOOL_OPTIONS="-XX:ArchiveClassesAtExit=$jsa -XX:DumpLoadedClassList=$classlist -Xlog:cds=off -Xlog:cds+dynamic=off" \
        timeout 120 "$image/bin/$name" >/dev/null 2>&1 || true
fi
if [ -s "$jsa" ]; then
    sed -i "s|^\[JavaOptions\]\$|[JavaOptions]\njava-options=-XX:SharedArchiveFile=\$APPDIR/$name.jsa\njava-options=-Xshare:auto\njava-options=-Xlog:cds=off\njava-options=-Xlog:cds+dynamic=off|" \
        "$cfg"
    echo "AppCDS archive: $(du -h "$jsa" | cut -f1) ($jsa)"
else
    echo "No AppCDS archive (no display and no Xvfb?); $name starts without it." >&2
fi
