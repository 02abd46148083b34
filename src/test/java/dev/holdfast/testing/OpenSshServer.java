package dev.holdfast.testing;

import dev.holdfast.ssh.HostKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's real OpenSSH server ({@code /usr/sbin/sshd}) on a free loopback port, for tests: its own
 * config, fresh ED25519 and ECDSA host keys and an authorized_keys file, all in the directory it is given.
 * Public-key login only, as the user running the tests; a session runs {@code /bin/sh} (or the requested
 * command) without the user's dotfiles. It runs in the foreground with {@code -e} and
 * {@code LogLevel DEBUG3}, and its log is kept for the test to read ({@link #log()}, {@link #awaitLog}).
 *
 * <p>If openssh-server is not installed the test is skipped, or fails where {@code CI} is set
 * ({@link Requires#sshd()}): CI installs it, and locally {@code apt-get install -y openssh-server} does.
 */
public final class OpenSshServer implements AutoCloseable {
    /** sshd re-executes itself for each connection, so it must be started by its absolute path. */
    public static final Path SSHD = Path.of("/usr/sbin/sshd");
    /** Debian's privilege-separation directory, which sshd refuses to run without. */
    static final Path PRIVSEP_DIR = Path.of("/run/sshd");
    private static final Duration START_LIMIT = Duration.ofSeconds(10);
    private static final int START_TRIES = 3;

    private final Path dir;
    private final Path authorizedKeys;
    private final String user = System.getProperty("user.name");
    private final StringBuffer log = new StringBuffer();
    private final String logLevel;
    private Process process;
    private Thread logReader;
    private int port;
    private Path hostCertificate;
    private List<String> extraConfig = List.of();

    /** Makes a host certificate for the server's ED25519 host key, before sshd starts. */
    @FunctionalInterface
    public interface HostCertifier {
        /**
         * Returns the certificate file sshd is to present ({@code HostCertificate}); sshd reads it for every
         * connection, so overwriting it re-issues the certificate without a restart.
         *
         * @param hostPublicKey the ED25519 host public key file
         */
        Path certify(Path hostPublicKey) throws IOException, InterruptedException;
    }

    private OpenSshServer(Path dir, String logLevel) {
        this.dir = dir.toAbsolutePath();
        this.logLevel = logLevel;
        this.authorizedKeys = this.dir.resolve("authorized_keys");
    }

    /**
     * Generates host keys in {@code dir}, writes the config and starts sshd, waiting until it listens.
     *
     * @param dir a fresh directory of the test's own, such as a {@code @TempDir}
     */
    public static OpenSshServer start(Path dir) throws IOException, InterruptedException {
        return start(dir, "DEBUG3");
    }

    /**
     * As {@link #start(Path)}, with another sshd {@code LogLevel}. Benchmarks use {@code INFO}: the log is
     * kept in this (the measured) process, and at DEBUG3 it grows by about 1,100 lines per connection and
     * with every keepalive probe. At INFO the log still says when sshd listens, so the start is detected.
     */
    public static OpenSshServer start(Path dir, String logLevel) throws IOException, InterruptedException {
        return start(dir, logLevel, java.util.List.of());
    }

    /**
     * As {@link #start(Path, String)}, with more lines for sshd_config, such as {@code SetEnv} lines that give
     * the sessions a PATH or a tmux socket directory of the test's own.
     */
    public static OpenSshServer start(Path dir, String logLevel, List<String> extraConfig)
            throws IOException, InterruptedException {
        Requires.sshd();
        OpenSshServer server = new OpenSshServer(dir, logLevel);
        server.extraConfig = List.copyOf(extraConfig);
        server.prepare();
        server.launch();
        return server;
    }

    /**
     * As {@link #start(Path)}, with a {@code HostCertificate} for the ED25519 host key, made by {@code certifier}
     * (with the real {@code ssh-keygen -s}) once the host keys exist.
     */
    public static OpenSshServer startWithHostCertificate(Path dir, HostCertifier certifier)
            throws IOException, InterruptedException {
        Requires.sshd();
        OpenSshServer server = new OpenSshServer(dir, "DEBUG3");
        server.prepare();
        server.hostCertificate = certifier.certify(server.hostPublicKeyFile("ed25519")).toAbsolutePath();
        server.launch();
        return server;
    }

    private void prepare() throws IOException, InterruptedException {
        ensurePrivsepDir();
        Files.createDirectories(dir);
        for (String type : List.of("ed25519", "ecdsa")) {
            SshKeys.run(List.of("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "holdfast-test-host",
                    "-f", hostKeyFile(type).toString()));
        }
        Files.writeString(authorizedKeys, "");
    }

    /** Creates /run/sshd (root-owned, 0755) if it is missing and this user may; sshd's log says if not. */
    private static void ensurePrivsepDir() {
        if (Files.isDirectory(PRIVSEP_DIR)) {
            return;
        }
        try {
            Files.createDirectories(PRIVSEP_DIR);
            Files.setPosixFilePermissions(PRIVSEP_DIR, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException | UnsupportedOperationException e) {
            // Not root: sshd will explain in its log, which the start failure shows.
        }
    }

    private void launch() throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            port = freePort();
            Path config = dir.resolve("sshd_config");
            Files.writeString(config, config(port));
            log.setLength(0);
            process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                    .redirectErrorStream(true).start();
            process.getOutputStream().close();
            logReader = new Thread(this::readLog, "sshd-log-" + port);
            logReader.setDaemon(true);
            logReader.start();
            String listening = "Server listening on 127.0.0.1 port " + port + ".";
            Await.within(START_LIMIT, () -> !process.isAlive() || log().contains(listening));
            if (log().contains(listening) && process.isAlive()) {
                return;
            }
            String state = process.isAlive() ? "still running" : "exit status " + process.exitValue();
            stop(); // also waits for the rest of the log
            boolean portTaken = log().contains("Address already in use");
            if (!portTaken || attempt == START_TRIES) {
                throw new AssertionError("sshd did not start listening on 127.0.0.1:" + port + " within "
                        + START_LIMIT.toSeconds() + " s (" + state + "). Its log:\n" + log());
            }
        }
    }

    private String config(int port) {
        return String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + hostKeyFile("ed25519"),
                "HostKey " + hostKeyFile("ecdsa"),
                hostCertificate == null ? "" : "HostCertificate " + hostCertificate,
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + authorizedKeys,
                "StrictModes no",
                "UsePAM no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "LogLevel " + logLevel,
                // Hermetic sessions: a plain interactive /bin/sh, or the requested command, run without the
                // login user's dotfiles. A login shell runs root's ~/.profile and ~/.bashrc, whose tools may
                // block (a pyenv rehash lock, left by a shell killed at a test's end, held every later login
                // for a minute). sshd runs ForceCommand through the user's shell; for bash, SHLVL=1 keeps that
                // `bash -c` from reading ~/.bashrc as it otherwise does under sshd.
                extraConfig.stream().anyMatch(l -> l.startsWith("SetEnv"))
                        ? extraConfig.stream().filter(l -> l.startsWith("SetEnv")).map(l -> l + " SHLVL=1")
                                .collect(java.util.stream.Collectors.joining("\n"))
                        : "SetEnv SHLVL=1",
                String.join("\n", extraConfig.stream().filter(l -> !l.startsWith("SetEnv")).toList()),
                "ForceCommand if [ -n \"$SSH_ORIGINAL_COMMAND\" ]; then exec /bin/sh -c \"$SSH_ORIGINAL_COMMAND\"; "
                        + "else exec /bin/sh -i; fi",
                "");
    }


    private void readLog() {
        appendLines(process, log);
    }

    /** Appends the process's output to {@code log} line by line until it ends: an sshd's log, read as it comes. */
    static void appendLines(Process process, StringBuffer log) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                log.append(line).append('\n');
            }
        } catch (IOException e) {
            log.append("[reading the sshd log failed: ").append(e).append("]\n");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** The login name: the user running the tests, whom sshd (running as that user or as root) can log in. */
    public String user() {
        return user;
    }

    /** Lets the public key in an OpenSSH {@code .pub} file log in as {@link #user()}. */
    public void authorize(Path publicKeyFile) throws IOException {
        String line = Files.readString(publicKeyFile).trim() + "\n";
        Files.writeString(authorizedKeys, line, StandardOpenOption.APPEND);
    }

    /** The private host key file of a type (ed25519 or ecdsa); the public key is beside it with .pub. */
    public Path hostKeyFile(String type) {
        return dir.resolve("ssh_host_" + type + "_key");
    }

    /** The host public key file of a type (ed25519 or ecdsa), as {@code type base64 comment}. */
    public Path hostPublicKeyFile(String type) {
        return SshKeys.publicKey(hostKeyFile(type));
    }

    /** The host public key of a type (ed25519 or ecdsa) as it would stand in known_hosts. */
    public HostKey hostKey(String type) throws IOException {
        String[] fields = Files.readString(hostPublicKeyFile(type)).trim().split("\\s+");
        return HostKey.fromBase64(fields[0], fields[1]);
    }

    /** The host key's fingerprint as OpenSSH itself prints it: {@code ssh-keygen -l -E sha256}. */
    public String hostKeyFingerprint(String type) throws IOException, InterruptedException {
        return fingerprint(hostPublicKeyFile(type));
    }

    /** The {@code SHA256:...} field of {@code ssh-keygen -l -E sha256 -f file}. */
    public static String fingerprint(Path publicKeyFile) throws IOException, InterruptedException {
        Process keygen = new ProcessBuilder("ssh-keygen", "-l", "-E", "sha256", "-f", publicKeyFile.toString())
                .redirectErrorStream(true).start();
        String output = new String(keygen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (keygen.waitFor() != 0) {
            throw new IOException("ssh-keygen -l failed for " + publicKeyFile + ": " + output);
        }
        Matcher m = Pattern.compile("SHA256:[A-Za-z0-9+/]+").matcher(output);
        if (!m.find()) {
            throw new IOException("no SHA256 fingerprint in: " + output);
        }
        return m.group();
    }

    /** Everything sshd (and its per-connection children) logged so far. */
    public String log() {
        return log.toString();
    }

    /** The log's lines so far. */
    public List<String> logLines() {
        return List.of(log().split("\n"));
    }

    /**
     * Waits until a log line matches (sshd writes its log asynchronously to the client's progress).
     *
     * @return the first matching line's matcher, after {@code find()}
     * @throws AssertionError with the whole log if none matched in time
     */
    public Matcher awaitLog(Pattern pattern, Duration limit) throws InterruptedException {
        return Await.value("sshd to log a line matching /" + pattern + "/", limit, () -> findLog(pattern),
                () -> "its log:\n" + log());
    }

    /** The first log line matching so far, if any. */
    public Optional<Matcher> findLog(Pattern pattern) {
        for (String line : logLines()) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Every log line matching so far. */
    public List<String> allLog(Pattern pattern) {
        List<String> lines = new ArrayList<>();
        for (String line : logLines()) {
            if (pattern.matcher(line).find()) {
                lines.add(line);
            }
        }
        return lines;
    }

    /**
     * The processes sshd runs for the connections open now (its descendants: the privileged monitor,
     * the user's sshd and the shell), oldest first. The listening sshd is not among them.
     */
    public List<ProcessHandle> sessionProcesses() {
        return process.descendants().sorted(java.util.Comparator.comparing(
                h -> h.info().startInstant().orElse(java.time.Instant.EPOCH))).toList();
    }

    /** Sends a signal ({@code STOP}, {@code CONT}, {@code TERM}, {@code KILL}) to every session process. */
    public void signalSessions(String signal) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        sessionProcesses().forEach(h -> command.add(Long.toString(h.pid())));
        if (command.size() == 2) {
            throw new AssertionError("sshd has no session processes to send " + signal + " to");
        }
        Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0 && !output.contains("No such process")) {
            throw new AssertionError("kill -" + signal + " failed: " + output);
        }
    }

    /** Stops sshd and the per-connection processes it forked. */
    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        // Connections first, deepest first, while the listening sshd is there to reap them; then sshd.
        List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
        java.util.Collections.reverse(children);
        children.forEach(ProcessHandle::destroy);
        Await.within(Duration.ofSeconds(3), () -> children.stream().noneMatch(ProcessHandle::isAlive));
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        logReader.join(TimeUnit.SECONDS.toMillis(2));
    }
}
