#!/usr/bin/env bash
# Start time, process start to main window shown (mapped and visible under Xvfb), of the packaged app and
# of the start-up floor (a minimal JavaFX window packaged the same way, installer/floor/), each with and
# without its AppCDS archive. One run alternates the four starts N times (default 5), after one warm-up
# round that is not counted, and prints median and range of each, the ratios Holdfast/floor, and the
# machine's load (/proc/loadavg) before and after. Also the CPU time (user + system) the process had used
# when its window showed, which is less sensitive to other work on the machine than the wall time.
# (/proc/loadavg lags by a minute and counts these starts too; the busy figure is a 3 s sample.)
#
#   bash installer/build.sh app-image && bash installer/floor/build.sh && bash installer/measure-start.sh 5
#
# "Without" means the archive file moved away: the launcher's -Xshare:auto then starts with no class
# sharing at all (not even the runtime's base archive). The window is looked for every 10 ms (plus the
# few ms xdotool takes to start). HOLDFAST_IMAGE=dir measures another Holdfast app-image, such as a copy of
# an older build; HOLDFAST_MEASURE_WARMUP=0 skips the warm-up round; HOLDFAST_MEASURE_NICE=-10 runs
# everything at that nice value (root), for a machine that other builds share. Needs Xvfb and xdotool.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
warmup=${HOLDFAST_MEASURE_WARMUP:-1}
holdfast=${HOLDFAST_IMAGE:-target/installer/holdfast}   # another app-image, such as a copy of an older build
floor=${FLOOR_IMAGE:-target/floor/holdfast-floor}
hf_jsa=$holdfast/lib/app/holdfast.jsa
fl_jsa=$floor/lib/app/holdfast-floor.jsa
[ -s "$hf_jsa" ] || { echo "no AppCDS archive in $holdfast: build it with installer/build.sh app-image" >&2; exit 1; }
[ -s "$fl_jsa" ] || { echo "no start-up floor in $floor: build it with installer/floor/build.sh" >&2; exit 1; }
if [ -n "${HOLDFAST_MEASURE_NICE:-}" ]; then
    # this script and all it starts (Xvfb, the apps, xdotool) get this nice value; a negative one (root
    # only) makes other work on a shared machine disturb the figures less
    renice -n "$HOLDFAST_MEASURE_NICE" -p $$ >/dev/null
    echo "nice: $HOLDFAST_MEASURE_NICE"
fi
. installer/xvfb.sh
start_xvfb
config=$(mktemp -d)
restore() {
    kill "$xvfb_pid" 2>/dev/null || true
    [ -e "$hf_jsa.off" ] && mv "$hf_jsa.off" "$hf_jsa"
    [ -e "$fl_jsa.off" ] && mv "$fl_jsa.off" "$fl_jsa"
    rm -rf "$config" "$config.out"
}
trap restore EXIT
sleep 0.5
ticks=$(getconf CLK_TCK)

# start_once <launcher> <window title> [off]: prints "wall-ms cpu-ms"; with "off", the archive is moved away.
start_once() {
    local launcher=$1 title=$2 jsa="${1%/bin/*}/lib/app/$(basename "$1").jsa" begin end pid cpu stat
    [ "${3:-}" = off ] && mv "$jsa" "$jsa.off"
    begin=$EPOCHREALTIME
    HOLDFAST_CONFIG_DIR="$config" "$launcher" >"$config.out" 2>&1 & pid=$!
    until xdotool search --onlyvisible --name "^$title\$" >/dev/null 2>&1; do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "$launcher exited before its window showed (DISPLAY=$DISPLAY); its output:" >&2
            tail -5 "$config.out" >&2
            exit 1
        fi
        sleep 0.01
    done
    end=$EPOCHREALTIME
    read -r -a stat < <(sed 's/.*) //' "/proc/$pid/stat")
    cpu=$(( (stat[11] + stat[12]) * 1000 / ticks ))
    kill "$pid"; wait "$pid" 2>/dev/null || true
    [ "${3:-}" = off ] && mv "$jsa.off" "$jsa"
    begin=${begin/./}; end=${end/./}
    echo "$(( (10#$end - 10#$begin) / 1000 )) $cpu"
}

variants=("Holdfast, with AppCDS" "Holdfast, without AppCDS" "floor, with AppCDS" "floor, without AppCDS")
round() {
    start_once "$holdfast/bin/holdfast" Holdfast
    start_once "$holdfast/bin/holdfast" Holdfast off
    start_once "$floor/bin/holdfast-floor" "Holdfast start-up floor"
    start_once "$floor/bin/holdfast-floor" "Holdfast start-up floor" off
}

# how busy the whole machine is over 3 s (all processes, from /proc/stat)
busy() {
    local a b
    a=$(head -1 /proc/stat); sleep 3; b=$(head -1 /proc/stat)
    printf '%s\n%s\n' "$a" "$b" | awk '{idle = $5 + $6; total = 0; for (i = 2; i <= NF; i++) total += $i
        if (NR == 1) { i1 = idle; t1 = total } else printf "%.0f %%", 100 * (1 - (idle - i1) / (total - t1))}'
}
echo "load before: $(cat /proc/loadavg); machine busy over 3 s before: $(busy)"
for _ in $(seq "$warmup"); do results=$(round); done
declare -a wall=("" "" "" "") cpu=("" "" "" "")
for _ in $(seq "$runs"); do
    results=$(round)   # a failed start ends the script here
    i=0
    while read -r w c; do
        wall[i]+="$w "; cpu[i]+="$c "
        i=$((i + 1))
    done <<< "$results"
done
echo "load after:  $(cat /proc/loadavg); machine busy over 3 s after: $(busy)"

median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
stats() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {printf "%5d ms [%d-%d]", a[int((NR+1)/2)], a[1], a[NR]}'; }
echo "$runs runs each (median [range]); wall = process start to window shown, cpu = user+system at that moment"
for i in 0 1 2 3; do
    printf '%-26s wall %s   cpu %s   (all: %s)\n' "${variants[i]}:" "$(stats "${wall[i]}")" "$(stats "${cpu[i]}")" "${wall[i]% }"
done
awk -v a="$(median "${wall[0]}")" -v b="$(median "${wall[2]}")" -v c="$(median "${wall[1]}")" -v d="$(median "${wall[3]}")" \
    -v e="$(median "${cpu[0]}")" -v f="$(median "${cpu[2]}")" -v g="$(median "${cpu[1]}")" -v h="$(median "${cpu[3]}")" 'BEGIN {
    printf "Holdfast / floor, with AppCDS:    wall %.2f   cpu %.2f\n", a / b, e / f
    printf "Holdfast / floor, without AppCDS: wall %.2f   cpu %.2f\n", c / d, g / h
    printf "with / without AppCDS:            Holdfast %.2f   floor %.2f\n", a / c, b / d
}'
