package dev.holdfast.ui;

import dev.holdfast.app.Launcher;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import dev.holdfast.ui.sessions.SessionListPane;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.event.Event;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * One point of {@link CatalogScaleBenchmark}, in a JVM of its own: starts the real app the way the
 * {@code holdfast} command does ({@link Launcher#main} with {@code --config-dir}) and measures, from
 * outside the app's code, the time from the JVM's start to the main window shown and laid out, the
 * memory there, each keystroke of a filter query typed into the session list, opening the editor on the
 * first match and saving one change in it. Prints one {@code PROBE key=value ...} line and exits.
 *
 * <p>FX-thread time of an input is the time its key or click handler ran on the FX thread plus the time
 * of the pulse that followed it up to the end of its layout pass (from the scene's pre-layout to its
 * post-layout pulse listener): what keeps the FX thread from drawing the next frame. Arguments: the
 * config dir and the query.
 */
public final class CatalogScaleProbe {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CatalogScaleProbe() {
    }

    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        String configDir = args[0];
        String query = args[1];
        Thread app = new Thread(() -> Launcher.main(new String[] {"--config-dir", configDir}), "probe-launcher");
        app.setDaemon(true);
        app.start();
        List<String> out = new ArrayList<>();

        Stage main = null;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (main == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no main window within 5 minutes");
            }
            try {
                main = onFx(() -> laidOutStage("Holdfast"));
            } catch (IllegalStateException toolkitNotStarted) {
                main = null;
            }
            if (main == null) {
                Thread.sleep(2);
            }
        }
        Scene scene = main.getScene();
        afterNextPulse(scene); // the frame that shows the list's rows
        long windowMs = System.currentTimeMillis() - jvmStart;
        long cpuMs = processCpuMs();
        out.add("windowMs=" + windowMs);
        out.add("windowCpuMs=" + cpuMs);
        Map<String, Long> byGroup = cpuByThreadGroup();
        if (!byGroup.isEmpty()) {
            // threads that have ended (the prepare thread, once the settings are read) are in the total only
            byGroup.put("Ended", Math.max(0, cpuMs - byGroup.values().stream().mapToLong(Long::longValue).sum()));
        }
        byGroup.forEach((group, ms) -> out.add("windowCpu" + group + "Ms=" + ms));
        long rssBefore = rssKb("VmRSS");
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        Thread.sleep(200);
        out.add("rssMb=" + mb(rssBefore * 1024));
        out.add("rssAfterGcMb=" + mb(rssKb("VmRSS") * 1024));
        out.add("heapMb=" + mb(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()));

        TextField filter = onFx(() -> (TextField) scene.lookup("#filter"));
        Objects.requireNonNull(filter, "#filter");
        List<Double> keys = new ArrayList<>();
        List<Double> handlers = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<Double> shownMs = new ArrayList<>();
        List<Double> allCpu = new ArrayList<>();
        for (int i = 0; i < query.length(); i++) {
            double[] t = key(scene, filter, query.charAt(i));
            keys.add(t[0] + t[1]);
            handlers.add(t[0]);
            cpu.add(t[2] + t[3]);
            shownMs.add(t[4]);
            allCpu.add(t[5]);
        }
        String shown = onFx(() -> filter.getText());
        if (!shown.equals(query)) {
            throw new IllegalStateException("the filter shows '" + shown + "', not '" + query + "'");
        }
        int rows = onFx(() -> ((TreeView<?>) scene.lookup("#sessionTree")).getExpandedItemCount());
        out.add("matchRows=" + rows);
        out.add("keyMedianMs=" + fmt(median(keys)));
        out.add("keyMaxMs=" + fmt(keys.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
        out.add("keyHandlerMaxMs=" + fmt(handlers.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
        out.add("keys=" + String.join(",", keys.stream().map(CatalogScaleProbe::fmt).toList()));
        out.add("keyCpuMedianMs=" + fmt(median(cpu)));
        out.add("keyCpuMaxMs=" + fmt(cpu.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
        out.add("keysCpu=" + String.join(",", cpu.stream().map(CatalogScaleProbe::fmt).toList()));
        out.add("keyAllCpuMedianMs=" + fmt(median(allCpu)));
        out.add("keyAllCpuMaxMs=" + fmt(allCpu.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
        out.add("keysAllCpu=" + String.join(",", allCpu.stream().map(CatalogScaleProbe::fmt).toList()));
        out.add("keyShownMedianMs=" + fmt(median(shownMs)));
        out.add("keyShownMaxMs=" + fmt(shownMs.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
        double[] clear = key(scene, filter, '\u001b');
        out.add("escapeMs=" + fmt(clear[0] + clear[1]));
        out.add("escapeCpuMs=" + fmt(clear[2] + clear[3]));
        out.add("escapeAllCpuMs=" + fmt(clear[5]));
        out.add("escapeShownMs=" + fmt(clear[4]));
        // type it again, now that the code has run once (the JIT has seen it), and so the editor opens on the
        // first match
        List<Double> warm = new ArrayList<>();
        List<Double> warmAll = new ArrayList<>();
        for (int i = 0; i < query.length(); i++) {
            double[] t = key(scene, filter, query.charAt(i));
            warm.add(t[2] + t[3]);
            warmAll.add(t[5]);
        }
        out.add("warmKeyAllCpuMedianMs=" + fmt(median(warmAll)));
        out.add("warmKeyAllCpuMaxMs=" + fmt(warmAll.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
        out.add("warmKeysAllCpu=" + String.join(",", warmAll.stream().map(CatalogScaleProbe::fmt).toList()));
        out.add("warmKeyCpuMedianMs=" + fmt(median(warm)));
        out.add("warmKeyCpuMaxMs=" + fmt(warm.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
        out.add("warmKeysCpu=" + String.join(",", warm.stream().map(CatalogScaleProbe::fmt).toList()));

        if (rows == 0) {
            key(scene, filter, '\u001b'); // nothing matched: the editor opens on the first session of all
        }
        Button edit = onFx(() -> (Button) scene.lookup("#editButton"));
        if (onFx(edit::isDisabled)) { // no session at all
            System.out.println("PROBE " + String.join(" ", out));
            System.out.flush();
            System.exit(0);
        }
        AtomicLong clicked = new AtomicLong();
        AtomicLong handled = new AtomicLong();
        AtomicLong clickedCpu = new AtomicLong();
        AtomicLong handledCpu = new AtomicLong();
        onFx(() -> {
            clicked.set(System.nanoTime());
            clickedCpu.set(THREADS.getCurrentThreadCpuTime());
            edit.fire();
            handled.set(System.nanoTime());
            handledCpu.set(THREADS.getCurrentThreadCpuTime());
            return null;
        });
        Stage editor = onFx(() -> laidOutStageStartingWith("Edit Session"));
        Objects.requireNonNull(editor, "the editor did not open");
        long[] pulse = afterNextPulse(editor.getScene());
        out.add("editorOpenMs=" + fmt((pulse[1] - clicked.get()) / 1e6));
        out.add("editorHandlerMs=" + fmt((handled.get() - clicked.get()) / 1e6));
        out.add("editorCpuMs=" + fmt(((handledCpu.get() - clickedCpu.get()) + (pulse[3] - pulse[2])) / 1e6));

        Path file = Path.of(configDir, "sessions.json");
        Object keyBefore = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        TextField host = onFx(() -> (TextField) editor.getScene().lookup("#field-host"));
        Button save = onFx(() -> (Button) editor.getScene().lookup("#save"));
        onFx(() -> {
            host.setText(host.getText() + "x");
            return null;
        });
        long storeCpuBefore = threadCpuNs("holdfast-store");
        onFx(() -> {
            clicked.set(System.nanoTime());
            clickedCpu.set(THREADS.getCurrentThreadCpuTime());
            save.fire();
            handled.set(System.nanoTime());
            handledCpu.set(THREADS.getCurrentThreadCpuTime());
            return null;
        });
        long[] savePulse = afterNextPulse(scene);
        while (Objects.equals(Files.readAttributes(file, BasicFileAttributes.class).fileKey(), keyBefore)) {
            if (System.nanoTime() - clicked.get() > TimeUnit.MINUTES.toNanos(2)) {
                throw new IllegalStateException("the change was not written within 2 minutes");
            }
            Thread.sleep(0, 200_000);
        }
        long written = System.nanoTime();
        out.add("saveFxMs=" + fmt(((handled.get() - clicked.get()) + (savePulse[1] - savePulse[0])) / 1e6));
        out.add("saveFxCpuMs=" + fmt(((handledCpu.get() - clickedCpu.get()) + (savePulse[3] - savePulse[2])) / 1e6));
        out.add("saveWrittenMs=" + fmt((written - clicked.get()) / 1e6));
        Thread.sleep(100); // the store thread finishes its bookkeeping after the rename
        out.add("saveStoreCpuMs=" + fmt((threadCpuNs("holdfast-store") - storeCpuBefore) / 1e6));
        out.add("fileMb=" + mb(Files.size(file)));
        System.out.println("PROBE " + String.join(" ", out));
        System.out.flush();
        System.exit(0);
    }

    /**
     * Presses, types and releases one key in the filter; returns {handler ms, following pulse ms, handler
     * CPU ms, pulse CPU ms, ms until the list shows its rows and they are laid out, FX-thread CPU ms in all
     * by then}: the rows may be filtered off the FX thread and swapped in by a later event.
     */
    private static double[] key(Scene scene, TextField filter, char c) throws Exception {
        double[] handled = keyEvent(scene, filter, c);
        long[] settled = settled(scene, filter);
        double[] all = Arrays.copyOf(handled, 6);
        all[4] = (settled[0] - keyStart[0]) / 1e6;
        all[5] = (settled[1] - keyStart[1]) / 1e6;
        return all;
    }

    private static final long[] keyStart = new long[2]; // wall and FX CPU when the last key was pressed

    /**
     * Waits until the session list shows the rows of the filter's text (it may filter a large catalog off
     * the FX thread and swap the result in later) and the pulse after that is laid out; returns that
     * moment's wall time and FX-thread CPU time.
     */
    private static long[] settled(Scene scene, TextField filter) throws Exception {
        long[] at = new long[2]; // wall and FX CPU time then
        CountDownLatch done = new CountDownLatch(1);
        onFx(() -> {
            TreeView<?> tree = (TreeView<?>) scene.lookup("#sessionTree");
            String text = filter.getText();
            Runnable[] post = new Runnable[1];
            post[0] = () -> {
                at[0] = System.nanoTime();
                at[1] = THREADS.getCurrentThreadCpuTime();
                scene.removePostLayoutPulseListener(post[0]);
                done.countDown();
            };
            Runnable afterShown = () -> {
                scene.addPostLayoutPulseListener(post[0]);
                Platform.requestNextPulse();
            };
            // a build that does not say (filtered on the FX thread in the key's own event) has shown them
            if (!tree.getProperties().containsKey(SessionListPane.SHOWN_FILTER)
                    || text.equals(tree.getProperties().get(SessionListPane.SHOWN_FILTER))) {
                afterShown.run();
            } else {
                javafx.collections.MapChangeListener<Object, Object>[] listener = new javafx.collections.MapChangeListener[1];
                listener[0] = change -> {
                    if (SessionListPane.SHOWN_FILTER.equals(change.getKey()) && change.wasAdded()
                            && text.equals(change.getValueAdded())) {
                        tree.getProperties().removeListener(listener[0]);
                        afterShown.run();
                    }
                };
                tree.getProperties().addListener(listener[0]);
            }
            return null;
        });
        if (!done.await(2, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the list did not show the filter's rows");
        }
        return at;
    }

    /**
     * Presses, types and releases one key in the filter; returns {handler ms, following pulse ms, handler
     * CPU ms, pulse CPU ms} (the FX thread's own CPU time, which other work on the machine inflates less).
     */
    private static double[] keyEvent(Scene scene, TextField filter, char c) throws Exception {
        long[] t = new long[8]; // wall start, end, pulse start, end; then the same in FX-thread CPU time
        CountDownLatch pulsed = new CountDownLatch(1);
        Runnable pre = () -> {
            t[2] = System.nanoTime();
            t[6] = THREADS.getCurrentThreadCpuTime();
        };
        Runnable[] post = new Runnable[1];
        post[0] = () -> {
            t[3] = System.nanoTime();
            t[7] = THREADS.getCurrentThreadCpuTime();
            scene.removePreLayoutPulseListener(pre);
            scene.removePostLayoutPulseListener(post[0]);
            pulsed.countDown();
        };
        onFx(() -> {
            boolean escape = c == '\u001b';
            KeyCode code = escape ? KeyCode.ESCAPE : c == ' ' ? KeyCode.SPACE
                    : KeyCode.getKeyCode(String.valueOf(Character.toUpperCase(c)));
            code = code == null ? KeyCode.UNDEFINED : code;
            String text = escape ? "" : String.valueOf(c);
            t[0] = System.nanoTime();
            t[4] = THREADS.getCurrentThreadCpuTime();
            keyStart[0] = t[0];
            keyStart[1] = t[4];
            Event.fireEvent(filter, new KeyEvent(KeyEvent.KEY_PRESSED, "", "", code, false, false, false, false));
            if (!escape) {
                Event.fireEvent(filter, new KeyEvent(KeyEvent.KEY_TYPED, text, "", KeyCode.UNDEFINED, false, false,
                        false, false));
            }
            Event.fireEvent(filter, new KeyEvent(KeyEvent.KEY_RELEASED, "", "", code, false, false, false, false));
            t[1] = System.nanoTime();
            t[5] = THREADS.getCurrentThreadCpuTime();
            scene.addPreLayoutPulseListener(pre);
            scene.addPostLayoutPulseListener(post[0]);
            Platform.requestNextPulse();
            return null;
        });
        if (!pulsed.await(2, TimeUnit.MINUTES)) {
            throw new IllegalStateException("no pulse after a key");
        }
        return new double[] {(t[1] - t[0]) / 1e6, (t[3] - t[2]) / 1e6, (t[5] - t[4]) / 1e6, (t[7] - t[6]) / 1e6};
    }

    /**
     * Waits for the next pulse of the scene to lay out; returns its {start, end} in nanoTime and the FX
     * thread's CPU time at both.
     */
    private static long[] afterNextPulse(Scene scene) throws Exception {
        CountDownLatch pulsed = new CountDownLatch(1);
        long[] pulse = new long[4];
        Runnable pre = () -> {
            pulse[0] = System.nanoTime();
            pulse[2] = THREADS.getCurrentThreadCpuTime();
        };
        Runnable[] post = new Runnable[1];
        post[0] = () -> {
            pulse[1] = System.nanoTime();
            pulse[3] = THREADS.getCurrentThreadCpuTime();
            scene.removePreLayoutPulseListener(pre);
            scene.removePostLayoutPulseListener(post[0]);
            pulsed.countDown();
        };
        onFx(() -> {
            scene.addPreLayoutPulseListener(pre);
            scene.addPostLayoutPulseListener(post[0]);
            Platform.requestNextPulse();
            return null;
        });
        if (!pulsed.await(2, TimeUnit.MINUTES)) {
            throw new IllegalStateException("no pulse");
        }
        return pulse;
    }

    private static Stage laidOutStage(String title) {
        for (Window window : new ArrayList<>(Window.getWindows())) {
            if (window instanceof Stage stage && stage.isShowing() && title.equals(stage.getTitle())
                    && stage.getScene() != null && stage.getScene().getRoot().getLayoutBounds().getWidth() > 0) {
                return stage;
            }
        }
        return null;
    }

    private static Stage laidOutStageStartingWith(String title) {
        for (Window window : new ArrayList<>(Window.getWindows())) {
            if (window instanceof Stage stage && stage.isShowing() && stage.getTitle() != null
                    && stage.getTitle().startsWith(title)) {
                return stage;
            }
        }
        return null;
    }

    private static <T> T onFx(Supplier<T> work) throws Exception {
        FutureTask<T> task = new FutureTask<>(work::get);
        Platform.runLater(task);
        return task.get(5, TimeUnit.MINUTES);
    }

    private static long threadCpuNs(String prefix) {
        long total = 0;
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                total += Math.max(0, THREADS.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    /**
     * The process's CPU time so far by kind of thread, from {@code /proc/self/task} (the JIT's and the
     * collector's threads are not Java threads): {@code Jit}, {@code Gc}, {@code Fx} (the FX thread),
     * {@code Prepare} (the app's loading thread, while it runs) and {@code Other}. Linux only; empty
     * elsewhere.
     */
    private static Map<String, Long> cpuByThreadGroup() {
        Map<String, Long> groups = new java.util.TreeMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return groups;
        }
        long tick = 10; // ms per clock tick: USER_HZ is 100 on Linux
        try (var each = Files.list(tasks)) {
            for (Path task : each.toList()) {
                String name;
                String stat;
                try {
                    name = Files.readString(task.resolve("comm")).strip();
                    stat = Files.readString(task.resolve("stat"));
                } catch (java.io.IOException ended) {
                    continue; // the thread ended while we looked
                }
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ms = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * tick;
                String group = name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler") ? "Jit"
                        : name.startsWith("GC Thread") || name.startsWith("G1 ") ? "Gc"
                        : name.startsWith("JavaFX Applica") ? "Fx"
                        : name.startsWith("holdfast-prepar") ? "Prepare" : "Other";
                groups.merge(group, ms, Long::sum);
            }
        } catch (java.io.IOException e) {
            return Map.of();
        }
        return groups;
    }

    private static long processCpuMs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
    }

    private static long rssKb(String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static String mb(long bytes) {
        return fmt(bytes / 1024.0 / 1024.0);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
