#!/usr/bin/env bash
# Takes the README's screenshots from the real app in a real window under Xvfb.
# Needs: xvfb, xdotool, imagemagick (import), libgtk-3-0, openssh-server, tmux. Run as root (sshd on loopback
# logs you in with a throwaway key). Run from anywhere: bash docs/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
demo=$(mktemp -d)
trap 'kill ${app_pid:-} ${xvfb_pid:-} ${sshd_pid:-} 2>/dev/null || true; TMUX_TMPDIR="$demo/tmux" tmux kill-server 2>/dev/null || true; rm -rf "$demo"' EXIT
mkdir -m 700 "$demo/tmux"  # the demo's tmux server is its own, and goes with it

# A real OpenSSH server on loopback for the live terminal tab, with its host key already trusted.
mkdir -p /run/sshd "$demo/sshd"
ssh-keygen -q -t ed25519 -N '' -f "$demo/sshd/host_ed25519"
ssh-keygen -q -t ed25519 -N '' -C demo -f "$demo/id_ed25519"
cp "$demo/id_ed25519.pub" "$demo/sshd/authorized_keys"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$demo/sshd/config" <<CFG
Port $port
ListenAddress 127.0.0.1
HostKey $demo/sshd/host_ed25519
AuthorizedKeysFile $demo/sshd/authorized_keys
PidFile $demo/sshd/pid
StrictModes no
UsePAM no
PasswordAuthentication no
PermitRootLogin prohibit-password
SetEnv TMUX_TMPDIR=$demo/tmux
CFG
/usr/sbin/sshd -D -e -f "$demo/sshd/config" 2>"$demo/sshd/log" & sshd_pid=$!
echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$demo/sshd/host_ed25519.pub")" > "$demo/known_hosts"

cat > "$demo/sessions.json" <<'JSON'
{"schemaVersion": 1,
 "defaults": {"keepaliveIntervalSeconds": 15, "keepaliveCountMax": 3},
 "sessions": [
  {"name": "web1", "folder": "Work/Prod", "settings": {"host": "web1.example.com", "user": "deploy", "keepaliveIntervalSeconds": 30}},
  {"name": "db", "folder": "Work/Prod", "settings": {"host": "10.0.0.5", "user": "postgres", "port": 2222}},
  {"name": "build-agent", "folder": "Work", "settings": {"host": "ci.internal", "user": "jenkins", "auth": "public-key"}},
  {"name": "laptop", "folder": "Home", "settings": {"host": "192.168.1.20"}},
  {"name": "pi", "settings": {"host": "raspberrypi.local", "user": "pi", "keepaliveMode": "null-packet"}},
  {"name": "this-machine", "folder": "Home", "settings": {"host": "127.0.0.1", "port": PORT, "user": "USER",
   "auth": "public-key", "keyFile": "KEY", "keepaliveIntervalSeconds": 2}},
  {"name": "build-box", "folder": "Home", "settings": {"host": "127.0.0.1", "port": PORT, "user": "USER",
   "auth": "public-key", "keyFile": "KEY", "keepaliveIntervalSeconds": 2, "remoteSession": "tmux"}},
  {"name": "tunnelled", "folder": "Home", "settings": {"host": "127.0.0.1", "port": PORT, "user": "USER",
   "auth": "public-key", "keyFile": "KEY", "proxyJump": "USER@127.0.0.1:PORT",
   "forwards": "L 15432:127.0.0.1:PORT\nD 11080\nR 0:127.0.0.1:PORT\nL 8080:db.internal:5432"}}]}
JSON
sed -i "s|PORT|$port|g; s|USER|$(id -un)|g; s|KEY|$demo/id_ed25519|g" "$demo/sessions.json"

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
# Open the local session with the keyboard (filter, then Down into the list, Enter) and use its shell.
xdotool key --window "$main" ctrl+f; xdotool type --delay 50 "this-machine"; xdotool key Down Return
sleep 4
xdotool type --delay 20 "cd /etc && ls --color=always | head -20"; xdotool key Return; sleep 1
xdotool type --delay 20 "printf '\\e[1;32mconnected\\e[0m over \\e[1;34m%s\\e[0m\\n' \"\$SSH_CONNECTION\""; xdotool key Return
sleep 2
import -window root -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" docs/main-window.png
# Freeze the server's side of the session (like a blackholed path): the probes go unanswered, the dot
# turns amber, then red, and the reconnect prompt appears 2 s x (3 + 1) = 8 s after the server went quiet.
frozen=$(pgrep -f "sshd: $(id -un)@" || true)
kill -STOP $frozen
sleep 10
import -window root -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" docs/reconnect-prompt.png
kill -CONT $frozen
# Back to the list, select web1 for the editor screenshot.
xdotool key ctrl+f; xdotool type --delay 50 "web1"; xdotool key Down
sleep 1
# Edit it, and show the Connection page with the keepalive panel.
xdotool key ctrl+e
sleep 2
editor=$(xdotool search --name '^Edit Session' | head -1)
eval "$(xdotool getwindowgeometry --shell "$editor")"
xdotool mousemove $((X + 60)) $((Y + 58)) click 1
sleep 1
import -window root -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" docs/keepalive-panel.png
xdotool mousemove $((X + WIDTH - 120)) $((Y + HEIGHT - 29)) click 1  # Cancel
sleep 1
# A tab whose shell runs in tmux: a build counts on, the server side of the connection is killed, and the
# tab's Reconnect resumes the same shell, counter still going.
main=$(xdotool search --name '^Holdfast$' | head -1)
eval "$(xdotool getwindowgeometry --shell "$main")"
xdotool key --window "$main" ctrl+f; xdotool type --delay 50 "build-box"; xdotool key Down Return
sleep 5
xdotool type --delay 20 "i=0; while :; do i=\$((i+1)); echo \"building step \$i (shell pid \$\$)\"; sleep 1; done"
xdotool key Return
sleep 4
pkill -TERM -P "$sshd_pid" || true  # the connection's own sshd, not the listener
sleep 3
xdotool key r
sleep 3
import -window root -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" docs/resumed-tab.png
echo "wrote docs/resumed-tab.png (a tmux tab resumed after its connection was killed)"
# A session through a jump host with four forwards (one of them to a host that does not exist), and the
# tab's Forwards window after a connection went through the local one.
eval "$(xdotool getwindowgeometry --shell "$main")"
xdotool mousemove $((X + 150)) $((Y + 64)) click 1; xdotool key ctrl+a  # the filter box: Ctrl+F is the shell's here
xdotool type --delay 50 "tunnelled"; xdotool key Down Return
sleep 6
(exec 3<>/dev/tcp/127.0.0.1/15432 && head -c 20 <&3 >/dev/null; exec 3>&-) || true
main=$(xdotool search --name '^Holdfast$' | head -1)
eval "$(xdotool getwindowgeometry --shell "$main")"
xdotool mousemove $((X + WIDTH - 45)) $((Y + HEIGHT - 14)) click 1  # Forwards… beside the health strip
sleep 2
forwards=$(xdotool search --name 'Forwards' | head -1)
eval "$(xdotool getwindowgeometry --shell "$forwards")"
import -window root -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" docs/forwards.png
echo "wrote docs/forwards.png (a tab's forwards, through a jump host)"
echo "wrote docs/main-window.png (a live terminal tab), docs/reconnect-prompt.png and docs/keepalive-panel.png"
