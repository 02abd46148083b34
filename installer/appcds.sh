#!/usr/bin/env bash
# Gives a jpackage app-image its start-up cache, made by one start of the app (under a private Xvfb when
# there is no display; HOLDFAST_EXIT_AFTER_START makes the app close itself 2 s after its window shows, a
# normal exit), and tells the launcher's .cfg to use it. The kind depends on the bundled runtime:
#
# - Java 25 and newer: an ahead-of-time cache (JEP 483/514/515: classes loaded and linked, and method
#   profiles) `<name>.aot`. The start runs with -XX:AOTMode=record and writes the configuration
#   `<name>.aotconf`; then -XX:AOTMode=create makes the cache from it, with the launcher's class path and
#   java-options (a cache made with other options, such as compact object headers off, is not used). The
#   cache still works when the app-image is moved or installed (checked in /opt/holdfast by verify-deb.sh).
# - Older: an AppCDS archive `<name>.jsa`: the runtime's base archive (java -Xshare:dump, which jlink does
#   not make), then the start with -XX:ArchiveClassesAtExit. The same start writes the class list
#   `<name>.classlist`.
#
# Either way the launcher falls back silently to a start without it when it does not match. The AppCDS
# archive records the jars' absolute paths and is not used when the app-image is moved, so a copied
# app-image needs this again in its new place (running it again replaces the archive), and the .deb's
# postinst makes a static archive in the installed place from the class list (no display needed).
# Used by build.sh for Holdfast and by floor/build.sh for the start-up floor, so both get it the same way.
#
#   bash installer/appcds.sh <app-image directory> <launcher name>
set -euo pipefail
image=$1
name=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/jdk.sh"
app="$image/lib/app"
java="$image/lib/runtime/bin/java"
cfg="$app/$name.cfg"
jsa="$app/$name.jsa"
classlist="$app/$name.classlist"
aot="$app/$name.aot"
aotconf="$app/$name.aotconf"
rm -f "$jsa" "$classlist" "$aot" "$aotconf"
# a previous run's options would make the recording start try to map the old cache
sed -i '/^java-options=-XX:SharedArchiveFile=/d; /^java-options=-Xshare:auto$/d; /^java-options=-Xlog:cds/d;
    /^java-options=-XX:AOTCache=/d; /^java-options=-Xlog:aot/d' "$cfg"
if [ "$(jdk_feature "$image/lib/runtime")" -ge 25 ] 2>/dev/null; then
    kind=aot
    recording="-XX:AOTMode=record -XX:AOTConfiguration=$aotconf"
else
    kind=cds
    "$java" -Xshare:dump >/dev/null
    recording="-XX:ArchiveClassesAtExit=$jsa -XX:DumpLoadedClassList=$classlist -Xlog:cds=off -Xlog:cds+dynamic=off"
fi

xvfb_pid=
if [ -z "${DISPLAY:-}" ] && command -v Xvfb >/dev/null; then
    . "$here/xvfb.sh"
    start_xvfb
fi
config=$(mktemp -d)
trap '[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null; rm -rf "$config"' EXIT
if [ -n "${DISPLAY:-}" ]; then
    HOLDFAST_EXIT_AFTER_START=1 HOLDFAST_CONFIG_DIR="$config" JAVA_TOOL_OPTIONS="$recording" \
        timeout 120 "$image/bin/$name" >"$config/training.log" 2>&1 || true
fi

# the launcher's class path and java-options, as the launcher expands them ($APPDIR is lib/app)
app_abs=$(cd "$app" && pwd)
classpath=$(sed -n "s|^app.classpath=\\\$APPDIR|$app_abs|p" "$cfg" | paste -sd: -)
mapfile -t options < <(sed -n 's|^java-options=||p' "$cfg" | sed "s|\\\$APPDIR|$app_abs|g")

if [ "$kind" = aot ] && [ -s "$aotconf" ]; then
    "$java" -XX:AOTMode=create -XX:AOTConfiguration="$aotconf" -XX:AOTCache="$aot" "${options[@]}" \
        -cp "$classpath" >"$config/create.log" 2>&1 || { cat "$config/create.log" >&2; rm -f "$aot"; }
    # The cache names the class path relative to the app-image (a moved or installed app-image still uses
    # it, unlike an AppCDS archive), so the configuration is not needed again, and it is as big as the cache.
    rm -f "$aotconf"
fi
if [ "$kind" = aot ] && [ -s "$aot" ]; then
    sed -i "s|^\[JavaOptions\]\$|[JavaOptions]\njava-options=-XX:AOTCache=\$APPDIR/$name.aot\njava-options=-Xlog:aot=off\njava-options=-Xlog:cds=off|" \
        "$cfg"
    echo "AOT cache: $(du -h "$aot" | cut -f1) ($aot)"
elif [ "$kind" = cds ] && [ -s "$jsa" ]; then
    sed -i "s|^\[JavaOptions\]\$|[JavaOptions]\njava-options=-XX:SharedArchiveFile=\$APPDIR/$name.jsa\njava-options=-Xshare:auto\njava-options=-Xlog:cds=off\njava-options=-Xlog:cds+dynamic=off|" \
        "$cfg"
    echo "AppCDS archive: $(du -h "$jsa" | cut -f1) ($jsa)"
else
    echo "No start-up cache (no display and no Xvfb?); $name starts without it. The start's output:" >&2
    tail -5 "$config/training.log" >&2 2>/dev/null || true
fi
