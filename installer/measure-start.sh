#!/usr/bin/env bash
# Start time of the packaged app, process start to main window mapped, with and without its AppCDS
# archive, in one run on one machine: N starts each, alternating (default 5), median and range.
# Run after `bash installer/build.sh app-image`. Needs Xvfb and xdotool.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
image=target/installer/holdfast
jsa=$image/lib/app/holdfast.jsa
[ -s "$jsa" ] || { echo "no AppCDS archive in $image: build it with installer/build.sh first" >&2; exit 1; }
export DISPLAY=:86
Xvfb "$DISPLAY" -screen 0 1280x800x24 >/dev/null 2>&1 & xvfb=$!
config=$(mktemp -d)
trap 'kill $xvfb 2>/dev/null || true; [ -e "$jsa.off" ] && mv "$jsa.off" "$jsa"; rm -rf "$config"' EXIT
sleep 1

start_once() {
    local begin end pid
    begin=$(date +%s%N)
    HOLDFAST_CONFIG_DIR="$config" "$image/bin/holdfast" >/dev/null 2>&1 & pid=$!
    until xdotool search --onlyvisible --name '^Holdfast$' >/dev/null 2>&1; do sleep 0.01; done
    end=$(date +%s%N)
    kill "$pid"; wait "$pid" 2>/dev/null || true
    echo $(( (end - begin) / 1000000 ))
}

with=(); without=()
for _ in $(seq "$runs"); do
    with+=("$(start_once)")
    mv "$jsa" "$jsa.off"
    without+=("$(start_once)")
    mv "$jsa.off" "$jsa"
done
stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "median %d ms (range %d-%d, %d runs)", a[int((NR+1)/2)], a[1], a[NR], NR}'; }
echo "with AppCDS:    $(stats "${with[@]}")"
echo "without AppCDS: $(stats "${without[@]}")"
m1=$(printf '%s\n' "${with[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
m2=$(printf '%s\n' "${without[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
awk -v a="$m1" -v b="$m2" 'BEGIN {printf "ratio with/without: %.2f\n", a / b}'
