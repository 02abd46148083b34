# The packaged app's JVM options, sourced by build.sh and by floor/build.sh (the start-up floor runs with
# the same ones). The G1 ones let the app give memory back to the OS (BENCHMARKS.md, "Memory per idle
# tab"): after a collection the heap keeps at most 30 % free (G1's default keeps up to 70 %), and after a
# minute without any collection (an idle app) a full one runs, which compacts and shrinks the heap; G1's
# default concurrent periodic cycle did not free the closed tabs' objects within 4 minutes in that benchmark.
java_options=(-Xss2m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30
    -XX:G1PeriodicGCInterval=60000 -XX:-G1PeriodicGCInvokesConcurrent)

# java_options_for <feature release of the bundled runtime>: adds the options only newer runtimes take.
# Java 24 and newer warn on the terminal at each start that JavaFX, from the class path, loads native
# libraries (JEP 472) and uses sun.misc.Unsafe's memory access (JEP 498, Marlin's off-heap arrays): both
# allowed, as on 17. Java 25: compact object headers (JEP 519, 8-byte instead of 12-byte object headers;
# BENCHMARKS.md, "Start-up") unless HOLDFAST_COMPACT_HEADERS=0.
java_options_for() {
    if [ "${1:-0}" -ge 24 ]; then
        java_options+=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
    fi
    if [ "${1:-0}" -ge 25 ] && [ "${HOLDFAST_COMPACT_HEADERS:-1}" != 0 ]; then
        java_options+=(-XX:+UseCompactObjectHeaders)
    fi
}
