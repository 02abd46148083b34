# The packaged app's JVM options, sourced by build.sh and by floor/build.sh (the start-up floor runs with
# the same ones). The G1 ones let the app give memory back to the OS (BENCHMARKS.md, "Memory per idle
# tab"): after a collection the heap keeps at most 30 % free (G1's default keeps up to 70 %), and after a
# minute without any collection (an idle app) a full one runs, which compacts and shrinks the heap; G1's
# default concurrent periodic cycle did not free the closed tabs' objects within 4 minutes in that benchmark.
java_options=(-Xss2m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30
    -XX:G1PeriodicGCInterval=60000 -XX:-G1PeriodicGCInvokesConcurrent)
