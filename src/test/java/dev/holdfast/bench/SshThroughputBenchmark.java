package dev.holdfast.bench;

import dev.holdfast.testing.TestConnectors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.holdfast.session.AuthMethod;
import dev.holdfast.ssh.ConnectSpec;
import dev.holdfast.ssh.KnownHosts;
import dev.holdfast.ssh.SecretCache;
import dev.holdfast.ssh.SshConnection;
import dev.holdfast.ssh.SshConnector;
import dev.holdfast.testing.Await;
import dev.holdfast.testing.OpenSshServer;
import dev.holdfast.testing.ScriptedInteraction;
import dev.holdfast.testing.SshKeys;
import dev.holdfast.testing.SshjKexLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.schmizz.sshj.connection.channel.direct.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Benchmark, not a test: bulk SSH throughput of SSHJ as Holdfast sets it up (the production
 * {@link SshConnector}, so {@code SshCrypto}'s algorithm lists and the connector's socket) against Debian's
 * OpenSSH client {@code ssh}, both to the same Debian sshd on loopback, in the same run, alternating.
 * Prints a table; asserts only that every transfer moved every byte.
 *
 * <pre>
 * mvn -B verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=SshThroughputBenchmark
 * </pre>
 *
 * <p><b>Download</b>: {@code cat FILE} on an exec channel, FILE a file of random bytes made once in a temp
 * directory (in the page cache after the warm-up round); the client reads the bytes into a 64 KB buffer and
 * drops them. <b>Upload</b>: {@code cat > /dev/null} on the server; the client writes the same number of
 * random bytes from a 64 KB buffer in memory, then EOF, and waits for the command's exit.
 *
 * <p><b>Transfer</b> is timed the same way for both, on a connection that is already up: download from the
 * first byte read to EOF, upload from the first write to the command's exit (channel closed). SSHJ runs on
 * the connection {@code SshConnector} made just before and reads the exec channel's stream (or writes its
 * output stream). OpenSSH runs over a multiplexing master connection opened once per variant
 * ({@code ssh -M -S socket -N}, then {@code ssh -S socket ... cat FILE}: no new key exchange or login); the
 * master does the crypto and reads or writes the client's stdin/stdout itself (the descriptors are passed
 * to it), here a pipe to this JVM, which reads or writes it as it does SSHJ's streams.
 *
 * <p><b>End to end</b> includes connecting: for SSHJ, {@code SshConnector}'s connect, authentication and PTY
 * shell, the transfer, and the disconnect; for OpenSSH a plain {@code ssh ... cat FILE > /dev/null} (or
 * {@code ssh ... 'cat > /dev/null' < FILE}) process, fork to exit.
 *
 * <p>Each round runs every variant once, in a fixed order; one warm-up round first is not counted (JIT,
 * page cache). OpenSSH runs in three variants: its default algorithms, forced ({@code -c}, {@code -m}) to the
 * cipher and MAC that SSHJ negotiated, and forced to aes128-gcm@openssh.com (transfer only).
 *
 * <p>Options: {@code holdfast.bench.runs} (counted rounds, default 7), {@code holdfast.bench.megabytes}
 * (MiB per transfer, default 256), {@code holdfast.bench.upload} (default true).
 */
class SshThroughputBenchmark {
    private static final int RUNS = Integer.getInteger("holdfast.bench.runs", 7);
    private static final int MIB = Integer.getInteger("holdfast.bench.megabytes", 256);
    private static final boolean UPLOAD = Boolean.parseBoolean(System.getProperty("holdfast.bench.upload", "true"));
    private static final long BYTES = MIB * 1024L * 1024L;
    private static final int BUFFER = 64 * 1024;
    private static final String SETUP_PLAIN = "set-up: `ssh ... true`";
    private static final String SETUP_SSHJ = "set-up: SshConnector connect";
    private static final Pattern SSHJ_NEGOTIATED = Pattern.compile(
            "kex=([^;]*); sig=([^;]*); c2sCipher=([^;]*); s2cCipher=([^;]*); c2sMAC=([^;]*); s2cMAC=([^;]*);");
    private static final Pattern SSH_KEX = Pattern.compile("debug1: kex: algorithm: (\\S+)");
    private static final Pattern SSH_CIPHER = Pattern.compile(
            "debug1: kex: (server->client|client->server) cipher: (\\S+) MAC: (\\S+)");

    @TempDir
    Path dir;

    private OpenSshServer server;
    private SshConnector connector;
    private ConnectSpec spec;
    private Path key;
    private Path file;
    private byte[] chunk;
    private final Map<String, List<Double>> seconds = new LinkedHashMap<>();
    private final Map<String, String> algorithms = new LinkedHashMap<>();

    @Test
    void sshjAgainstOpenSsh() throws Exception {
        String loadBefore = loadavg();
        System.out.printf(Locale.ROOT, "loadavg before: %s%n", loadBefore);
        quietConnectionLogs();
        server = OpenSshServer.start(dir.resolve("sshd"));
        key = SshKeys.generate(dir, "id_ed25519", "ed25519", "");
        server.authorize(SshKeys.publicKey(key));
        KnownHosts knownHosts = new KnownHosts(List.of(), dir.resolve("known_hosts"));
        knownHosts.accept(server.host(), server.port(), server.hostKey("ed25519"));
        connector = TestConnectors.connector(knownHosts, new SecretCache());
        spec = new ConnectSpec("bench", server.host(), server.port(), server.user(), AuthMethod.PUBLIC_KEY,
                Optional.of(key), Duration.ofSeconds(10), "xterm-256color");
        makeFile();
        try {
            String[] sshj = sshjNegotiated();
            // SSHJ names a negotiated MAC even for an AEAD cipher, which does not use it
            algorithms.put("SSHJ (Holdfast)", "kex " + sshj[0] + ", download " + sshj[3] + " + "
                    + (isAead(sshj[3]) ? "<implicit>" : sshj[5]) + ", upload " + sshj[2] + " + "
                    + (isAead(sshj[2]) ? "<implicit>" : sshj[4]));
            List<String> forced = forcedOptions(sshj[3], sshj[5]);
            String forcedName = "OpenSSH forced to " + sshj[3] + (isAead(sshj[3]) ? "" : " + " + sshj[5]);
            List<String> gcm = List.of("-c", "aes128-gcm@openssh.com");
            String gcmName = "OpenSSH forced to aes128-gcm@openssh.com";
            algorithms.put("OpenSSH default", sshNegotiated(List.of()));
            algorithms.put(forcedName, sshNegotiated(forced));
            if (!gcmName.equals(forcedName)) {
                algorithms.put(gcmName, sshNegotiated(gcm));
            }

            Map<String, Master> masters = new LinkedHashMap<>();
            masters.put("OpenSSH default", Master.start(this, "default", List.of()));
            masters.put(forcedName, Master.start(this, "forced", forced));
            if (!gcmName.equals(forcedName)) { // SSHJ negotiated a CTR cipher: also show OpenSSH with GCM
                masters.put(gcmName, Master.start(this, "gcm", gcm));
            }
            try {
                for (int round = 0; round <= RUNS; round++) {
                    boolean counted = round > 0;
                    System.out.printf(Locale.ROOT, "round %d%s (loadavg %s)%n", round, counted ? "" : " (warm-up)",
                            loadavg());
                    record(counted, SETUP_PLAIN, sshSeconds(List.of(), "true", null));
                    sshj(counted, false);
                    for (Map.Entry<String, Master> m : masters.entrySet()) {
                        record(counted, "download mux: " + m.getKey(), sshMuxTransfer(m.getValue(), false));
                    }
                    record(counted, "download plain: OpenSSH default", sshSeconds(List.of(), "cat " + file, null));
                    record(counted, "download plain: " + forcedName, sshSeconds(forced, "cat " + file, null));
                    if (UPLOAD) {
                        sshj(counted, true);
                        for (Map.Entry<String, Master> m : masters.entrySet()) {
                            record(counted, "upload mux: " + m.getKey(), sshMuxTransfer(m.getValue(), true));
                        }
                        record(counted, "upload plain: OpenSSH default", sshSeconds(List.of(), "cat > /dev/null", file));
                        record(counted, "upload plain: " + forcedName, sshSeconds(forced, "cat > /dev/null", file));
                    }
                }
            } finally {
                for (Master m : masters.values()) {
                    m.close();
                }
            }
            report(forcedName, gcmName, loadBefore);
        } finally {
            server.close();
        }
    }

    // ---------------------------------------------------------------------------------------------------

    private void makeFile() throws IOException {
        file = dir.resolve("payload.bin");
        Random random = new Random(42);
        chunk = new byte[BUFFER];
        random.nextBytes(chunk);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < MIB; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        assertEquals(BYTES, Files.size(file));
    }

    /** What SSHJ negotiated with this sshd, from its KeyExchanger's debug log: kex, sig, ciphers, MACs. */
    private String[] sshjNegotiated() throws Exception {
        List<String> lines = SshjKexLog.during(() -> connect().close());
        for (String line : lines) {
            Matcher m = SSHJ_NEGOTIATED.matcher(line);
            if (m.find()) {
                return new String[] {m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6)};
            }
        }
        throw new AssertionError("no \"Negotiated algorithms\" in SSHJ's KeyExchanger log: " + lines);
    }

    private static boolean isAead(String cipher) {
        return cipher.contains("-gcm@") || cipher.startsWith("chacha20-poly1305");
    }

    /** {@code -c cipher -m mac} for ssh (no -m for an AEAD cipher, whose MAC is built in). */
    private static List<String> forcedOptions(String cipher, String mac) {
        return isAead(cipher) ? List.of("-c", cipher) : List.of("-c", cipher, "-m", mac);
    }

    /** What ssh negotiated with these options, from {@code ssh -v}. */
    private String sshNegotiated(List<String> options) throws Exception {
        Path stderr = dir.resolve("ssh-v.txt");
        List<String> command = sshCommand(concat(List.of("-v", "-n"), options), "true");
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "ssh -v true did not finish");
        String text = Files.readString(stderr);
        assertEquals(0, p.exitValue(), "ssh -v true failed: " + text);
        Matcher kex = SSH_KEX.matcher(text);
        StringBuilder sb = new StringBuilder("kex ").append(kex.find() ? kex.group(1) : "?");
        Matcher m = SSH_CIPHER.matcher(text);
        while (m.find()) {
            sb.append(", ").append(m.group(1).equals("server->client") ? "download " : "upload ")
                    .append(m.group(2)).append(" + ").append(m.group(3));
        }
        return sb.toString();
    }

    private SshConnection connect() throws Exception {
        return connector.attempt(spec, new ScriptedInteraction(), 80, 24).run();
    }

    /** One SSHJ connection made by {@code SshConnector}, one transfer on an exec channel, disconnect. */
    private void sshj(boolean counted, boolean upload) throws Exception {
        String direction = upload ? "upload" : "download";
        long start = System.nanoTime();
        double transfer;
        long cpu;
        try (SshConnection connection = connect()) {
            record(counted, SETUP_SSHJ, (System.nanoTime() - start) / 1e9);
            long cpuStart = processCpuNanos();
            try (Session session = connection.client().startSession()) {
                Session.Command cmd = session.exec(upload ? "cat > /dev/null" : "cat " + file);
                if (upload) {
                    transfer = upload(cmd.getOutputStream(), () -> cmd.join(60, TimeUnit.SECONDS));
                } else {
                    transfer = download(cmd.getInputStream());
                    cmd.join(60, TimeUnit.SECONDS);
                }
                assertEquals(Integer.valueOf(0), cmd.getExitStatus(), direction + ": cat's exit status");
            }
            cpu = processCpuNanos() - cpuStart;
        }
        long end = System.nanoTime();
        record(counted, direction + ": SSHJ (Holdfast) transfer", transfer);
        record(counted, direction + ": SSHJ (Holdfast) end to end", (end - start) / 1e9);
        record(counted, direction + ": SSHJ (Holdfast) JVM CPU", cpu / 1e9);
    }

    /** Reads to EOF, dropping the bytes; returns the seconds from the first byte to EOF. */
    private static double download(InputStream stream) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        long first = 0;
        try (InputStream in = stream) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (total == 0 && n > 0) {
                    first = System.nanoTime();
                }
                total += n;
            }
        }
        long end = System.nanoTime();
        assertEquals(BYTES, total, "bytes downloaded");
        return (end - first) / 1e9;
    }

    private interface Done {
        void await() throws Exception;
    }

    /**
     * Writes {@link #BYTES} random bytes from a 64 KB buffer, closes (EOF), waits until {@code done}; returns
     * the seconds from the first write to then.
     */
    private double upload(OutputStream stream, Done done) throws Exception {
        long first = System.nanoTime();
        try (OutputStream out = stream) {
            for (long sent = 0; sent < BYTES; sent += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, BYTES - sent));
            }
        }
        done.await();
        return (System.nanoTime() - first) / 1e9;
    }

    /**
     * The transfer over a master connection: {@code ssh -S socket ...} with its stdout (download) or stdin
     * (upload) a pipe to this JVM, timed like SSHJ's: first byte to EOF, or first write to exit.
     */
    private double sshMuxTransfer(Master master, boolean upload) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(sshCommand(master.options(), upload ? "cat > /dev/null" : "cat " + file))
                .redirectError(dir.resolve("ssh-stderr.txt").toFile());
        if (upload) {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        } else {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process p = pb.start();
        double seconds = upload ? upload(p.getOutputStream(), () -> p.waitFor(120, TimeUnit.SECONDS))
                : download(p.getInputStream());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "ssh -S did not finish");
        assertEquals(0, p.exitValue(), "ssh -S failed: " + Files.readString(dir.resolve("ssh-stderr.txt")));
        return seconds;
    }

    private List<String> sshCommand(List<String> options, String remoteCommand) {
        List<String> command = new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-i", key.toString(),
                "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-p", String.valueOf(server.port())));
        command.addAll(options);
        command.add(server.user() + "@" + server.host());
        if (remoteCommand != null) {
            command.add(remoteCommand);
        }
        return command;
    }

    /** Runs ssh, stdout to /dev/null, stdin from {@code input} (or a closed pipe); returns fork-to-exit seconds. */
    private double sshSeconds(List<String> options, String remoteCommand, Path input) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(sshCommand(options, remoteCommand))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve("ssh-stderr.txt").toFile());
        if (input != null) {
            pb.redirectInput(input.toFile());
        } else {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        long start = System.nanoTime();
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "ssh " + remoteCommand + " did not finish");
        long end = System.nanoTime();
        assertEquals(0, p.exitValue(), "ssh " + options + " " + remoteCommand + " failed: "
                + Files.readString(dir.resolve("ssh-stderr.txt")));
        return (end - start) / 1e9;
    }

    private void record(boolean counted, String name, double value) {
        if (counted) {
            seconds.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
    }

    // ---------------------------------------------------------------------------------------------------

    private void report(String forcedName, String gcmName, String loadBefore) {
        System.out.printf(Locale.ROOT, "%nSSH throughput, %d MiB per transfer, %d counted rounds after 1 warm-up; "
                + "median [min-max]%n", MIB, RUNS);
        System.out.println("negotiated:");
        algorithms.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-45s %s%n", k, v));
        System.out.printf(Locale.ROOT, "set-up, s: SshConnector connect+auth+PTY shell %s; `ssh ... true` fork to "
                + "exit %s%n", fmt(seconds.get(SETUP_SSHJ), 3), fmt(seconds.get(SETUP_PLAIN), 3));
        List<String> directions = UPLOAD ? List.of("download", "upload") : List.of("download");
        for (String dir : directions) {
            System.out.printf(Locale.ROOT, "%n%s, MiB/s%n", dir);
            List<Double> sshj = rates(seconds.get(dir + ": SSHJ (Holdfast) transfer"), 0);
            List<Double> sshjE2e = rates(seconds.get(dir + ": SSHJ (Holdfast) end to end"), 0);
            List<Double> def = rates(seconds.get(dir + " mux: OpenSSH default"), 0);
            List<Double> forced = rates(seconds.get(dir + " mux: " + forcedName), 0);
            List<Double> gcm = gcmName.equals(forcedName) ? null : rates(seconds.get(dir + " mux: " + gcmName), 0);
            List<Double> defE2e = rates(seconds.get(dir + " plain: OpenSSH default"), 0);
            List<Double> forcedE2e = rates(seconds.get(dir + " plain: " + forcedName), 0);
            System.out.printf(Locale.ROOT, "  %-60s %-20s %s%n", "", "transfer", "end to end");
            line("SSHJ (Holdfast)", sshj, sshjE2e);
            line("OpenSSH default", def, defE2e);
            line(forcedName, forced, forcedE2e);
            if (gcm != null) {
                line(gcmName, gcm, null);
            }
            ratio("SSHJ / OpenSSH default, transfer", sshj, def);
            ratio("  cipher choice: OpenSSH forced / OpenSSH default", forced, def);
            ratio("  implementation: SSHJ / OpenSSH forced", sshj, forced);
            ratio("SSHJ / OpenSSH default, end to end", sshjE2e, defE2e);
        }
        for (String dir : directions) {
            System.out.printf(Locale.ROOT, "SSHJ's JVM, CPU time during a %s (whole process, s): %s%n", dir,
                    fmt(seconds.get(dir + ": SSHJ (Holdfast) JVM CPU"), 2));
        }
        System.out.printf(Locale.ROOT, "loadavg before: %s%nloadavg after:  %s%n", loadBefore, loadavg());
    }

    private static void line(String name, List<Double> transfer, List<Double> e2e) {
        System.out.printf(Locale.ROOT, "  %-60s %-20s %s%n", name, fmt(transfer, 0), e2e == null ? "-" : fmt(e2e, 0));
    }

    /**
     * Prints the ratio of the medians and the median [range] of the per-round ratios: a round's variants
     * run within seconds of each other, so the per-round ratio cancels most of the load from other
     * processes that changes between rounds.
     */
    private static void ratio(String label, List<Double> a, List<Double> b) {
        List<Double> perRound = new ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            perRound.add(a.get(i) / b.get(i));
        }
        System.out.printf(Locale.ROOT, "  %-52s ratio of medians %.2f; per round %s%n", label + ":",
                median(a) / median(b), fmt(perRound, 2));
    }

    private static List<Double> rates(List<Double> secondsList, double minus) {
        return secondsList.stream().map(s -> BYTES / (1024.0 * 1024.0) / (s - minus)).toList();
    }

    private static String fmt(List<Double> values, int decimals) {
        List<Double> sorted = values.stream().sorted().toList();
        String f = "%." + decimals + "f";
        return String.format(Locale.ROOT, f + " [" + f + "-" + f + "]", median(values), sorted.get(0),
                sorted.get(sorted.size() - 1));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /**
     * An OpenSSH connection kept open as a multiplexing master ({@code ssh -M -S socket -N}), so that
     * {@code ssh -S socket ... cat FILE} runs over it without a new connection, key exchange or login: its
     * fork-to-exit time is the transfer plus a few milliseconds (measured with {@code true}).
     */
    private record Master(Process process, Path socket, List<String> options, SshThroughputBenchmark bench)
            implements AutoCloseable {
        static Master start(SshThroughputBenchmark bench, String name, List<String> algorithms) throws Exception {
            Path socket = bench.dir.resolve("mux-" + name);
            List<String> masterOptions = concat(List.of("-M", "-S", socket.toString(), "-N", "-n"), algorithms);
            Process process = new ProcessBuilder(bench.sshCommand(masterOptions, null))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(bench.dir.resolve("mux-" + name + ".err").toFile()).start();
            List<String> clientOptions = List.of("-S", socket.toString(), "-o", "ControlMaster=no");
            return Await.value("the ssh master " + name + " to come up", Duration.ofSeconds(15), () -> {
                Process check = new ProcessBuilder(bench.sshCommand(concat(clientOptions, List.of("-O", "check")), null))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
                if (check.waitFor(10, TimeUnit.SECONDS) && check.exitValue() == 0) {
                    return Optional.of(new Master(process, socket, clientOptions, bench));
                }
                if (!process.isAlive()) {
                    throw new AssertionError("the ssh master " + name + " exited: "
                            + Files.readString(bench.dir.resolve("mux-" + name + ".err")));
                }
                return Optional.<Master>empty();
            }, () -> {
                process.destroy();
                try {
                    return Files.readString(bench.dir.resolve("mux-" + name + ".err"));
                } catch (java.io.IOException e) {
                    return e.toString();
                }
            });
        }

        @Override
        public void close() throws Exception {
            Process exit = new ProcessBuilder(bench.sshCommand(concat(options, List.of("-O", "exit")), null))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
            exit.waitFor(10, TimeUnit.SECONDS);
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
            }
        }
    }

    /** The connector logs each connect at INFO; keep warnings. */
    private static void quietConnectionLogs() {
        if (LoggerFactory.getLogger("dev.holdfast.ssh") instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(Level.WARN);
        }
    }
}
