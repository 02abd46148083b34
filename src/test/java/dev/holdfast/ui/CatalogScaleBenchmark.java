package dev.holdfast.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.session.AuthMethod;
import dev.holdfast.session.Catalog;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.SessionStore;
import dev.holdfast.session.SettingValues;
import dev.holdfast.session.Settings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test: the app with 0, 1,000, 10,000 and 100,000 saved sessions in folders. Each point
 * is a fresh JVM ({@link CatalogScaleProbe}) that starts the real {@code Launcher} on a config dir whose
 * settings file holds that many sessions (written by {@link SessionStore}, as the app writes it), and
 * measures: time from the JVM's start to the main window shown and laid out (and the process's CPU time
 * by then), RSS and heap after GC there, the FX-thread time of each keystroke of a filter query typed
 * letter by letter (the key's event and pulse, and all of it until the list shows the rows: a large
 * catalog is filtered off the FX thread and the result swapped in later), clearing it with Escape, opening the editor on the first match, and saving one
 * change (FX-thread time of the click, time until the file is replaced, and the store thread's CPU time).
 * Rounds alternate the sizes (0, 1k, 10k, 100k, 0, 1k, ...). Monocle headless, software rendering (the
 * test JVM's options). Prints a table of medians [ranges] and {@code RESULT} lines; asserts only that
 * every run worked.
 *
 * <pre>
 * mvn -B verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=CatalogScaleBenchmark
 * </pre>
 *
 * <p>Options: {@code holdfast.bench.baseline} (a folder of the app's classes and resources from another
 * build, such as an older commit compiled with {@code javac}: each point then runs that build and this one
 * in turn, before and after), {@code holdfast.bench.sizes} (default {@code 0,1000,10000,100000}), {@code holdfast.bench.runs}
 * (rounds, default 3), {@code holdfast.bench.query} (default {@code prod db 42}), {@code holdfast.bench.jvm}
 * (extra options for the child JVMs, space separated; the app's own from installer/java-options.sh are
 * always given).
 */
class CatalogScaleBenchmark {
    private static final String[] CUSTOMERS = {"acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne",
        "wonka", "tyrell", "cyberdyne", "soylent", "oscorp", "aperture", "massive", "vandelay", "pied-piper"};
    private static final String[] STAGES = {"prod", "staging", "dev", "qa"};
    private static final String[] ROLES = {"web", "db", "cache", "queue", "api", "worker", "bastion", "search"};
    private static final String[] REGIONS = {"eu-west", "eu-central", "us-east", "us-west", "ap-south"};
    private static final String[] USERS = {"deploy", "admin", "ubuntu", "root", "ops", "postgres"};
    private static final List<String> APP_JVM = List.of("-Xss2m", "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30", "-XX:G1PeriodicGCInterval=60000", "-XX:-G1PeriodicGCInvokesConcurrent");

    @TempDir
    Path dir;

    /** A realistic catalog: customers, regions and stages as up to three folder levels, most sessions overriding host and user, some more. */
    static Catalog catalog(int count, long seed) {
        Random random = new Random(seed);
        List<SessionProfile> sessions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String customer = CUSTOMERS[random.nextInt(CUSTOMERS.length)];
            String stage = STAGES[random.nextInt(STAGES.length)];
            String role = ROLES[random.nextInt(ROLES.length)];
            String region = REGIONS[random.nextInt(REGIONS.length)];
            String folder = switch (random.nextInt(10)) {
                case 0 -> "";
                case 1, 2 -> "Customers/" + capital(customer);
                case 3, 4, 5 -> "Customers/" + capital(customer) + "/" + capital(stage);
                case 6, 7 -> "Customers/" + capital(customer) + "/" + capital(stage) + "/" + region;
                case 8 -> "Lab/" + role;
                default -> "Home";
            };
            String name = customer + "-" + stage + "-" + role + "-" + i;
            SettingValues overrides = SettingValues.empty()
                    .with(Settings.HOST, role + i + "." + region + "." + stage + "." + customer + ".example");
            if (random.nextInt(4) != 0) {
                overrides = overrides.with(Settings.USER, USERS[random.nextInt(USERS.length)]);
            }
            if (random.nextInt(5) == 0) {
                overrides = overrides.with(Settings.PORT, 2200 + random.nextInt(100));
            }
            if (random.nextInt(3) == 0) {
                overrides = overrides.with(Settings.AUTH, AuthMethod.PUBLIC_KEY)
                        .with(Settings.KEY_FILE, "~/.ssh/" + customer + "_ed25519");
            }
            if (random.nextInt(8) == 0) {
                overrides = overrides.with(Settings.KEEPALIVE_MODE, KeepaliveMode.PROBE)
                        .with(Settings.KEEPALIVE_INTERVAL, 30);
            }
            if (random.nextInt(10) == 0) {
                overrides = overrides.with(Settings.FONT_SIZE, 12 + random.nextInt(6))
                        .with(Settings.RECONNECT_AUTO, true);
            }
            sessions.add(new SessionProfile(new UUID(seed, i).toString(), name, folder, overrides, Map.of(), Map.of()));
        }
        return Catalog.empty().withSessions(sessions).withPreference("theme", "system");
    }

    private static String capital(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    @Test
    void startFilterEditSaveAtScale() throws Exception {
        int[] sizes = Arrays.stream(System.getProperty("holdfast.bench.sizes", "0,1000,10000,100000").split(","))
                .mapToInt(s -> Integer.parseInt(s.strip())).toArray();
        int runs = Integer.getInteger("holdfast.bench.runs", 3);
        String query = System.getProperty("holdfast.bench.query", "prod db 42");
        Map<Integer, Path> files = new LinkedHashMap<>();
        for (int size : sizes) {
            Path config = Files.createDirectories(dir.resolve("n" + size));
            long started = System.nanoTime();
            new SessionStore(config).save(catalog(size, 17));
            System.out.printf(Locale.ROOT, "%,d sessions: %.1f MB written in %d ms%n", size,
                    Files.size(config.resolve(SessionStore.FILE_NAME)) / 1024.0 / 1024.0,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            files.put(size, config.resolve(SessionStore.FILE_NAME));
        }
        String baseline = System.getProperty("holdfast.bench.baseline", "").strip();
        Map<String, String> variants = new LinkedHashMap<>(); // name -> class path
        if (!baseline.isEmpty()) {
            variants.put("before", withMainClasses(baseline));
        }
        variants.put(baseline.isEmpty() ? "this build" : "after", System.getProperty("java.class.path"));
        Map<String, Map<Integer, List<Map<String, String>>>> results = new LinkedHashMap<>();
        System.out.println("load before: " + loadAverage());
        for (int run = 0; run < runs; run++) {
            for (int size : sizes) {
                for (Map.Entry<String, String> variant : variants.entrySet()) {
                    Path config = dir.resolve("run" + run + "-n" + size + "-" + variant.getKey().replace(' ', '-'));
                    Files.createDirectories(config);
                    Files.copy(files.get(size), config.resolve(SessionStore.FILE_NAME));
                    Map<String, String> probe = probe(config, query, variant.getValue());
                    System.out.println("RESULT variant=" + variant.getKey().replace(' ', '-') + " sessions=" + size
                            + " run=" + run + " " + probe);
                    results.computeIfAbsent(variant.getKey(), k -> new TreeMap<>())
                            .computeIfAbsent(size, k -> new ArrayList<>()).add(probe);
                }
            }
        }
        System.out.println("load after: " + loadAverage());
        String[][] columns = {
            {"windowMs", "window ms"}, {"windowCpuMs", "CPU ms by then"}, {"windowCpuJitMs", "of it JIT"},
            {"windowCpuGcMs", "GC"}, {"windowCpuFxMs", "FX thread"}, {"windowCpuEndedMs", "ended threads (prepare)"},
            {"rssAfterGcMb", "RSS MB (after GC)"},
            {"heapMb", "heap MB (after GC)"}, {"keyCpuMedianMs", "key FX CPU median ms"},
            {"keyCpuMaxMs", "key FX CPU max ms"}, {"keyMaxMs", "key FX wall max ms"},
            {"keyAllCpuMedianMs", "key until rows shown: FX CPU median ms"}, {"keyAllCpuMaxMs", "max ms"},
            {"keyShownMaxMs", "rows shown wall max ms"},
            {"warmKeyCpuMedianMs", "again: key FX CPU median ms"}, {"warmKeyCpuMaxMs", "again: max ms"},
            {"warmKeyAllCpuMedianMs", "again until shown: median ms"}, {"warmKeyAllCpuMaxMs", "max ms"},
            {"escapeCpuMs", "Escape FX CPU ms"}, {"escapeAllCpuMs", "Escape until shown ms"}, {"editorCpuMs", "editor open FX CPU ms"},
            {"editorOpenMs", "editor open wall ms"}, {"saveFxCpuMs", "save FX CPU ms"},
            {"saveWrittenMs", "save written ms"}, {"saveStoreCpuMs", "store CPU ms"}, {"fileMb", "file MB"}};
        StringBuilder table = new StringBuilder("| build | sessions |");
        for (String[] column : columns) {
            table.append(' ').append(column[1]).append(" |");
        }
        table.append("\n|---|---|").append("---|".repeat(columns.length)).append('\n');
        for (Map.Entry<String, Map<Integer, List<Map<String, String>>>> variant : results.entrySet()) {
            for (Map.Entry<Integer, List<Map<String, String>>> row : variant.getValue().entrySet()) {
                table.append("| ").append(variant.getKey()).append(String.format(Locale.ROOT, " | %,d |", row.getKey()));
                for (String[] column : columns) {
                    table.append(' ').append(summary(row.getValue(), column[0])).append(" |");
                }
                table.append('\n');
            }
        }
        System.out.println("query typed: '" + query + "', " + runs + " runs per size, alternating sizes and builds");
        System.out.print(table);
        for (Map<Integer, List<Map<String, String>>> each : results.values()) {
            for (List<Map<String, String>> runsOfSize : each.values()) {
                assertEquals(runs, runsOfSize.size());
            }
        }
    }

    /** This JVM's class path with the app's own classes (its jar or classes folder) replaced by {@code classes}. */
    private static String withMainClasses(String classes) throws Exception {
        List<String> entries = new ArrayList<>();
        boolean replaced = false;
        for (String entry : System.getProperty("java.class.path").split(java.util.regex.Pattern.quote(java.io.File.pathSeparator), -1)) {
            if (!replaced && holdsLauncher(Path.of(entry))) {
                entries.add(classes);
                replaced = true;
            } else {
                entries.add(entry);
            }
        }
        assertTrue(replaced, "the app's classes are on the class path");
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static boolean holdsLauncher(Path entry) throws Exception {
        String launcher = "dev/holdfast/app/Launcher.class";
        if (Files.isDirectory(entry)) {
            return Files.exists(entry.resolve(launcher));
        }
        if (!entry.getFileName().toString().endsWith(".jar") || !Files.isRegularFile(entry)) {
            return false;
        }
        try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(entry.toFile())) {
            return jar.getEntry(launcher) != null;
        }
    }

    private Map<String, String> probe(Path config, String query, String classPath) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(APP_JVM);
        for (String flag : List.of("testfx.robot", "testfx.headless", "prism.order", "prism.text", "glass.platform",
                "monocle.platform", "java.awt.headless")) {
            if (System.getProperty(flag) != null) {
                command.add("-D" + flag + "=" + System.getProperty(flag));
            }
        }
        String extra = System.getProperty("holdfast.bench.jvm", "").strip();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-cp", classPath, CatalogScaleProbe.class.getName(),
                config.toString(), query));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Map<String, String> values = new LinkedHashMap<>();
        List<String> tail = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("PROBE ")) {
                    for (String pair : line.substring(6).split(" ", -1)) {
                        int eq = pair.indexOf('=');
                        values.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                } else {
                    tail.add(line);
                    if (tail.size() > 40) {
                        tail.remove(0);
                    }
                }
            }
        }
        assertTrue(process.waitFor(10, TimeUnit.MINUTES), "the probe ended");
        assertTrue(values.containsKey("escapeMs"), () -> "the probe measured everything:\n"
                + String.join("\n", tail));
        return values;
    }

    private static String summary(List<Map<String, String>> runs, String key) {
        double[] values = runs.stream().filter(r -> r.containsKey(key))
                .mapToDouble(r -> Double.parseDouble(r.get(key))).sorted().toArray();
        if (values.length == 0) {
            return "-";
        }
        double median = values[values.length / 2];
        return values.length == 1 ? fmt(median)
                : fmt(median) + " [" + fmt(values[0]) + "-" + fmt(values[values.length - 1]) + "]";
    }

    private static String fmt(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String loadAverage() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }
}
