package dev.holdfast.bench;

import dev.holdfast.testing.TestConnectors;
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
import dev.holdfast.testing.ScriptedInteraction;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Benchmark, not a test: 200 real SSH connections to an in-process MINA SSHD server, all watched by one
 * {@link KeepaliveEngine#start() KeepaliveEngine} sending {@code keepalive@openssh.com} probes every second.
 * Prints the threads keepalive uses, the CPU it costs and how late probes go out against their due time.
 * It asserts only that the set-up worked (every connection up, probes sent and answered); the figures are
 * for reading, not for pass/fail. Failsafe and Surefire skip it by default (the class name ends in
 * "Benchmark"); run it with the command in BENCHMARKS.md:
 *
 * <pre>
 * mvn -B verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=KeepaliveLatenessBenchmark
 * </pre>
 *
 * <p>(Leave out {@code -Dfailsafe.failIfNoSpecifiedTests=false}: without it the build fails, instead of
 * passing silently, when the benchmark did not run.)
 *
 * <p>Options (system properties, passed through by {@code mvn -D...}): {@code holdfast.bench.connections}
 * (default 200), {@code holdfast.bench.seconds} (measurement window, default 20) and
 * {@code holdfast.bench.attach}: {@code spread} (default: monitors are attached evenly over one interval,
 * so probes are spread over the second, as when sessions are opened at different times) or {@code burst}
 * (all attached at once, so all 200 probes fall due in the same instant every second: the worst case).
 *
 * <p><b>How lateness is measured, without touching the engine.</b> The engine sends a probe when nothing has
 * come from the server for Interval: due = max(last inbound byte, last probe) + Interval (the last inbound
 * byte being at least the time the monitor was attached). Each connection's transport is wrapped. The engine
 * asks {@link KeepaliveTransport#readyForKeepalive()} only once a probe is due, right before it sends, so the
 * wrapper takes that moment as the engine's decision and computes the due time there from the delegate's
 * {@code lastInboundNanos()} (normally the arrival of the previous probe's reply), the attach time and the
 * previous decision (the engine's "last probe", which decides when a probe went unanswered). When
 * {@link KeepaliveTransport#sendProbe} then runs on a sender-pool thread, lateness = now - due: the
 * scheduler's delay plus the hand-over to the pool, which is what a server on the other end sees. The
 * decision and dispatch parts are reported separately as well.
 */
class KeepaliveLatenessBenchmark {
    private static final int CONNECTIONS = Integer.getInteger("holdfast.bench.connections", 200);
    private static final int PARALLEL_CONNECTS = 16;
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final int COUNT_MAX = 3;
    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final Duration BASELINE = Duration.ofSeconds(5);
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("holdfast.bench.seconds", 20));
    private static final double GOAL_P99_MS = 50.0;
    private static final int GOAL_SCHEDULER_THREADS = 1;
    private static final String SCHEDULER_NAME = "holdfast-keepalive";
    private static final String SENDER_PREFIX = "holdfast-keepalive-send-";

    @TempDir
    Path dir;

    @Test
    void twoHundredConnectionsProbedEverySecondByOneEngine() throws Exception {
        quietConnectionLogs();
        boolean burst = "burst".equalsIgnoreCase(System.getProperty("holdfast.bench.attach", "spread"));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        List<SshConnection> connections = Collections.synchronizedList(new ArrayList<>());
        ExecutorService connectPool = Executors.newFixedThreadPool(PARALLEL_CONNECTS, named("bench-connect-"));
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(named("bench-sampler-"));
        KeepaliveEngine engine = null;
        TestSshServer server = new TestSshServer();
        try {
            KnownHosts knownHosts = new KnownHosts(List.of(), dir.resolve("known_hosts"));
            knownHosts.accept("127.0.0.1", server.port(), new HostKey(server.hostKeyType(), server.hostKeyBlob()));
            ConnectSpec spec = new ConnectSpec("bench", "127.0.0.1", server.port(), TestSshServer.USER,
                    AuthMethod.PASSWORD, Optional.empty(), Duration.ofSeconds(60), "xterm-256color");
            SshConnector connector = TestConnectors.connector(knownHosts, new SecretCache());

            // 1. Connect, 16 at a time.
            long connectStart = System.nanoTime();
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
                    firstFailure = firstFailure != null ? firstFailure
                            : String.valueOf(e.getCause() != null ? e.getCause() : e);
                }
            }
            double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
            assertEquals(CONNECTIONS, connections.size(), "every connection up; first failure: " + firstFailure);

            // 2. Baseline: the same process and connections, idle, without keepalives.
            sleep(SETTLE);
            long baselineStart = System.nanoTime();
            long baselineCpuStart = os.getProcessCpuTime();
            sleep(BASELINE);
            double baselineCpuPerSecond = (os.getProcessCpuTime() - baselineCpuStart)
                    / ((System.nanoTime() - baselineStart) / 1e9);

            // 3. One engine watches them all, each through a measuring wrapper.
            engine = KeepaliveEngine.start();
            KeepalivePolicy policy = new KeepalivePolicy(KeepaliveMode.PROBE, INTERVAL, COUNT_MAX);
            Window window = new Window();
            Recorder recorder = new Recorder();
            Events events = new Events();
            List<KeepaliveEngine.Monitor> monitors = new ArrayList<>();
            ThreadCounts counts = new ThreadCounts();
            MachineLoad load = new MachineLoad();
            sampler.scheduleAtFixedRate(() -> {
                counts.sample(threads);
                load.sample(os, window);
            }, 0, 250, TimeUnit.MILLISECONDS);
            long attachStart = System.nanoTime();
            for (int i = 0; i < CONNECTIONS; i++) {
                if (!burst) {
                    long at = attachStart + INTERVAL.toNanos() * i / CONNECTIONS;
                    while (System.nanoTime() < at) {
                        LockSupport.parkNanos(at - System.nanoTime());
                    }
                }
                TimedTransport transport = new TimedTransport(connections.get(i).keepaliveTransport(), window,
                        recorder, INTERVAL.toNanos());
                monitors.add(engine.monitor(transport, policy, events));
            }

            // 4. Warm up, then measure.
            sleep(WARM_UP);
            Map<Long, ThreadCpu> cpuBefore = threadCpu(threads);
            long cpuStart = os.getProcessCpuTime();
            long windowStart = System.nanoTime();
            window.open(windowStart, windowStart + MEASURE.toNanos());
            long windowEnd = windowStart + MEASURE.toNanos();
            while (System.nanoTime() < windowEnd) {
                LockSupport.parkNanos(windowEnd - System.nanoTime());
            }
            long cpuEnd = os.getProcessCpuTime();
            double loadAverage = os.getSystemLoadAverage();
            long wallNanos = System.nanoTime() - windowStart;
            Map<Long, ThreadCpu> cpuAfter = threadCpu(threads);
            counts.sample(threads);
            int liveScheduler = counts.lastScheduler;
            int liveSenders = counts.lastSenders;
            sleep(Duration.ofMillis(1500)); // replies to the window's last probes
            sampler.shutdownNow();

            long probesSent = monitors.stream().mapToLong(m -> m.snapshot().probesSent()).sum();
            long repliesReceived = monitors.stream().mapToLong(m -> m.snapshot().repliesReceived()).sum();

            report(new Results(burst, connectSeconds, wallNanos, baselineCpuPerSecond, cpuEnd - cpuStart,
                    cpuBefore, cpuAfter, liveScheduler, liveSenders, counts, recorder, events, probesSent,
                    repliesReceived, load.average(), loadAverage));

            // Sanity only: the set-up worked. The figures above are the result.
            assertTrue(recorder.probes.get() > 0, "probes were sent in the window");
            assertTrue(recorder.replies.get() > 0, "probes were answered in the window");
            assertEquals(0, recorder.unmatched.get(), "every probe followed a decision the wrapper saw");
            assertTrue(repliesReceived >= probesSent - CONNECTIONS,
                    "probes answered: " + repliesReceived + " of " + probesSent);
            assertEquals(0, events.dead.get(), "no connection declared dead: " + events.firstDead.get());
        } finally {
            sampler.shutdownNow();
            if (engine != null) {
                engine.close();
            }
            List<Future<?>> closing = new ArrayList<>();
            for (SshConnection connection : connections) {
                closing.add(connectPool.submit(connection::close));
            }
            for (Future<?> future : closing) {
                try {
                    future.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    System.out.println("closing a connection: " + e);
                }
            }
            connectPool.shutdownNow();
            server.close(); // after the clients, so they do not see the server vanish
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Report

    private record Results(boolean burst, double connectSeconds, long wallNanos, double baselineCpuPerSecond,
                           long processCpu, Map<Long, ThreadCpu> cpuBefore, Map<Long, ThreadCpu> cpuAfter,
                           int liveScheduler, int liveSenders, ThreadCounts counts, Recorder recorder,
                           Events events, long probesSent, long repliesReceived, double machineBusy,
                           double loadAverage) {
    }

    private static void report(Results r) {
        int cpus = Runtime.getRuntime().availableProcessors();
        double wall = r.wallNanos / 1e9;
        long[] late = r.recorder.sendLateness.toSortedArray();
        long[] decided = r.recorder.decisionLateness.toSortedArray();
        long[] dispatch = r.recorder.dispatch.toSortedArray();
        long[] rtt = r.recorder.rtt.toSortedArray();
        double p99 = percentile(late, 99) / 1e6;

        PrintfOut out = new PrintfOut();
        out.line("");
        out.line("=== Keepalive lateness: %d connections, PROBE every %d s (CountMax %d), one KeepaliveEngine ===",
                CONNECTIONS, INTERVAL.toSeconds(), COUNT_MAX);
        out.line("machine: %d CPUs, %s %s (%s), %s %s %s", cpus, System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), System.getProperty("java.vm.vendor"),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"));
        out.line("set-up: %d connections in %.1f s (%d at a time); monitors attached %s; warm-up %d s; "
                        + "window %.1f s", CONNECTIONS, r.connectSeconds, PARALLEL_CONNECTS,
                r.burst ? "all at once (burst: every probe due in the same instant)" : "spread evenly over one interval",
                WARM_UP.toSeconds(), wall);
        out.line("machine load: whole machine %.0f %% busy during the window (all processes, all CPUs); "
                + "load average %.2f at its end", r.machineBusy * 100, r.loadAverage);
        out.line("");

        out.line("%-52s %10s %8s %8s", "Threads", "value", "goal", "ratio");
        out.line("%-52s %10d %8d %8.2f", "  keepalive scheduler threads (holdfast-keepalive)", r.liveScheduler,
                GOAL_SCHEDULER_THREADS, (double) r.liveScheduler / GOAL_SCHEDULER_THREADS);
        out.line("%-52s %10d", "  keepalive sender threads live at end of window", r.liveSenders);
        out.line("%-52s %10d", "  keepalive sender threads, peak live (250 ms samples)", r.counts.peakSenders);
        out.line("%-52s %10d", "  keepalive sender threads ever created (highest N)", r.counts.highestSender);
        out.line("%-52s %10d", "  all holdfast-keepalive* threads, peak live", r.counts.peakAll);
        out.line("%-52s %10d", "  all live Java threads in the process, peak", r.counts.peakProcess);
        out.line("");

        out.line("%-44s %8s %8s %8s %8s %8s %8s", "Probe timing (ms)", "p50", "p90", "p99", "p99.9", "max", "min");
        row(out, "  lateness at send = sendProbe - due", late);
        row(out, "    of which: decision (scheduler) - due", decided);
        row(out, "    of which: dispatch, sendProbe - decision", dispatch);
        row(out, "  probe round trip (engine's RTT)", rtt);
        out.line("  probes in window: %d (%.1f/s, expected about %.1f/s); answered: %d; not matched to a "
                        + "decision: %d; inbound between decision and send: %d", r.recorder.probes.get(),
                r.recorder.probes.get() / wall, CONNECTIONS / (INTERVAL.toNanos() / 1e9), r.recorder.replies.get(),
                r.recorder.unmatched.get(), r.recorder.inboundMoved.get());
        out.line("  scheduler ticks in window: %d (%.2f per probe)", r.recorder.ticks.get(),
                r.recorder.ticks.get() / (double) Math.max(1, r.recorder.probes.get()));
        out.line("  p99 lateness / goal: %.3f ms / %.0f ms = %.3f -> %s", p99, GOAL_P99_MS, p99 / GOAL_P99_MS,
                p99 < GOAL_P99_MS ? "goal met" : "GOAL NOT MET");
        out.line("");

        double processPerSecond = r.processCpu / wall;
        out.line("CPU in the window (%% of one core; machine has %d)", cpus);
        out.line("  %-50s %8.2f %%", "whole process (client + in-process server + harness)",
                processPerSecond / 1e7);
        out.line("  %-50s %8.2f %%", "whole process, idle baseline without keepalives", r.baselineCpuPerSecond / 1e7);
        out.line("  %-50s %8.2f %%", "difference (what 200 probes/s cost end to end)",
                (processPerSecond - r.baselineCpuPerSecond) / 1e7);
        Map<String, long[]> groups = new LinkedHashMap<>();
        for (String group : List.of(GROUP_SCHEDULER, GROUP_SENDERS, GROUP_SSHJ, GROUP_SSHD, GROUP_SHELL,
                GROUP_BENCH, GROUP_OTHER)) {
            groups.put(group, new long[2]);
        }
        long attributed = 0;
        List<ThreadCpu> others = new ArrayList<>();
        for (Map.Entry<Long, ThreadCpu> e : r.cpuAfter.entrySet()) {
            ThreadCpu before = r.cpuBefore.get(e.getKey());
            long delta = e.getValue().cpu - (before == null ? 0 : before.cpu);
            String name = group(e.getValue().name);
            long[] group = groups.get(name);
            group[0] += delta;
            group[1]++;
            attributed += delta;
            if (name.equals(GROUP_OTHER)) {
                others.add(new ThreadCpu(e.getKey(), e.getValue().name, delta));
            }
        }
        others.sort((a, b) -> Long.compare(b.cpu, a.cpu));
        out.line("  per thread group (ThreadMXBean):");
        for (Map.Entry<String, long[]> e : groups.entrySet()) {
            out.line("    %-48s %8.3f %%  (%d threads, %.1f ms CPU)", e.getKey(), e.getValue()[0] / wall / 1e7,
                    e.getValue()[1], e.getValue()[0] / 1e6);
        }
        StringBuilder top = new StringBuilder();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (ThreadCpu t : others.subList(0, Math.min(3, others.size()))) {
            ThreadInfo info = threads.getThreadInfo(t.id, 1);
            String where = info == null || info.getStackTrace().length == 0 ? ""
                    : " in " + info.getStackTrace()[0].getClassName() + "." + info.getStackTrace()[0].getMethodName();
            top.append(top.length() == 0 ? "" : ", ").append(t.name).append(where)
                    .append(String.format(" %.1f ms", t.cpu / 1e6));
        }
        out.line("      (busiest other threads: %s)", top);
        out.line("    %-48s %8.3f %%", "not attributed (GC, JIT, exited threads)",
                (r.processCpu - attributed) / wall / 1e7);
        long keepaliveCpu = groups.get(GROUP_SCHEDULER)[0] + groups.get(GROUP_SENDERS)[0];
        long probes = Math.max(1, r.recorder.probes.get());
        out.line("  keepalive threads: %.1f ms CPU in %.1f s = %.3f %% of one core, %.1f us per probe",
                keepaliveCpu / 1e6, wall, keepaliveCpu / wall / 1e7, keepaliveCpu / 1e3 / probes);
        out.line("");
        out.line("engine counters (all time): probes sent %d, replies %d; events logged %d; declared dead %d",
                r.probesSent, r.repliesReceived, r.events.count.get(), r.events.dead.get());
        out.line("");
        out.line("SUMMARY | attach %s | scheduler threads %d (goal %d) | sender threads peak %d | p50 %.3f ms"
                        + " | p99 %.3f ms (goal < %.0f ms, ratio %.3f) | max %.3f ms | keepalive CPU %.3f %% of a core"
                        + " | process CPU %.1f %% (idle %.1f %%) | machine busy %.0f %%",
                r.burst ? "burst" : "spread", r.liveScheduler, GOAL_SCHEDULER_THREADS, r.counts.peakSenders,
                percentile(late, 50) / 1e6, p99, GOAL_P99_MS, p99 / GOAL_P99_MS,
                late.length == 0 ? 0 : late[late.length - 1] / 1e6, keepaliveCpu / wall / 1e7,
                processPerSecond / 1e7, r.baselineCpuPerSecond / 1e7, r.machineBusy * 100);
        out.line("");
    }

    private static void row(PrintfOut out, String label, long[] sorted) {
        if (sorted.length == 0) {
            out.line("%-44s %8s", label, "no data");
            return;
        }
        out.line("%-44s %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f", label, percentile(sorted, 50) / 1e6,
                percentile(sorted, 90) / 1e6, percentile(sorted, 99) / 1e6, percentile(sorted, 99.9) / 1e6,
                sorted[sorted.length - 1] / 1e6, sorted[0] / 1e6);
    }

    /** Nearest-rank percentile of sorted values. */
    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    private static final class PrintfOut {
        void line(String format, Object... args) {
            System.out.printf(format + "%n", args);
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Threads and CPU

    private static final String GROUP_SCHEDULER = "keepalive scheduler (holdfast-keepalive)";
    private static final String GROUP_SENDERS = "keepalive senders (holdfast-keepalive-send-N)";
    private static final String GROUP_SSHJ = "SSHJ readers (sshj-*, client side)";
    private static final String GROUP_SSHD = "MINA SSHD server (sshd-*, in-process)";
    private static final String GROUP_SHELL = "test shell pumps (test-shell-*, server side)";
    private static final String GROUP_BENCH = "benchmark harness (bench-*)";
    private static final String GROUP_OTHER = "other Java threads";

    private static String group(String name) {
        if (name.equals(SCHEDULER_NAME)) {
            return GROUP_SCHEDULER;
        }
        if (name.startsWith(SENDER_PREFIX)) {
            return GROUP_SENDERS;
        }
        if (name.startsWith("sshj-")) {
            return GROUP_SSHJ;
        }
        if (name.startsWith("sshd-")) {
            return GROUP_SSHD;
        }
        if (name.startsWith("test-shell-")) {
            return GROUP_SHELL;
        }
        if (name.startsWith("bench-")) {
            return GROUP_BENCH;
        }
        return GROUP_OTHER;
    }

    private record ThreadCpu(long id, String name, long cpu) {
    }

    private static Map<Long, ThreadCpu> threadCpu(ThreadMXBean threads) {
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids, 0);
        Map<Long, ThreadCpu> result = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            long cpu = threads.getThreadCpuTime(ids[i]);
            if (infos[i] != null && cpu >= 0) {
                result.put(ids[i], new ThreadCpu(ids[i], infos[i].getThreadName(), cpu));
            }
        }
        return result;
    }

    /** Live keepalive threads, sampled: written by the sampler thread, read after it stops. */
    private static final class ThreadCounts {
        volatile int lastScheduler;
        volatile int lastSenders;
        volatile int peakSenders;
        volatile int peakAll;
        volatile int peakProcess;
        volatile int highestSender;

        synchronized void sample(ThreadMXBean threads) {
            int scheduler = 0;
            int senders = 0;
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
                if (info == null) {
                    continue;
                }
                String name = info.getThreadName();
                if (name.equals(SCHEDULER_NAME)) {
                    scheduler++;
                } else if (name.startsWith(SENDER_PREFIX)) {
                    senders++;
                    try {
                        highestSender = Math.max(highestSender,
                                Integer.parseInt(name.substring(SENDER_PREFIX.length())));
                    } catch (NumberFormatException e) {
                        // not one of the engine's numbered senders
                    }
                } else if (name.startsWith(SCHEDULER_NAME)) {
                    senders++; // any other holdfast-keepalive* thread counts against keepalive too
                }
            }
            lastScheduler = scheduler;
            lastSenders = senders;
            peakSenders = Math.max(peakSenders, senders);
            peakAll = Math.max(peakAll, scheduler + senders);
            peakProcess = Math.max(peakProcess, threads.getThreadCount());
        }
    }

    /** The whole machine's CPU use during the window, to show how much else was running. */
    private static final class MachineLoad {
        private double sum;
        private int samples;

        synchronized void sample(com.sun.management.OperatingSystemMXBean os, Window window) {
            double busy = os.getCpuLoad();
            if (busy >= 0 && window.contains(System.nanoTime())) {
                sum += busy;
                samples++;
            }
        }

        synchronized double average() {
            return samples == 0 ? Double.NaN : sum / samples;
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Measuring transport

    /** The measurement window, in System.nanoTime() values; closed until opened. */
    private static final class Window {
        private volatile long start = Long.MAX_VALUE;
        private volatile long end = Long.MAX_VALUE;

        void open(long from, long to) {
            end = to;
            start = from;
        }

        boolean contains(long time) {
            return time >= start && time < end;
        }
    }

    /** What the wrappers measured in the window. */
    private static final class Recorder {
        final LongList sendLateness = new LongList();
        final LongList decisionLateness = new LongList();
        final LongList dispatch = new LongList();
        final LongList rtt = new LongList();
        final AtomicLong probes = new AtomicLong();
        final AtomicLong replies = new AtomicLong();
        final AtomicLong unmatched = new AtomicLong();
        final AtomicLong inboundMoved = new AtomicLong();
        final AtomicLong ticks = new AtomicLong();
    }

    /** A growable list of longs, safe from several threads. */
    private static final class LongList {
        private long[] values = new long[8192];
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

    /**
     * Delegates everything, and notes when each probe was due and when it went out. See the class comment.
     * The engine calls lastInboundNanos and readyForKeepalive on its scheduler thread (one tick at a time per
     * connection) and sendProbe on a sender thread after that tick.
     */
    private static final class TimedTransport implements KeepaliveTransport {
        private final KeepaliveTransport delegate;
        private final Window window;
        private final Recorder recorder;
        private final long intervalNanos;
        private final long attachedAt = System.nanoTime(); // made just before engine.monitor(): <= its attach time
        private volatile long lastDecision = Long.MIN_VALUE;
        private volatile long pendingDue;
        private volatile long pendingDecision;
        private volatile long pendingInbound;
        private volatile boolean decisionPending;

        TimedTransport(KeepaliveTransport delegate, Window window, Recorder recorder, long intervalNanos) {
            this.delegate = delegate;
            this.window = window;
            this.recorder = recorder;
            this.intervalNanos = intervalNanos;
        }

        @Override
        public long lastInboundNanos() {
            // The engine reads this once per tick of a probing monitor (and in snapshot(), which the
            // harness calls only after the window): counts the scheduler's wake-ups.
            if (window.contains(System.nanoTime()) && Thread.currentThread().getName().equals(SCHEDULER_NAME)) {
                recorder.ticks.incrementAndGet();
            }
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
            boolean ready = delegate.readyForKeepalive();
            if (ready) {
                // The engine asks only when a probe is due, and sends right after: this is its decision.
                long now = System.nanoTime();
                long inbound = delegate.lastInboundNanos();
                long base = Math.max(Math.max(inbound, attachedAt), lastDecision);
                pendingInbound = inbound;
                pendingDue = base + intervalNanos;
                pendingDecision = now;
                lastDecision = now;
                decisionPending = true;
            }
            return ready;
        }

        @Override
        public void sendProbe(LongConsumer onReply) throws IOException {
            long entered = System.nanoTime();
            boolean matched = decisionPending;
            decisionPending = false;
            boolean measured = window.contains(entered);
            if (measured) {
                recorder.probes.incrementAndGet();
                if (!matched) {
                    recorder.unmatched.incrementAndGet();
                } else {
                    recorder.sendLateness.add(entered - pendingDue);
                    recorder.decisionLateness.add(pendingDecision - pendingDue);
                    recorder.dispatch.add(entered - pendingDecision);
                    if (delegate.lastInboundNanos() != pendingInbound) {
                        recorder.inboundMoved.incrementAndGet();
                    }
                }
            }
            delegate.sendProbe(rtt -> {
                if (measured) {
                    recorder.replies.incrementAndGet();
                    recorder.rtt.add(rtt);
                }
                onReply.accept(rtt);
            });
        }

        @Override
        public void sendNullPacket() throws IOException {
            delegate.sendNullPacket();
        }
    }

    /** Counts what the engine reports; never blocks. */
    private static final class Events implements KeepaliveEvents {
        final AtomicLong count = new AtomicLong();
        final AtomicInteger dead = new AtomicInteger();
        final AtomicReference<String> firstDead = new AtomicReference<>();

        @Override
        public void event(String message) {
            count.incrementAndGet();
        }

        @Override
        public void dead(String cause) {
            dead.incrementAndGet();
            firstDead.compareAndSet(null, cause);
        }
    }

    // ---------------------------------------------------------------------------------------------------

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, prefix + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The benchmark's measurement windows (settle, baseline, warm-up): pacing, not synchronisation. */
    private static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    /** 200 connections log four INFO lines each; keep warnings. */
    private static void quietConnectionLogs() {
        if (LoggerFactory.getLogger("dev.holdfast.ssh") instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }
}
