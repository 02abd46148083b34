#!/usr/bin/env bash
# Checks the Linux package end to end on this machine (Debian, as root): builds the .deb, shows its
# metadata and files, validates the desktop entry, installs it with its dependencies, starts the app the
# way the desktop entry does under Xvfb, takes a screenshot (docs/installed-app.png), checks the
# `holdfast` command's exit statuses, and removes the package again (pass --keep to leave it installed).
# Needs: xvfb, xdotool, imagemagick, desktop-file-utils, fakeroot, dpkg-dev (installed if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
keep=${1:-}
need=()
for pkg in xvfb xdotool imagemagick desktop-file-utils fakeroot dpkg-dev; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ "${#need[@]}" -gt 0 ]; then
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
fi

bash installer/build.sh deb
deb=$(ls target/installer/holdfast_*.deb)
echo "== dpkg-deb --info"; dpkg-deb --info "$deb"
echo "== desktop entry and icon"; dpkg-deb --contents "$deb" | grep -E '\.desktop$|holdfast\.png$|bin/holdfast$'
work=$(mktemp -d)
trap 'kill ${app_pid:-} ${xvfb_pid:-} 2>/dev/null || true; rm -rf "$work"' EXIT
dpkg-deb -x "$deb" "$work/root"
desktop=$(ls "$work"/root/opt/holdfast/lib/*.desktop)
desktop-file-validate "$desktop"
echo "desktop-file-validate: OK ($(basename "$desktop"))"

echo "== install"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "./$deb"
test -x /usr/bin/holdfast
holdfast --version
set +e
holdfast --no-such-option >/dev/null 2>&1; bad=$?
holdfast --session "no such session" --config-dir "$work/config" >/dev/null 2>"$work/err"; unknown=$?
set -e
[ "$bad" = 2 ] && [ "$unknown" = 2 ] || { echo "expected exit status 2, got $bad and $unknown" >&2; exit 1; }
echo "exit statuses: bad option 2, unknown session 2 ($(cat "$work/err"))"

echo "== start it as the desktop entry does"
exec_line=$(sed -n 's/^Exec=//p' "$desktop")
export DISPLAY=:93
Xvfb "$DISPLAY" -screen 0 1280x800x24 >/dev/null 2>&1 & xvfb_pid=$!
sleep 1
HOLDFAST_CONFIG_DIR="$work/config" $exec_line >"$work/app.log" 2>&1 & app_pid=$!
for _ in $(seq 60); do
    xdotool search --name '^Holdfast$' >/dev/null 2>&1 && break
    sleep 1
done
sleep 2
# the largest window of that name is the main window (JavaFX also makes small helper windows)
best=0
for w in $(xdotool search --name '^Holdfast$'); do
    eval "$(xdotool getwindowgeometry --shell "$w")"
    if [ "$((WIDTH * HEIGHT))" -gt "$best" ]; then
        best=$((WIDTH * HEIGHT)); geometry="${WIDTH}x${HEIGHT}+${X}+${Y}"
    fi
done
[ "$best" -gt 10000 ] || { echo "no main window appeared" >&2; cat "$work/app.log" >&2; exit 1; }
import -window root -crop "$geometry" docs/installed-app.png
echo "main window shown by the installed launcher: docs/installed-app.png"
kill "$app_pid"

# Java 24 and newer warn at each start about JavaFX's native access and sun.misc.Unsafe unless the launcher
# allows them (installer/java-options.sh)
if grep -E '^WARNING: (A restricted method|.*sun\.misc\.Unsafe)' "$work/app.log"; then
    echo "the installed app warns at start (above)" >&2
    exit 1
fi

cache=$(ls /opt/holdfast/lib/app/holdfast.aot /opt/holdfast/lib/app/holdfast.jsa 2>/dev/null || true)
echo "== start-up cache in the installed place: ${cache:-none}"
# an AOT cache (Java 25) is used where it is installed as it is; postinst remakes an AppCDS archive for
# /opt/holdfast; either way a start that maps it loads most classes from it
HOLDFAST_EXIT_AFTER_START=1 HOLDFAST_CONFIG_DIR="$work/config" \
    JAVA_TOOL_OPTIONS="-Xlog:class+load:file=$work/classes.txt" timeout 60 holdfast >/dev/null 2>&1 || true
loaded=$(grep -c 'class,load' "$work/classes.txt" || true)
shared=$(grep -c 'shared objects file' "$work/classes.txt" || true)
echo "classes loaded at start: $loaded, from the shared archive: $shared"
[ "$loaded" -gt 1000 ] && [ $((shared * 100 / loaded)) -ge 80 ] \
    || { echo "the installed app does not use its start-up cache" >&2; exit 1; }

if [ "$keep" != "--keep" ]; then
    apt-get remove -y -q holdfast
    test ! -e /usr/bin/holdfast
    echo "removed again"
fi
