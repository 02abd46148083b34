#!/usr/bin/env bash
# Start time, process start to main window shown (mapped and visible under Xvfb), of the packaged app and
# of the start-up floor (a minimal JavaFX window packaged the same way, installer/floor/), each with and
# without its start-up cache (AOT cache on Java 25, AppCDS archive before), for one or more builds (such
# as one from JDK 17 and one from JDK 25). One run alternates all the starts N times (default 5), after
# one warm-up round that is not counted, and prints median and range of each, the ratios Holdfast/floor
# per build and each build against the first, and the machine's load (/proc/loadavg) before and after.
# Also the CPU time (user + system) the process had used when its window showed, which is less sensitive
# to other work on the machine than the wall time, and its resident memory (VmRSS) at that moment.
# (/proc/loadavg lags by a minute and counts these starts too; the busy figure is a 3 s sample.)
#
#   bash installer/build.sh app-image && bash installer/floor/build.sh && bash installer/measure-start.sh 5
#   # JDK 17 against JDK 25 (installer/README.md): two builds side by side
#   HOLDFAST_IMAGES="target/installer-17/holdfast target/installer/holdfast" \
#       FLOOR_IMAGES="target/floor-17/holdfast-floor target/floor/holdfast-floor" bash installer/measure-start.sh 9
#
# "Without" means the cache file moved away: the launcher then starts with no class sharing at all (not
# even the runtime's base archive). The window is looked for every 10 ms (plus the few ms xdotool takes to
# start). HOLDFAST_IMAGES / FLOOR_IMAGES: Holdfast app-images and their floors, as many floors as
# app-images, in the same order (HOLDFAST_IMAGE / FLOOR_IMAGE, one each, are still read);
# HOLDFAST_MEASURE_HEAP=<a JDK's bin/jcmd> also prints the heap in use after a full collection, taken after
# the window showed (outside the timing; for compact object headers); HOLDFAST_MEASURE_WARMUP=0 skips the
# warm-up round; HOLDFAST_MEASURE_NICE=-10 runs everything at that
# nice value (root), for a machine that other builds share. Needs Xvfb and xdotool.
set -euo pipefail
cd "$(dirname "$0")/.."
. installer/jdk.sh
runs=${1:-5}
warmup=${HOLDFAST_MEASURE_WARMUP:-1}
read -r -a holdfasts <<< "${HOLDFAST_IMAGES:-${HOLDFAST_IMAGE:-target/installer/holdfast}}"
read -r -a floors <<< "${FLOOR_IMAGES:-${FLOOR_IMAGE:-target/floor/holdfast-floor}}"
[ "${#holdfasts[@]}" = "${#floors[@]}" ] || { echo "as many FLOOR_IMAGES as HOLDFAST_IMAGES, please" >&2; exit 1; }

# cache_of <app-image> <launcher name>: the start-up cache file the launcher's .cfg names
cache_of() {
    local cfg="$1/lib/app/$2.cfg"
    if grep -q '^java-options=-XX:AOTCache=' "$cfg"; then echo "$1/lib/app/$2.aot"
    elif grep -q '^java-options=-XX:SharedArchiveFile=' "$cfg"; then echo "$1/lib/app/$2.jsa"
    fi
}
# describe <app-image> <launcher name>: "Java 25, AOT cache, compact headers"
describe() {
    local cfg="$1/lib/app/$2.cfg" text
    text="Java $(jdk_feature "$1/lib/runtime")"
    case "$(cache_of "$1" "$2")" in
        *.aot) text+=", AOT cache" ;;
        *.jsa) text+=", AppCDS" ;;
    esac
    grep -q '^java-options=-XX:+UseCompactObjectHeaders$' "$cfg" && text+=", compact headers"
    echo "$text"
}
launchers=() titles=() caches=() labels=() builds=()
for i in "${!holdfasts[@]}"; do
    for pair in "${holdfasts[i]} holdfast Holdfast" "${floors[i]} holdfast-floor Holdfast start-up floor"; do
        read -r image name title <<< "$pair"
        cache=$(cache_of "$image" "$name")
        [ -n "$cache" ] && [ -s "$cache" ] \
            || { echo "no start-up cache in $image: build it with installer/build.sh app-image and installer/floor/build.sh" >&2; exit 1; }
        kind=$([ "$name" = holdfast ] && echo Holdfast || echo floor)
        for off in "" off; do
            launchers+=("$image/bin/$name"); titles+=("$title"); caches+=("$cache${off:+ off}")
            labels+=("$kind, $( [ -z "$off" ] && echo with || echo without) cache")
            builds+=("$i")
        done
    done
    echo "build $((i + 1)): $(describe "${holdfasts[i]}" holdfast) ($(readlink -f "${holdfasts[i]}" | sed "s|^$PWD/||"), floor ${floors[i]})"
done

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
    local entry
    for entry in "${caches[@]}"; do
        entry=${entry% off}
        [ -e "$entry.off" ] && mv "$entry.off" "$entry"
    done
    rm -rf "$config" "$config.out"
}
trap restore EXIT
sleep 0.5
ticks=$(getconf CLK_TCK)

# start_once <launcher> <window title> <cache file[ off]>: prints "wall-ms cpu-ms rss-kB heap-kB"; with " off",
# the cache is moved away for this start.
start_once() {
    local launcher=$1 title=$2 cache=${3% off} off= begin end pid cpu stat rss
    [ "$3" != "$cache" ] && off=1
    [ -n "$off" ] && mv "$cache" "$cache.off"
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
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
    cpu=$(( (stat[11] + stat[12]) * 1000 / ticks ))
    heap=
    if [ -n "${HOLDFAST_MEASURE_HEAP:-}" ]; then
        # after the timing: a full collection, then what the heap still holds (G1's "used", in kB)
        "$HOLDFAST_MEASURE_HEAP" "$pid" GC.run >/dev/null 2>&1 || true
        heap=$("$HOLDFAST_MEASURE_HEAP" "$pid" GC.heap_info 2>/dev/null | awk '/garbage-first heap/ {
            for (i = 1; i <= NF; i++) if ($i == "used") { sub(/K.*/, "", $(i + 1)); print $(i + 1) } }')
    fi
    kill "$pid"; wait "$pid" 2>/dev/null || true
    [ -n "$off" ] && mv "$cache.off" "$cache"
    begin=${begin/./}; end=${end/./}
    echo "$(( (10#$end - 10#$begin) / 1000 )) $cpu $rss ${heap:-0}"
}

round() {
    local i
    for i in "${!launchers[@]}"; do
        start_once "${launchers[i]}" "${titles[i]}" "${caches[i]}"
    done
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
declare -a wall=() cpu=() rss=() heap=()
for _ in $(seq "$runs"); do
    results=$(round)   # a failed start ends the script here
    i=0
    while read -r w c r h; do
        wall[i]+="$w "; cpu[i]+="$c "; rss[i]+="$((r / 1024)) "; heap[i]+="$h "
        i=$((i + 1))
    done <<< "$results"
done
echo "load after:  $(cat /proc/loadavg); machine busy over 3 s after: $(busy)"

median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
stats() { printf '%s\n' $1 | sort -n | awk -v u="$2" '{a[NR]=$1} END {printf "%5d %s [%d-%d]", a[int((NR+1)/2)], u, a[1], a[NR]}'; }
echo "$runs runs each (median [range]); wall = process start to window shown, cpu = user+system at that moment, rss = resident memory then"
for i in "${!launchers[@]}"; do
    printf 'build %d, %-24s wall %s   cpu %s   rss %s   (wall: %s)\n' "$((builds[i] + 1))" "${labels[i]}:" \
        "$(stats "${wall[i]}" ms)" "$(stats "${cpu[i]}" ms)" "$(stats "${rss[i]}" MB)" "${wall[i]% }"
    [ -n "${HOLDFAST_MEASURE_HEAP:-}" ] && printf '%33s heap after a full collection %s\n' "" "$(stats "${heap[i]}" kB)"
done
# the starts of build b are at 4b (Holdfast with), 4b+1 (Holdfast without), 4b+2 (floor with), 4b+3 (floor without)
ratio() { awk -v a="$(median "$1")" -v b="$(median "$2")" 'BEGIN {printf "%.2f", a / b}'; }
for b in "${!holdfasts[@]}"; do
    k=$((4 * b))
    echo "build $((b + 1)) ($(describe "${holdfasts[b]}" holdfast)):"
    printf '  Holdfast / floor, with cache:    wall %s   cpu %s   rss %s\n' "$(ratio "${wall[k]}" "${wall[k + 2]}")" \
        "$(ratio "${cpu[k]}" "${cpu[k + 2]}")" "$(ratio "${rss[k]}" "${rss[k + 2]}")"
    printf '  Holdfast / floor, without cache: wall %s   cpu %s   rss %s\n' "$(ratio "${wall[k + 1]}" "${wall[k + 3]}")" \
        "$(ratio "${cpu[k + 1]}" "${cpu[k + 3]}")" "$(ratio "${rss[k + 1]}" "${rss[k + 3]}")"
    printf '  with / without cache:            Holdfast %s   floor %s (wall)\n' "$(ratio "${wall[k]}" "${wall[k + 1]}")" \
        "$(ratio "${wall[k + 2]}" "${wall[k + 3]}")"
    if [ "$b" -gt 0 ]; then
        printf '  against build 1, with cache:     Holdfast wall %s cpu %s rss %s   floor wall %s cpu %s rss %s\n' \
            "$(ratio "${wall[k]}" "${wall[0]}")" "$(ratio "${cpu[k]}" "${cpu[0]}")" "$(ratio "${rss[k]}" "${rss[0]}")" \
            "$(ratio "${wall[k + 2]}" "${wall[2]}")" "$(ratio "${cpu[k + 2]}" "${cpu[2]}")" "$(ratio "${rss[k + 2]}" "${rss[2]}")"
        printf '  Holdfast with cache / build 1 floor with cache: wall %s   cpu %s\n' \
            "$(ratio "${wall[k]}" "${wall[2]}")" "$(ratio "${cpu[k]}" "${cpu[2]}")"
    fi
done
