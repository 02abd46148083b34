# Sourced by the installer scripts: start_xvfb starts a private Xvfb on a free display number picked at
# random from 200-899 (so builds and measurements running at the same time never share a display, a
# window search never finds another run's window, and the usual numbers such as :0 and :99 stay free for
# other tools), exports DISPLAY and sets xvfb_pid. The caller kills $xvfb_pid.
start_xvfb() {
    local number tries
    for tries in 1 2 3 4 5 6 7 8 9 10; do
        number=$((200 + RANDOM % 700))
        [ -e "/tmp/.X$number-lock" ] && continue
        Xvfb ":$number" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
        xvfb_pid=$!
        for _ in $(seq 50); do
            if [ -S "/tmp/.X11-unix/X$number" ]; then
                export DISPLAY=":$number"
                return 0
            fi
            kill -0 "$xvfb_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill "$xvfb_pid" 2>/dev/null || true
    done
    echo "Xvfb did not start" >&2
    return 1
}
