package dev.holdfast.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.app.Services;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.testing.OpenSshServer;
import dev.holdfast.testing.SshKeys;
import dev.holdfast.ui.terminal.TerminalTab;
import dev.holdfast.ui.window.MainWindow;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Benchmark, not a test: the memory of the client with 1, 10 and 50 idle, connected terminal tabs, and
 * after closing them all. The real main window opens tabs the way a double-click does
 * ({@link MainWindow#open}); each connects with a key to Debian's OpenSSH server, which runs as a
 * separate process so that none of the server is in the measured process. Tabs keep the default
 * settings (keepalive probes every 15 s, 10,000 lines of scrollback).
 *
 * <p>Points: the start (window shown, no tab yet); "warm" (one tab opened and closed, so the SSH and
 * terminal classes are loaded); 1, 10 and 50 tabs, each once every tab is LIVE with its prompt shown; all
 * closed. At each: a few seconds idle, the RSS as it is, then two full GCs ({@code System.gc()}, repeated
 * if G1 skipped it) and the RSS
 * ({@code VmRSS}, {@code RssAnon}, {@code RssFile} + {@code RssShmem} from {@code /proc/self/status}), heap
 * used and committed, threads and open file descriptors; after closing also the RSS once glibc is asked to
 * return freed memory ({@code System.trim_everyheap}). Per extra tab = (50 tabs - 10 tabs) / 40. It
 * prints a line starting with {@code RESULT} per cycle for collecting runs, and asserts only that the
 * set-up worked (every tab LIVE, every tab closed). Failsafe and Surefire skip it by default (the name
 * ends in "Benchmark"):
 *
 * <pre>
 * mvn -B verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=TabMemoryBenchmark
 * </pre>
 *
 * <p>The heap options matter (see BENCHMARKS.md): measure with the packaged app's JVM options by
 * overriding {@code -Dtestfx.argLine=...} (the default test arguments plus those in installer/build.sh).
 *
 * <p>Options (system properties): {@code holdfast.bench.tabs} (default 50), {@code holdfast.bench.cycles}
 * (open-all/close-all cycles in this process, default 1), {@code holdfast.bench.settle} (idle seconds
 * before each sample, default 5), {@code holdfast.bench.closedWait} (idle seconds after closing before
 * the last sample, default the same; past 10 s it prints the RSS every 10 s without asking for a GC),
 * {@code holdfast.bench.idleWait} and {@code holdfast.bench.idleSeconds} (more idle seconds before the CPU of
 * the idle tabs is measured, default 0, and the length of that measurement, default 10),
 * {@code holdfast.bench.histogram=true} (what the heap holds per extra tab, and after closing against
 * warm, from class histograms), {@code holdfast.bench.heapDump=file.hprof} and
 * {@code holdfast.bench.heapDumpClosed=file.hprof} (heap dumps with all tabs open, and after the last
 * closing) and,
 * when the JVM runs with {@code -XX:NativeMemoryTracking=summary}, the JVM's native memory at each point
 * against the start.
 */
@ExtendWith(ApplicationExtension.class)
class TabMemoryBenchmark {
    private static final String SESSION = "mem";
    private static final double MB = 1024 * 1024;

    @TempDir
    Path dir;

    private OpenSshServer server;
    private Services services;
    private MainWindow window;
    private Stage stage;

    private java.util.Optional<PulseGovernor> governor;
    private java.util.Optional<PausingPulseTimer> pausing;

    @Start
    void start(Stage primary) throws Exception {
        // A stage of its own: TestFX keeps every event fired on the stage it hands over (FiredEvents), and
        // under a real display the X server's mouse events then hold on to the closed tabs' nodes.
        this.stage = new Stage();
        server = OpenSshServer.start(dir.resolve("sshd"), "INFO");
        Path key = SshKeys.generate(dir, "id_ed25519", "ed25519", "");
        server.authorize(SshKeys.publicKey(key));
        services = UiFlows.keySession(Files.createDirectories(dir.resolve("config")), SESSION, server, key);
        window = new MainWindow(stage, services.library(), services.store().file(), false, services.connections());
        stage.show();
        if (Boolean.getBoolean("holdfast.bench.app")) {
            // what HoldfastApp adds to every window when the launcher starts it: run with
            // -Djavafx.animation.pulse=240 in testfx.argLine to measure what the packaged app runs
            // (-Dholdfast.pulse.pause=false in testfx.argLine leaves JavaFX's own pulse timer, which ticks on)
            CaretRest.everywhere();
            pausing = PausingPulseTimer.install();
            governor = PulseGovernor.everywhere();
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (governor != null) {
            governor.ifPresent(g -> FxThread.run(g::stop));
        }
        if (pausing != null) {
            pausing.ifPresent(p -> FxThread.run(() -> {
                try {
                    p.uninstall();
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        if (window != null) {
            WaitForAsyncUtils.asyncFx(() -> {
                window.tabArea().closeAll();
                stage.hide();
            }).get(10, TimeUnit.SECONDS);
        }
        if (services != null) {
            services.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void idleTabs() throws Exception {
        int tabs = Integer.getInteger("holdfast.bench.tabs", 50);
        int cycles = Integer.getInteger("holdfast.bench.cycles", 1);
        int settle = Integer.getInteger("holdfast.bench.settle", 5);
        int closedWait = Integer.getInteger("holdfast.bench.closedWait", settle);
        boolean histogram = Boolean.getBoolean("holdfast.bench.histogram");
        boolean nmt = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-XX:NativeMemoryTracking=") && !a.endsWith("=off"));
        List<Integer> points = List.of(1, 10, tabs).stream().filter(n -> n <= tabs).distinct().toList();
        int low = Math.min(10, tabs);
        SessionProfile profile = services.library().catalog().byName(SESSION).orElseThrow();

        System.out.printf("%ntab memory: JVM options %s%n", ManagementFactory.getRuntimeMXBean().getInputArguments());
        System.out.printf("tab memory: %s, graphics pipeline %s, stage %.0fx%.0f, load %s%n", glass(), pipeline(),
                stage.getWidth(), stage.getHeight(), loadavg());
        WaitForAsyncUtils.waitForFxEvents();
        List<Sample> samples = new ArrayList<>();
        Sample start = sample("start (no tab yet)", 0, 0, settle, 0);
        samples.add(start);
        Map<String, Integer> threadsAtStart = threadGroups();
        if (nmt) {
            diagnostic("vmNativeMemory", "baseline");
        }
        // One tab opened and closed: what stays loaded once SSH and the terminal have been used at all.
        openTab(profile, 1);
        closeAll();
        Sample warm = sample("warm (1 opened+closed)", 0, 0, settle, 0);
        samples.add(warm);
        // Kept in files, not in maps: a map of some 9,000 class names would itself be 1.8 MB of the live
        // heap measured after closing.
        Path histogramWarm = histogram ? saveHistogram("warm") : null;
        Path histogramLow = null;
        Map<String, Integer> threadsLow = null;
        double idleCpu = Double.NaN;
        for (int cycle = 1; cycle <= cycles; cycle++) {
            long openStart = System.nanoTime();
            int open = 0;
            for (int target : points) {
                while (open < target) {
                    openTab(profile, ++open);
                }
                samples.add(sample("cycle " + cycle + ", " + target + " tab" + (target == 1 ? "" : "s"), cycle,
                        target, settle, 0));
                if (cycle > 1) {
                    continue;
                }
                if (target == low) {
                    threadsLow = threadGroups();
                    histogramLow = histogram ? saveHistogram("low") : null;
                }
                if (nmt) {
                    System.out.println("tab memory: native memory, " + target + " tabs against the start:");
                    System.out.println(diagnostic("vmNativeMemory", "summary.diff", "scale=KB"));
                }
                if (target == tabs) {
                    System.out.printf("tab memory: %d tabs opened in %.1f s; terminal %s columns x rows%n", tabs,
                            (System.nanoTime() - openStart) / 1e9, terminalSize());
                    printThreadsPerTab(threadsLow, threadGroups(), tabs - low);
                    if (histogramLow != null) {
                        Map<String, long[]> now = histogram();
                        printHistogramPerTab(readHistogram(histogramLow), now, tabs - low);
                    }
                    String dump = System.getProperty("holdfast.bench.heapDump", "");
                    if (!dump.isEmpty()) {
                        ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                                .dumpHeap(dump, true);
                    }
                    idleCpu = idleCpu(Integer.getInteger("holdfast.bench.idleWait", 0),
                            Integer.getInteger("holdfast.bench.idleSeconds", 10), pulseTicks());
                }
            }
            closeAll();
            Sample closed = sample("cycle " + cycle + ", all closed", cycle, 0, closedWait, 10);
            // what glibc keeps of freed native memory: the RSS once it is asked to give it back
            diagnostic("systemTrimNativeHeap");
            Thread.sleep(1000); // measurement: the trim is asked for, then RSS is read a second later
            samples.add(closed.withTrimmed(status().get("VmRSS")));
            String closedDump = System.getProperty("holdfast.bench.heapDumpClosed", "");
            if (!closedDump.isEmpty() && cycle == cycles) {
                ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                        .dumpHeap(closedDump, true);
            }
            if (histogramWarm != null) {
                System.out.println("tab memory: live heap after closing, against warm:");
                Map<String, long[]> now = histogram();
                printHistogramPerTab(readHistogram(histogramWarm), now, 1);
            }
            if (nmt) {
                System.out.println("tab memory: native memory, all closed against the start:");
                System.out.println(diagnostic("vmNativeMemory", "summary.diff", "scale=KB"));
            }
            printThreadChanges("Java threads after closing, against the start:", threadsAtStart, threadGroups());
        }
        print(samples, start, warm, points, cycles, idleCpu);
    }

    private void closeAll() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.tabArea().closeAll()).get(30, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> services.connections().openCount() == 0);
        assertEquals(0, window.tabArea().terminals().size(), "every tab closed");
    }

    /** Opens one more tab and waits until it is LIVE with the shell's prompt on its screen. */
    private void openTab(SessionProfile profile, int number) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.open(profile)).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> {
            List<TerminalTab> all = window.tabArea().terminals();
            if (all.size() != number) {
                return false;
            }
            TerminalTab tab = all.get(number - 1);
            assertTrue(tab.state() == TerminalTab.State.LIVE || tab.state() == TerminalTab.State.CONNECTING,
                    () -> "tab " + number + " is " + tab.state() + ": " + tab.eventLines());
            return tab.state() == TerminalTab.State.LIVE && !tab.screenText().isBlank();
        });
    }

    /** One measurement point: idle, RSS as it is, then after a full GC everything else. */
    private Sample sample(String label, int cycle, int tabs, int settleSeconds, int traceEvery) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        long settled = System.nanoTime() + TimeUnit.SECONDS.toNanos(settleSeconds);
        long begin = System.nanoTime();
        while (System.nanoTime() < settled) {
            // The idle period is what is measured (and traced every traceEvery seconds): pacing.
            Thread.sleep(Math.max(1, Math.min(traceEvery > 0 ? traceEvery * 1000L : Long.MAX_VALUE,
                    TimeUnit.NANOSECONDS.toMillis(settled - System.nanoTime()))));
            if (traceEvery > 0 && settleSeconds > traceEvery) {
                var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                System.out.printf(Locale.ROOT, "tab memory: %-22s idle %3.0f s: VmRSS %7.1f MB, heap %6.1f MB of "
                                + "%6.1f MB committed (no GC asked for)%n", label, (System.nanoTime() - begin) / 1e9,
                        status().get("VmRSS") / MB, heap.getUsed() / MB, heap.getCommitted() / MB);
            }
        }
        long rssBeforeGc = status().get("VmRSS");
        fullGc();
        Thread.sleep(300); // measurement: two full collections 300 ms apart
        fullGc();
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage(); // right after, before new garbage
        Thread.sleep(2000); // G1 gives the freed heap back to the OS in the background
        Map<String, Long> status = status();
        var nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
        long fds;
        try (var list = Files.list(Path.of("/proc/self/fd"))) {
            fds = list.count();
        }
        Sample s = new Sample(label, cycle, tabs, rssBeforeGc, status.get("VmRSS"), status.get("RssAnon"),
                status.get("RssFile") + status.get("RssShmem"), heap.getUsed(), heap.getCommitted(),
                nonHeap.getUsed(), ManagementFactory.getThreadMXBean().getThreadCount(), status.get("Threads"), fds,
                loadavg(), 0);
        System.out.printf(Locale.ROOT, "tab memory: %-22s VmRSS %7.1f MB (before GC %7.1f), heap used %6.1f MB "
                        + "of %6.1f MB committed, threads %d, fds %d, load %s%n", label, s.rss / MB,
                s.rssBeforeGc / MB, s.heapUsed / MB, s.heapCommitted / MB, s.javaThreads, s.fds, s.load);
        return s;
    }

    /**
     * {@code System.gc()} until a full collection has happened: G1 skips one asked for while a thread is in
     * a JNI critical region (the software renderer is, often), and then runs only a young collection later.
     */
    private static void fullGc() throws InterruptedException {
        var old = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(b -> b.getName().contains("Old") || b.getName().contains("MarkSweep")).findFirst()
                .orElseThrow();
        long before = old.getCollectionCount();
        int tries = 0;
        while (tries < 50 && old.getCollectionCount() == before) {
            tries++;
            System.gc();
            if (old.getCollectionCount() == before) {
                Thread.sleep(20); // the retry step of asking for a GC (at most 50 tries), not a wait
            }
        }
        assertTrue(old.getCollectionCount() > before, "a full GC ran");
        if (tries > 1) {
            System.out.println("tab memory: the full GC ran only at System.gc() number " + tries);
        }
    }

    private record Sample(String label, int cycle, int tabs, long rssBeforeGc, long rss, long rssAnon, long rssFile,
                          long heapUsed, long heapCommitted, long nonHeapUsed, int javaThreads, long nativeThreads,
                          long fds, String load, long rssTrimmed) {
        Sample withTrimmed(long rss) {
            return new Sample(label, cycle, tabs, rssBeforeGc, this.rss, rssAnon, rssFile, heapUsed, heapCommitted,
                    nonHeapUsed, javaThreads, nativeThreads, fds, load, rss);
        }
    }

    private void print(List<Sample> samples, Sample start, Sample warm, List<Integer> points, int cycles,
                       double idleCpu) {
        System.out.printf("%ntab memory figures (MB = MiB; RSS from /proc/self/status; heap etc. after System.gc())%n");
        System.out.printf("%-24s %8s %8s %8s %8s %8s %8s %8s %8s %5s %5s %4s  %s%n", "", "VmRSS", "beforeGC",
                "trimmed", "RssAnon", "RssFile", "heapUsed", "heapComm", "nonHeap", "jthr", "thr", "fds", "loadavg");
        for (Sample s : samples) {
            System.out.printf(Locale.ROOT, "%-24s %8.1f %8.1f %8s %8.1f %8.1f %8.1f %8.1f %8.1f %5d %5d %4d  %s%n",
                    s.label, s.rss / MB, s.rssBeforeGc / MB, s.rssTrimmed == 0 ? "" : String.format(Locale.ROOT,
                            "%.1f", s.rssTrimmed / MB), s.rssAnon / MB, s.rssFile / MB, s.heapUsed / MB,
                    s.heapCommitted / MB, s.nonHeapUsed / MB, s.javaThreads, s.nativeThreads, s.fds, s.load);
        }
        int tabs = points.get(points.size() - 1);
        for (int cycle = 1; cycle <= cycles; cycle++) {
            Map<Integer, Sample> at = new TreeMap<>();
            Sample closed = null;
            for (Sample s : samples) {
                if (s.cycle == cycle && s.tabs > 0) {
                    at.put(s.tabs, s);
                } else if (s.cycle == cycle) {
                    closed = s;
                }
            }
            StringBuilder line = new StringBuilder("RESULT cycle=" + cycle);
            line.append(String.format(Locale.ROOT, " start=%.1f warm=%.1f", start.rss / MB, warm.rss / MB));
            for (int point : points) {
                line.append(String.format(Locale.ROOT, " rss%d=%.1f", point, at.get(point).rss / MB));
            }
            Sample low = at.get(Math.min(10, tabs));
            Sample high = at.get(tabs);
            if (tabs > low.tabs) {
                int extra = tabs - low.tabs;
                line.append(String.format(Locale.ROOT, " perTab=%.2f perTabBeforeGc=%.2f perTabHeapUsed=%.2f "
                                + "perTabHeapCommitted=%.2f perTabRssOutsideHeap=%.2f perTabThreads=%.2f perTabFds=%.2f",
                        (high.rss - low.rss) / MB / extra, (high.rssBeforeGc - low.rssBeforeGc) / MB / extra,
                        (high.heapUsed - low.heapUsed) / MB / extra,
                        (high.heapCommitted - low.heapCommitted) / MB / extra,
                        ((high.rss - high.heapCommitted) - (low.rss - low.heapCommitted)) / MB / extra,
                        (double) (high.nativeThreads - low.nativeThreads) / extra,
                        (double) (high.fds - low.fds) / extra));
            }
            if (at.containsKey(1) && at.containsKey(10)) {
                line.append(String.format(Locale.ROOT, " perTab1to10=%.2f firstTab=%.1f",
                        (at.get(10).rss - at.get(1).rss) / MB / 9, (at.get(1).rss - start.rss) / MB));
            }
            line.append(String.format(Locale.ROOT, " closed=%.1f closedVsStart=%+.1f%% closedVsWarm=%+.1f%% "
                            + "closedBeforeGc=%.1f closedTrimmed=%.1f heapStart=%.1f heapWarm=%.1f heapClosed=%.1f "
                            + "threadsStart=%d threadsClosed=%d fdsStart=%d fdsClosed=%d idleCpu50=%.1f%%",
                    closed.rss / MB, 100.0 * (closed.rss - start.rss) / start.rss,
                    100.0 * (closed.rss - warm.rss) / warm.rss, closed.rssBeforeGc / MB, closed.rssTrimmed / MB,
                    start.heapUsed / MB, warm.heapUsed / MB, closed.heapUsed / MB, start.nativeThreads,
                    closed.nativeThreads, start.fds, closed.fds, idleCpu));
            System.out.println(line);
        }
    }

    /** {@code /proc/self/status} fields in bytes (kB fields) or as numbers (Threads). */
    private static Map<String, Long> status() throws IOException {
        Map<String, Long> values = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            String[] parts = line.split(":\\s+");
            if (parts.length == 2) {
                String[] value = parts[1].trim().split("\\s+");
                try {
                    long number = Long.parseLong(value[0]);
                    values.put(parts[0], value.length > 1 && value[1].equals("kB") ? number * 1024 : number);
                } catch (NumberFormatException e) {
                    // not a number
                }
            }
        }
        return values;
    }

    private static String loadavg() throws IOException {
        String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
        return parts[0] + " " + parts[1] + " " + parts[2];
    }

    /** Live Java threads by name with the digits taken out: "sshj-Reader-" and so on. */
    private static Map<String, Integer> threadGroups() {
        Map<String, Integer> groups = new TreeMap<>();
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            groups.merge(info.getThreadName().replaceAll("[0-9]+", "").replaceAll("\\s*\\(.*\\)$", ""), 1,
                    Integer::sum);
        }
        return groups;
    }

    private static void printThreadsPerTab(Map<String, Integer> before, Map<String, Integer> after, int extraTabs) {
        if (before == null || extraTabs == 0) {
            return;
        }
        StringBuilder line = new StringBuilder("tab memory: Java threads per extra tab:");
        Map<String, Integer> names = new TreeMap<>(after);
        before.keySet().forEach(k -> names.putIfAbsent(k, 0));
        names.forEach((name, count) -> {
            int change = count - before.getOrDefault(name, 0);
            if (change != 0) {
                line.append(String.format(Locale.ROOT, " %s %.2f;", name, (double) change / extraTabs));
            }
        });
        System.out.println(line);
    }

    private static void printThreadChanges(String title, Map<String, Integer> before, Map<String, Integer> after) {
        StringBuilder line = new StringBuilder("tab memory: " + title);
        Map<String, Integer> names = new TreeMap<>(after);
        before.keySet().forEach(k -> names.putIfAbsent(k, 0));
        names.forEach((name, count) -> {
            int change = count - before.getOrDefault(name, 0);
            if (change != 0) {
                line.append(String.format(Locale.ROOT, " %s %+d;", name, change));
            }
        });
        System.out.println(line);
    }

    /** The class histogram of live objects (a full GC first): class name to {instances, bytes}. */
    private static Map<String, long[]> histogram() throws Exception {
        return parseHistogram(diagnostic("gcClassHistogram"));
    }

    /** The class histogram now, in a file: nothing of it stays in the heap. */
    private Path saveHistogram(String name) throws Exception {
        Path file = dir.resolve("histogram-" + name + ".txt");
        Files.writeString(file, diagnostic("gcClassHistogram"));
        return file;
    }

    private static Map<String, long[]> readHistogram(Path file) throws IOException {
        return parseHistogram(Files.readString(file));
    }

    private static Map<String, long[]> parseHistogram(String text) {
        Map<String, long[]> classes = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 4 && parts[0].endsWith(":")) {
                classes.put(parts[3], new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])});
            }
        }
        return classes;
    }

    private static void printHistogramPerTab(Map<String, long[]> before, Map<String, long[]> after, int extraTabs) {
        Map<String, long[]> change = new LinkedHashMap<>();
        long total = 0;
        for (var entry : after.entrySet()) {
            long[] old = before.getOrDefault(entry.getKey(), new long[2]);
            long bytes = entry.getValue()[1] - old[1];
            total += bytes;
            change.put(entry.getKey(), new long[] {entry.getValue()[0] - old[0], bytes});
        }
        System.out.printf(Locale.ROOT, "tab memory: live heap change per tab %.1f KB; the largest classes:%n",
                total / 1024.0 / extraTabs);
        change.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).limit(25)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %10.1f KB %8.1f objects  %s%n",
                        e.getValue()[1] / 1024.0 / extraTabs, (double) e.getValue()[0] / extraTabs, e.getKey()));
    }

    /** Runs a diagnostic command (as jcmd would) in this process. */
    private static String diagnostic(String operation, String... arguments) throws Exception {
        return (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), operation,
                new Object[] {arguments}, new String[] {String[].class.getName()});
    }

    /**
     * The process's CPU use while every tab idles, in % of one core, after {@code waitSeconds} more idle
     * time (the JIT compilers and the GC finish what the opening of the tabs left them). Besides the Java
     * threads' figures, every thread of the process by its kernel name ({@code /proc/self/task}), so the
     * JVM's own (compilers, GC, VM thread) and the toolkit's native threads are counted too.
     */
    /** The pausing pulse timer's ticks so far, or -1 where it is not in place. */
    private java.util.function.LongSupplier pulseTicks() {
        return pausing == null || pausing.isEmpty() ? () -> -1 : pausing.get()::ticks;
    }

    private static double idleCpu(int waitSeconds, int seconds, java.util.function.LongSupplier pulseTicks)
            throws Exception {
        if (waitSeconds > 0) {
            Thread.sleep(waitSeconds * 1000L); // measurement: idle time before the CPU window
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> before = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            before.put(id, threads.getThreadCpuTime(id));
        }
        Map<String, long[]> tasksBefore = tasks();
        long cpu = os.getProcessCpuTime();
        long ticks = pulseTicks.getAsLong();
        long wall = System.nanoTime();
        Thread.sleep(seconds * 1000L); // the CPU-measurement window itself
        long elapsed = System.nanoTime() - wall;
        if (ticks >= 0) {
            System.out.printf(Locale.ROOT, "tab memory: pulse timer (pausing) ticked %.1f times a second%n",
                    (pulseTicks.getAsLong() - ticks) * 1e9 / elapsed);
        }
        double percent = 100.0 * (os.getProcessCpuTime() - cpu) / elapsed;
        Map<String, long[]> tasksAfter = tasks();
        Map<String, Long> byGroup = new TreeMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && before.containsKey(info.getThreadId())) {
                long used = threads.getThreadCpuTime(info.getThreadId()) - before.get(info.getThreadId());
                byGroup.merge(info.getThreadName().replaceAll("[0-9]+", ""), Math.max(0, used), Long::sum);
            }
        }
        StringBuilder top = new StringBuilder();
        byGroup.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(8)
                .forEach(e -> top.append(String.format(Locale.ROOT, " %s %.2f %%;", e.getKey(),
                        100.0 * e.getValue() / elapsed)));
        System.out.printf(Locale.ROOT, "tab memory: CPU while idle: %.1f %% of one core over %d s (after %d s more "
                + "idle); Java threads:%s%n", percent, seconds, waitSeconds, top);
        // Kernel ticks (USER_HZ, 100 a second on Linux) per thread name, and how often each woke up.
        Map<String, long[]> byTask = new TreeMap<>();
        tasksAfter.forEach((tid, now) -> {
            long[] old = tasksBefore.getOrDefault(tid, new long[3]);
            String name = tid.substring(tid.indexOf(' ') + 1).replaceAll("[0-9]+", "#");
            long[] sum = byTask.computeIfAbsent(name, k -> new long[2]);
            sum[0] += now[0] - old[0];
            sum[1] += now[1] - old[1];
        });
        StringBuilder every = new StringBuilder();
        byTask.entrySet().stream().filter(e -> e.getValue()[0] > 0 || e.getValue()[1] > seconds)
                .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(e -> every.append(String.format(Locale.ROOT, " %s %.2f %% (%.1f wake-ups/s);", e.getKey(),
                        100.0 * e.getValue()[0] / 100 / (elapsed / 1e9), e.getValue()[1] / (elapsed / 1e9))));
        System.out.println("tab memory: CPU while idle, every thread:" + every);
        return percent;
    }

    /** Per thread ("tid name"): {utime + stime in ticks, voluntary + involuntary context switches}. */
    private static Map<String, long[]> tasks() throws IOException {
        Map<String, long[]> tasks = new HashMap<>();
        try (var list = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : list.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                    long switches = 0;
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.contains("ctxt_switches:")) {
                            switches += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                    tasks.put(task.getFileName() + " " + name, new long[] {ticks, switches});
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return tasks;
    }

    private String terminalSize() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> window.tabArea().terminals().get(0).terminalSize()
                .map(size -> size[0] + "x" + size[1]).orElse("?")).get(5, TimeUnit.SECONDS);
    }

    private static String glass() {
        return "glass " + System.getProperty("glass.platform", "default") + ", headless "
                + System.getProperty("testfx.headless", "false");
    }

    private static String pipeline() {
        try {
            Object pipeline = Class.forName("com.sun.prism.GraphicsPipeline").getMethod("getPipeline").invoke(null);
            return pipeline == null ? "none" : pipeline.getClass().getName();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "unknown (" + e + ")";
        }
    }
}
