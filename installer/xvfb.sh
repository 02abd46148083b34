# Sourced by the installer scripts: start_xvfb starts a private Xvfb on a display number it picks itself
# (so builds and measurements running at the same time never share a display, and a window search never
# finds another run's window), exports DISPLAY and sets xvfb_pid. The caller kills $xvfb_pid.
start_xvfb() {
    local fifo number
    fifo=$(mktemp -u)
    mkfifo "$fifo"
    Xvfb -displayfd 3 -screen 0 1280x800x24 3>"$fifo" >/dev/null 2>&1 &
    xvfb_pid=$!
    read -r -t 10 number <"$fifo" || number=
    rm -f "$fifo"
    if [ -z "$number" ]; then
        echo "Xvfb did not start" >&2
        return 1
    fi
    export DISPLAY=":$number"
}
