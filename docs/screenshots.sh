#!/usr/bin/env bash
# Takes the README's screenshots from the real app in a real window under Xvfb.
# Needs: xvfb, xdotool, imagemagick (import), libgtk-3-0. Run from anywhere: bash docs/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
demo=$(mktemp -d)
trap 'kill ${app_pid:-} ${xvfb_pid:-} 2>/dev/null || true; rm -rf "$demo"' EXIT

cat > "$demo/sessions.json" <<'JSON'
{"schemaVersion": 1,
 "defaults": {"keepaliveIntervalSeconds": 15, "keepaliveCountMax": 3},
 "sessions": [
  {"name": "web1", "folder": "Work/Prod", "settings": {"host": "web1.example.com", "user": "deploy", "keepaliveIntervalSeconds": 30}},
  {"name": "db", "folder": "Work/Prod", "settings": {"host": "10.0.0.5", "user": "postgres", "port": 2222}},
  {"name": "build-agent", "folder": "Work", "settings": {"host": "ci.internal", "user": "jenkins", "auth": "public-key"}},
  {"name": "laptop", "folder": "Home", "settings": {"host": "192.168.1.20"}},
  {"name": "pi", "settings": {"host": "raspberrypi.local", "user": "pi", "keepaliveMode": "null-packet"}}]}
JSON

export DISPLAY=:97
Xvfb "$DISPLAY" -screen 0 1280x800x24 >/dev/null 2>&1 & xvfb_pid=$!
sleep 1
mvn -B -q compile
mvn -B -q javafx:run -Djavafx.args="--config-dir $demo" >/dev/null 2>&1 & app_pid=$!
for _ in $(seq 60); do
    xdotool search --name '^Holdfast$' >/dev/null 2>&1 && break
    sleep 1
done
sleep 2
main=$(xdotool search --name '^Holdfast$' | head -1)
eval "$(xdotool getwindowgeometry --shell "$main")"
# Select web1 with the keyboard (filter, then Down into the list) and open it in a tab.
xdotool key --window "$main" ctrl+f; xdotool type --delay 50 "web1"; xdotool key Down Return
sleep 1
xdotool key ctrl+f Escape
sleep 1
import -window root -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" docs/main-window.png
# Edit it, and show the Connection page with the keepalive panel.
xdotool key ctrl+e
sleep 2
editor=$(xdotool search --name '^Edit Session' | head -1)
eval "$(xdotool getwindowgeometry --shell "$editor")"
xdotool mousemove $((X + 60)) $((Y + 58)) click 1
sleep 1
import -window root -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" docs/keepalive-panel.png
echo "wrote docs/main-window.png and docs/keepalive-panel.png"
