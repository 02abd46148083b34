package dev.holdfast.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.keepalive.KeepaliveEngine;
import dev.holdfast.keepalive.KeepaliveEvents;
import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.keepalive.KeepalivePolicy;
import dev.holdfast.keepalive.KeepaliveTransport;
import dev.holdfast.session.AuthMethod;
import dev.holdfast.ssh.ConnectSpec;
import dev.holdfast.ssh.HostKey;
import dev.holdfast.ssh.KnownHosts;
import dev.holdfast.ssh.SecretCache;
import dev.holdfast.ssh.SshConnection;
import dev.holdfast.ssh.SshConnector;
import dev.holdfast.testing.NatProxy;
import dev.holdfast.testing.ScriptedInteraction;
import dev.holdfast.testing.TestConnectors;
import dev.holdfast.testing.TestSshServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Benchmark, not a test: 200 real SSH connections (SSHJ, to an in-process MINA SSHD) through one
 * {@link NatProxy}, watched by one {@link KeepaliveEngine#start() KeepaliveEngine} with probes every second.
 * After a few healthy seconds the proxy blackholes every flow (bytes vanish, no RST), so every server goes
 * silent at once and stays silent until each connection is declared dead. Prints how many keepalive
 * threads (named {@code holdfast-keepalive*}) were alive during the silence, how late the unanswered probes
 * went out, and how late the dead verdicts came against Interval x (CountMax + 1) after each connection's
 * last inbound byte. It asserts only that the set-up worked. Run it with:
 *
 * <pre>
 * mvn -B verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=KeepaliveSilenceBenchmark
 * </pre>
 *
 * <p>Options: {@code holdfast.bench.connections} (200), {@code holdfast.bench.countMax} (10: probes at +1 ... +10 s
 * of silence, dead at +11 s, so the silence is long enough to count threads in), {@code holdfast.bench.attach}
 * ({@code spread}, default: monitors attached evenly over one second; {@code burst}: all at once).
 *
 * <p><b>Lateness.</b> Each connection's transport is wrapped. The engine's rule is due = last inbound byte +
 * k x Interval for the k-th probe since that byte, so the wrapper counts the probes since the delegate's
 * {@code lastInboundNanos()} last moved; lateness = when {@code sendProbe} starts on the sender pool − due.
 */
class KeepaliveSilenceBenchmark {
    private static final int CONNECTIONS = Integer.getInteger("holdfast.bench.connections", 200);
    private static final int COUNT_MAX = Integer.getInteger("holdfast.bench.countMax", 10);
    private static final int PARALLEL_CONNECTS = 16;
    private static final long INTERVAL = TimeUnit.SECONDS.toNanos(1);
    private static final Duration HEALTHY = Duration.ofSeconds(4);
    private static final double GOAL_P99_MS = 50.0;
    private static final int GOAL_THREADS = 4;
    private static final String KEEPALIVE_PREFIX = "holdfast-keepalive";

    @TempDir
    Path dir;

    @Test
    void twoHundredSilentServers() throws Exception {
        if (LoggerFactory.getLogger("dev.holdfast") instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.WARN); // 200 x (connect + dead) INFO lines
        }
        boolean burst = "burst".equalsIgnoreCase(System.getProperty("holdfast.bench.attach", "spread"));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<SshConnection> connections = Collections.synchronizedList(new ArrayList<>());
        ExecutorService connectPool = Executors.newFixedThreadPool(PARALLEL_CONNECTS, named("bench-connect-"));
        KeepaliveEngine engine = null;
        TestSshServer server = new TestSshServer();
        NatProxy nat = new NatProxy(server.port());
        try {
            KnownHosts knownHosts = new KnownHosts(List.of(), dir.resolve("known_hosts"));
            knownHosts.accept("127.0.0.1", nat.port(), new HostKey(server.hostKeyType(), server.hostKeyBlob()));
            ConnectSpec spec = new ConnectSpec("bench", "127.0.0.1", nat.port(), TestSshServer.USER,
                    AuthMethod.PASSWORD, Optional.empty(), Duration.ofSeconds(60), "xterm-256color");
            SshConnector connector = TestConnectors.connector(knownHosts, new SecretCache());
            List<Future<SshConnection>> pending = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                pending.add(connectPool.submit(() -> connector.attempt(spec,
                        new ScriptedInteraction().secret(TestSshServer.PASSWORD, false), 80, 24).run()));
            }
            String firstFailure = null;
            for (Future<SshConnection> future : pending) {
                try {
                    connections.add(future.get(5, TimeUnit.MINUTES));
                } catch (ExecutionException | TimeoutException e) {
                    firstFailure = firstFailure != null ? firstFailure : String.valueOf(e.getCause());
                }
            }
            assertEquals(CONNECTIONS, connections.size(), "every connection up; first failure: " + firstFailure);
            int threadsBefore = keepaliveThreads(threads);

            engine = KeepaliveEngine.start();
            KeepalivePolicy policy = new KeepalivePolicy(KeepaliveMode.PROBE, Duration.ofNanos(INTERVAL), COUNT_MAX);
            Recorder recorder = new Recorder();
            List<Watched> watched = new ArrayList<>();
            long attachStart = System.nanoTime();
            for (int i = 0; i < CONNECTIONS; i++) {
                if (!burst) {
                    long at = attachStart + INTERVAL * i / CONNECTIONS;
                    while (System.nanoTime() < at) {
                        LockSupport.parkNanos(at - System.nanoTime());
                    }
                }
                CountingTransport transport = new CountingTransport(connections.get(i).keepaliveTransport(), recorder);
                Deaths deaths = new Deaths(transport);
                watched.add(new Watched(transport, deaths, engine.monitor(transport, policy, deaths)));
            }
            Thread.sleep(HEALTHY.toMillis()); // pacing: healthy probes, answered, before the silence
            long healthyProbes = watched.stream().mapToLong(w -> w.monitor.snapshot().repliesReceived()).sum();
            int threadsHealthy = keepaliveThreads(threads);

            // The silence: every flow blackholed at once.
            long cpuBefore = keepaliveCpu(threads);
            long processCpuBefore = os.getProcessCpuTime();
            long blackhole = System.nanoTime();
            recorder.silentFrom = blackhole;
            nat.setBlackhole(true);
            long limit = blackhole + (COUNT_MAX + 1L) * INTERVAL + TimeUnit.SECONDS.toNanos(20);
            List<Integer> samples = new ArrayList<>();
            double busy = 0;
            int busySamples = 0;
            long firstDeath = Long.MAX_VALUE;
            while (System.nanoTime() < limit && watched.stream().anyMatch(w -> w.deaths.at == 0)) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                long now = System.nanoTime();
                boolean anyDead = watched.stream().anyMatch(w -> w.deaths.at != 0);
                if (now - blackhole > INTERVAL + INTERVAL / 10 && !anyDead) {
                    samples.add(keepaliveThreads(threads)); // every server silent, none declared dead yet
                    double load = os.getCpuLoad();
                    if (load >= 0) {
                        busy += load;
                        busySamples++;
                    }
                }
                if (anyDead && firstDeath == Long.MAX_VALUE) {
                    firstDeath = now;
                }
            }
            long silenceNanos = Math.min(firstDeath, System.nanoTime()) - blackhole;
            long cpuSilence = keepaliveCpu(threads) - cpuBefore;
            long processCpu = os.getProcessCpuTime() - processCpuBefore;
            long dead = watched.stream().filter(w -> w.deaths.at != 0).count();
            long[] verdictLate = watched.stream().filter(w -> w.deaths.at != 0)
                    .mapToLong(w -> w.deaths.at - (w.deaths.lastInbound + (COUNT_MAX + 1L) * INTERVAL)).sorted().toArray();
            long[] probeLate = recorder.silentLateness.toSortedArray();
            long[] healthyLate = recorder.healthyLateness.toSortedArray();
            int[] sorted = samples.stream().mapToInt(Integer::intValue).sorted().toArray();
            int peak = sorted.length == 0 ? 0 : sorted[sorted.length - 1];
            int median = sorted.length == 0 ? 0 : sorted[sorted.length / 2];

            System.out.printf("%n=== Keepalive with %d silent servers: PROBE every 1 s, CountMax %d, one engine, %s attach ===%n",
                    CONNECTIONS, COUNT_MAX, burst ? "burst" : "spread");
            System.out.printf("machine: %d CPUs, %s %s; whole machine %.0f %% busy during the silence, load average %.2f%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                    System.getProperty("java.runtime.version"), busySamples == 0 ? Double.NaN : busy / busySamples * 100,
                    os.getSystemLoadAverage());
            System.out.printf("keepalive threads (%s*): before the engine %d, healthy %d; during the silence"
                    + " (%d samples every 100 ms) median %d, peak %d (goal <= %d)%n", KEEPALIVE_PREFIX, threadsBefore,
                    threadsHealthy, sorted.length, median, peak, GOAL_THREADS);
            System.out.printf("healthy probes answered before the silence: %d%n", healthyProbes);
            System.out.printf("%-44s %8s %8s %8s %8s %8s %6s%n", "lateness, ms", "p50", "p90", "p99", "max", "min", "n");
            row("unanswered probes during the silence", probeLate);
            row("probes before the silence", healthyLate);
            row("dead verdict - (last in + (CountMax+1) s)", verdictLate);
            System.out.printf("declared dead: %d of %d; silence until the first verdict %.1f s; keepalive threads' CPU"
                            + " in the silence %.1f ms (%.3f %% of a core), process %.1f %%%n", dead, CONNECTIONS,
                    silenceNanos / 1e9, cpuSilence / 1e6, cpuSilence / (silenceNanos / 1e9) / 1e7,
                    processCpu / (silenceNanos / 1e9) / 1e7);
            System.out.printf("SUMMARY | %s | keepalive threads in the silence median %d peak %d (goal <= %d) | probe"
                            + " lateness p50 %.3f p99 %.3f max %.3f ms (goal p99 < %.0f) | verdict lateness p50 %.3f p99"
                            + " %.3f max %.3f ms | dead %d/%d%n%n", burst ? "burst" : "spread", median, peak, GOAL_THREADS,
                    ms(probeLate, 50), ms(probeLate, 99), ms(probeLate, 100), GOAL_P99_MS, ms(verdictLate, 50),
                    ms(verdictLate, 99), ms(verdictLate, 100), dead, CONNECTIONS);

            assertTrue(healthyProbes > 0, "probes answered before the silence");
            assertTrue(probeLate.length > 0, "unanswered probes during the silence");
            assertEquals(CONNECTIONS, dead, "every silent connection declared dead");
        } finally {
            if (engine != null) {
                engine.close();
            }
            List<Future<?>> closing = new ArrayList<>();
            for (SshConnection connection : connections) {
                closing.add(connectPool.submit(connection::close));
            }
            for (Future<?> future : closing) {
                try {
                    future.get(60, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    System.out.println("closing a connection: " + e);
                }
            }
            connectPool.shutdownNow();
            nat.close();
            server.close();
        }
    }

    private record Watched(CountingTransport transport, Deaths deaths, KeepaliveEngine.Monitor monitor) {
    }

    private static void row(String label, long[] sorted) {
        System.out.printf("%-44s %8.3f %8.3f %8.3f %8.3f %8.3f %6d%n", label, ms(sorted, 50), ms(sorted, 90),
                ms(sorted, 99), ms(sorted, 100), sorted.length == 0 ? 0 : sorted[0] / 1e6, sorted.length);
    }

    /** Nearest-rank percentile in ms. */
    private static double ms(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] / 1e6;
    }

    private static int keepaliveThreads(ThreadMXBean threads) {
        int count = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
            if (info != null && info.getThreadName().startsWith(KEEPALIVE_PREFIX)) {
                count++;
            }
        }
        return count;
    }

    /** CPU of the live keepalive threads (exited ones are lost: an under-count for the old cached pool). */
    private static long keepaliveCpu(ThreadMXBean threads) {
        long sum = 0;
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids, 0);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null && infos[i].getThreadName().startsWith(KEEPALIVE_PREFIX)) {
                sum += Math.max(0, threads.getThreadCpuTime(ids[i]));
            }
        }
        return sum;
    }

    private static final class Recorder {
        final LongList silentLateness = new LongList();
        final LongList healthyLateness = new LongList();
        volatile long silentFrom = Long.MAX_VALUE;
    }

    /** A growable list of longs, safe from several threads. */
    private static final class LongList {
        private long[] values = new long[4096];
        private int size;

        synchronized void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        synchronized long[] toSortedArray() {
            long[] copy = Arrays.copyOf(values, size);
            Arrays.sort(copy);
            return copy;
        }
    }

    /** Delegates everything; notes each probe's due time (last inbound + k x Interval) and when it went out. */
    private static final class CountingTransport implements KeepaliveTransport {
        private final KeepaliveTransport delegate;
        private final Recorder recorder;
        private final long attachedAt = System.nanoTime();
        private long countedFrom = Long.MIN_VALUE;
        private int sinceInbound;

        CountingTransport(KeepaliveTransport delegate, Recorder recorder) {
            this.delegate = delegate;
            this.recorder = recorder;
        }

        @Override
        public long lastInboundNanos() {
            return delegate.lastInboundNanos();
        }

        @Override
        public long bytesIn() {
            return delegate.bytesIn();
        }

        @Override
        public long bytesOut() {
            return delegate.bytesOut();
        }

        @Override
        public boolean readyForKeepalive() {
            return delegate.readyForKeepalive();
        }

        @Override
        public void sendProbe(LongConsumer onReply) throws IOException {
            long entered = System.nanoTime();
            long base = Math.max(delegate.lastInboundNanos(), attachedAt);
            synchronized (this) {
                if (base != countedFrom) {
                    countedFrom = base;
                    sinceInbound = 0;
                }
                sinceInbound++;
                long late = entered - (base + sinceInbound * INTERVAL);
                (base < recorder.silentFrom && entered > recorder.silentFrom ? recorder.silentLateness
                        : recorder.healthyLateness).add(late);
            }
            delegate.sendProbe(onReply);
        }

        @Override
        public void sendNullPacket() throws IOException {
            delegate.sendNullPacket();
        }
    }

    /** Notes when the connection was declared dead, and its last inbound byte then. */
    private static final class Deaths implements KeepaliveEvents {
        private final KeepaliveTransport transport;
        volatile long at;
        volatile long lastInbound;

        Deaths(KeepaliveTransport transport) {
            this.transport = transport;
        }

        @Override
        public void event(String message) {
        }

        @Override
        public void dead(String cause) {
            long now = System.nanoTime();
            lastInbound = transport.lastInboundNanos();
            at = now;
        }
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, prefix + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
