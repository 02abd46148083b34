package dev.holdfast.testing;

import dev.holdfast.ssh.HostKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's real OpenSSH server ({@code /usr/sbin/sshd}) alone in a network namespace of its own, reached
 * from the test's (root) namespace over a veth pair, so the path to it can be cut for real: {@link #blackhole}
 * makes the namespace's firewall drop every packet in and out, as a dead link or a crashed middlebox would.
 * Nothing is answered, not even with a reset.
 *
 * <p>Layout: namespace {@code hf<pid>-<n>}; veth {@code hf<pid>-<n>h} stays in the root namespace with
 * {@code 10.213.X.(4k+1)/30}, its peer {@code hf<pid>-<n>p} moves into the namespace with
 * {@code 10.213.X.(4k+2)/30}, where X comes from the JVM's pid and k from a counter, skipping subnets already
 * in use. sshd listens on that address, port 22, with its own ED25519 host key; public-key login only; since
 * these tests run as root, the login is {@code root}. Its log ({@code -e}, LogLevel DEBUG) is kept for the
 * test ({@link #log()}, {@link #awaitLog}).
 *
 * <p>This needs root (namespaces, veth, iptables) and the commands {@code ip}, {@code iptables},
 * {@code /usr/sbin/sshd} and {@code ssh}. When they are missing the test is skipped with the Debian packages to
 * install, or fails where {@code CI} is set ({@link Requires#netns()}):
 * {@code apt-get install -y iproute2 iptables openssh-server}. Debian 12's
 * {@code iptables} is the nft variant, which works the same here.
 *
 * <p>{@link #close()} kills the OpenSSH clients started with {@link #sshClient}, sshd and anything else
 * left in the namespace, then deletes the veth pair and the namespace, whatever failed before; a JVM
 * shutdown hook does the same if the test never gets to close it.
 */
public final class NetnsSshd implements AutoCloseable {
    public static final Path SSHD = OpenSshServer.SSHD;
    public static final int PORT = 22;
    private static final String PACKAGES = "apt-get install -y iproute2 iptables openssh-server";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Duration START_LIMIT = Duration.ofSeconds(10);
    private static final Duration COMMAND_LIMIT = Duration.ofSeconds(10);

    private final Path dir;
    private final String ip;
    private final String iptables;
    private final String ssh;
    private final Path authorizedKeys;
    private final StringBuffer log = new StringBuffer();
    private final List<Process> clients = new CopyOnWriteArrayList<>();
    private final Thread shutdownHook = new Thread(this::cleanUp, "netns-sshd-cleanup");
    private String namespace;
    private String hostVeth;
    private String hostAddress;
    private boolean extraInterface;
    private String address;
    private Process process;
    private Thread logReader;
    private volatile long blackholeStartNanos;
    private volatile long blackholedAtNanos;
    private boolean closed;
    private List<String> extraConfig = List.of();

    private NetnsSshd(Path dir, String ip, String iptables, String ssh) {
        this.dir = dir.toAbsolutePath();
        this.ip = ip;
        this.iptables = iptables;
        this.ssh = ssh;
        this.authorizedKeys = this.dir.resolve("authorized_keys");
    }

    /**
     * Creates the namespace and the veth pair, generates the host key in {@code dir}, writes the config and
     * starts sshd in the namespace, waiting until it listens. On any failure everything made so far is
     * removed again.
     *
     * @param dir a fresh directory of the test's own, such as a {@code @TempDir}
     */
    public static NetnsSshd start(Path dir) throws IOException, InterruptedException {
        return start(dir, List.of());
    }

    /**
     * As {@link #start(Path)}, with more lines for sshd_config, such as
     * {@code SetEnv TMUX_TMPDIR=…} so that a test's tmux server is its own.
     */
    public static NetnsSshd start(Path dir, List<String> extraConfig) throws IOException, InterruptedException {
        Requires.netns();
        String ip = command("ip", "iproute2");
        String iptables = command("iptables", "iptables");
        String ssh = command("ssh", "openssh-client");
        if (!Files.isExecutable(SSHD)) {
            throw new AssertionError(SSHD + " is missing: this test runs Debian's real OpenSSH server in a network "
                    + "namespace. Install the packages with: " + PACKAGES);
        }
        NetnsSshd server = new NetnsSshd(dir, ip, iptables, ssh);
        server.extraConfig = List.copyOf(extraConfig);
        Runtime.getRuntime().addShutdownHook(server.shutdownHook);
        try {
            server.createNetwork();
            server.prepare();
            server.launch();
            return server;
        } catch (Throwable e) {
            try {
                server.close();
            } catch (Throwable cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** The command's absolute path ({@link Requires#netns()} has checked it is there). */
    private static String command(String name, String debianPackage) {
        String path = System.getenv("PATH");
        return Requires.find(name, Files::isExecutable, path == null ? List.of() : List.of(path.split(":")))
                .map(Path::toString)
                .orElseThrow(() -> new AssertionError("The command '" + name + "' (Debian package " + debianPackage
                        + ") is missing: this test blackholes a real OpenSSH server inside a network namespace. "
                        + "Install the packages with: " + PACKAGES));
    }

    private void createNetwork() throws IOException, InterruptedException {
        long pid = ProcessHandle.current().pid();
        int third = (int) (pid % 254) + 1;
        for (int attempt = 0; attempt < 64; attempt++) {
            int n = COUNTER.getAndIncrement();
            String name = "hf" + pid + "-" + n;
            if (name.length() + 1 > 15) { // interface names are at most 15 characters
                name = "hf" + (pid % 1_000_000) + "-" + (n % 100);
            }
            int base = (n % 64) * 4;
            String prefix = "10.213." + third + ".";
            String inUse = run(List.of(ip, "-4", "-o", "addr", "show")).output()
                    + run(List.of(ip, "-4", "route", "show")).output();
            if (inUse.contains(" " + prefix + (base + 1) + "/") || inUse.contains(" " + prefix + (base + 2) + "/")
                    || inUse.contains(prefix + base + "/30")) {
                continue; // another test run (or a leftover) has this subnet
            }
            Result add = run(List.of(ip, "netns", "add", name));
            if (!add.ok()) {
                if (add.output().contains("File exists")) {
                    continue; // a leftover of an earlier JVM with the same pid
                }
                throw new AssertionError("Cannot create a network namespace (`ip netns add " + name + "` said: "
                        + add.output().trim() + "). This test must run as root (CAP_SYS_ADMIN and CAP_NET_ADMIN), "
                        + "as it does in CI, with the packages of: " + PACKAGES);
            }
            namespace = name;
            hostVeth = name + "h";
            String peerVeth = name + "p";
            hostAddress = prefix + (base + 1);
            address = prefix + (base + 2);
            check(List.of(ip, "link", "add", hostVeth, "type", "veth", "peer", "name", peerVeth));
            check(List.of(ip, "link", "set", peerVeth, "netns", namespace));
            check(List.of(ip, "addr", "add", hostAddress + "/30", "dev", hostVeth));
            check(List.of(ip, "link", "set", hostVeth, "up"));
            check(List.of(ip, "-n", namespace, "addr", "add", address + "/30", "dev", peerVeth));
            check(List.of(ip, "-n", namespace, "link", "set", peerVeth, "up"));
            check(List.of(ip, "-n", namespace, "link", "set", "lo", "up"));
            Result rules = run(List.of(ip, "netns", "exec", namespace, iptables, "-S"));
            if (!rules.ok()) {
                throw new AssertionError("iptables does not work inside the namespace " + namespace + ": "
                        + rules.output().trim() + ". Install the packages with: " + PACKAGES);
            }
            return;
        }
        throw new AssertionError("No free /30 subnet in 10.213." + third + ".0/24 for the namespace");
    }

    private void prepare() throws IOException, InterruptedException {
        ensurePrivsepDir();
        Files.createDirectories(dir);
        SshKeys.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "holdfast-netns-host",
                "-f", hostKeyFile().toString()));
        Files.writeString(authorizedKeys, "");
    }

    /** sshd refuses to run without Debian's privilege-separation directory, /run/sshd (root-owned, 0755). */
    private static void ensurePrivsepDir() throws IOException {
        Path privsep = Path.of("/run/sshd");
        if (!Files.isDirectory(privsep)) {
            Files.createDirectories(privsep);
            Files.setPosixFilePermissions(privsep, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private void launch() throws IOException, InterruptedException {
        Path config = writeConfig(dir, PORT, address, hostKeyFile(), extraConfig);
        // `ip netns exec` enters the namespace and execs sshd in place, so this process is sshd itself.
        process = new ProcessBuilder(ip, "netns", "exec", namespace, SSHD.toString(), "-D", "-e", "-f",
                config.toString()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        logReader = new Thread(this::readLog, "sshd-log-" + namespace);
        logReader.setDaemon(true);
        logReader.start();
        String listening = "Server listening on " + address + " port " + PORT + ".";
        Await.within(START_LIMIT, () -> !process.isAlive() || log().contains(listening));
        if (!log().contains(listening) || !process.isAlive()) {
            String state = process.isAlive() ? "still running" : "exit status " + process.exitValue();
            throw new AssertionError("sshd did not start listening on " + address + ":" + PORT + " in namespace "
                    + namespace + " within " + START_LIMIT.toSeconds() + " s (" + state + "). Its log:\n" + log());
        }
    }

    /**
     * Starts a second sshd inside the namespace that listens only on the namespace's own loopback, so that only
     * a connection made from inside (through the first sshd as a jump host) reaches it: its own ED25519 host
     * key, the same authorized keys. It ends with the namespace.
     *
     * @return its host key, as it would stand in known_hosts
     */
    public HostKey startInner(int innerPort) throws IOException, InterruptedException {
        Path innerDir = dir.resolve("inner");
        Files.createDirectories(innerDir);
        Path innerKey = innerDir.resolve("ssh_host_ed25519_key");
        SshKeys.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "holdfast-netns-inner",
                "-f", innerKey.toString()));
        Path config = writeConfig(innerDir, innerPort, "127.0.0.1", innerKey, List.of());
        Process inner = new ProcessBuilder(ip, "netns", "exec", namespace, SSHD.toString(), "-D", "-e", "-f",
                config.toString()).redirectErrorStream(true).start();
        inner.getOutputStream().close();
        clients.add(inner);
        StringBuffer innerLog = new StringBuffer();
        Thread reader = new Thread(() -> OpenSshServer.appendLines(inner, innerLog), "sshd-inner-log-" + namespace);
        reader.setDaemon(true);
        reader.start();
        String listening = "Server listening on 127.0.0.1 port " + innerPort + ".";
        Await.within(START_LIMIT, () -> !inner.isAlive() || innerLog.toString().contains(listening));
        if (!inner.isAlive() || !innerLog.toString().contains(listening)) {
            throw new AssertionError("the inner sshd did not start listening on 127.0.0.1:" + innerPort
                    + " in namespace " + namespace + ". Its log:\n" + innerLog);
        }
        String[] fields = Files.readString(SshKeys.publicKey(innerKey)).trim().split("\\s+");
        return HostKey.fromBase64(fields[0], fields[1]);
    }

    /**
     * Drops, inside the namespace, every packet to and from {@code port} on its loopback (the inner sshd of
     * {@link #startInner}), leaving the first sshd reachable: the silence is past the jump host.
     *
     * @return when the rules were in place, in {@link System#nanoTime()}
     */
    public long blackholeLoopbackPort(int port) throws IOException, InterruptedException {
        check(List.of(ip, "netns", "exec", namespace, iptables, "-I", "INPUT", "-i", "lo", "-p", "tcp", "--dport",
                String.valueOf(port), "-j", "DROP"));
        check(List.of(ip, "netns", "exec", namespace, iptables, "-I", "INPUT", "-i", "lo", "-p", "tcp", "--sport",
                String.valueOf(port), "-j", "DROP"));
        return System.nanoTime();
    }

    /** An sshd_config in {@code where}: public-key login only, as root, these authorized keys, DEBUG log. */
    private Path writeConfig(Path where, int port, String listen, Path hostKey, List<String> extra) throws IOException {
        Path config = where.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "Port " + port,
                "ListenAddress " + listen,
                "HostKey " + hostKey,
                "PidFile " + where.resolve("sshd.pid"),
                "AuthorizedKeysFile " + authorizedKeys,
                "StrictModes no",
                "UsePAM no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "LogLevel DEBUG",
                String.join("\n", extra),
                ""));
        return config;
    }

    private void readLog() {
        OpenSshServer.appendLines(process, log);
    }

    /** The namespace's name, for {@code ip netns exec}. */
    public String namespace() {
        return namespace;
    }

    /** The server's address inside the namespace. */
    public String host() {
        return address;
    }

    /** The address of the veth end in the test's namespace: where the server sees connections come from. */
    public String clientAddress() {
        return hostAddress;
    }

    public int port() {
        return PORT;
    }

    /** The login name: root, which these tests run as. */
    public String user() {
        return "root";
    }

    /** Lets the public key in an OpenSSH {@code .pub} file log in as {@link #user()}. */
    public void authorize(Path publicKeyFile) throws IOException {
        Files.writeString(authorizedKeys, Files.readString(publicKeyFile).trim() + "\n", StandardOpenOption.APPEND);
    }

    /** The private ED25519 host key file; the public key is beside it with .pub. */
    public Path hostKeyFile() {
        return dir.resolve("ssh_host_ed25519_key");
    }

    /** The ED25519 host public key as it would stand in known_hosts. */
    public HostKey hostKey() throws IOException {
        String[] fields = Files.readString(SshKeys.publicKey(hostKeyFile())).trim().split("\\s+");
        return HostKey.fromBase64(fields[0], fields[1]);
    }

    /**
     * Starts Debian's OpenSSH client ({@code ssh}) from the test's namespace to this server, logging in with
     * {@code identity} and without any host-key check or user config, stdin from /dev/null. It is killed by
     * {@link #close()} if still running.
     *
     * @param options more {@code -o} options, for example {@code ServerAliveInterval=1}
     * @param remoteCommand what to run on the server, or empty for {@code -N} (no command)
     */
    public Process sshClient(Path identity, List<String> options, Optional<String> remoteCommand) throws IOException {
        List<String> command = new ArrayList<>(List.of(ssh, "-F", "/dev/null", "-n", "-i", identity.toString(),
                "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "BatchMode=yes"));
        for (String option : options) {
            command.add("-o");
            command.add(option);
        }
        command.add("-p");
        command.add(String.valueOf(PORT));
        if (remoteCommand.isEmpty()) {
            command.add("-N");
        }
        command.add(user() + "@" + address);
        remoteCommand.ifPresent(command::add);
        Process client = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        clients.add(client);
        return client;
    }

    /**
     * Cuts the path: inserts DROP rules at the head of the namespace's INPUT and OUTPUT chains, both in one
     * atomic {@code iptables-restore --noflush} transaction ({@code -I INPUT -j DROP}, {@code -I OUTPUT -j DROP}),
     * so there is one moment at which the server stops hearing and stops answering.
     *
     * @return {@link System#nanoTime()} right after the command returned (also {@link #blackholedAtNanos()})
     */
    public long blackhole() throws IOException, InterruptedException {
        String restore = Path.of(iptables).resolveSibling("iptables-restore").toString();
        String rules = "*filter\n-I INPUT -j DROP\n-I OUTPUT -j DROP\nCOMMIT\n";
        List<String> command = Files.isExecutable(Path.of(restore))
                ? List.of(ip, "netns", "exec", namespace, restore, "--noflush")
                : null;
        blackholeStartNanos = System.nanoTime();
        if (command != null) {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().write(rules.getBytes(StandardCharsets.US_ASCII));
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(COMMAND_LIMIT.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("iptables-restore in " + namespace + " failed: " + output);
            }
        } else {
            check(List.of(ip, "netns", "exec", namespace, iptables, "-I", "INPUT", "-j", "DROP"));
            check(List.of(ip, "netns", "exec", namespace, iptables, "-I", "OUTPUT", "-j", "DROP"));
        }
        blackholedAtNanos = System.nanoTime();
        return blackholedAtNanos;
    }

    /** Takes the DROP rules of {@link #blackhole} away again: the path works as before. */
    public void unblackhole() throws IOException, InterruptedException {
        check(List.of(ip, "netns", "exec", namespace, iptables, "-D", "INPUT", "-j", "DROP"));
        check(List.of(ip, "netns", "exec", namespace, iptables, "-D", "OUTPUT", "-j", "DROP"));
    }

    /**
     * Takes the address off the veth end in the test's namespace, as when a laptop loses its Wi-Fi address:
     * the route to the server goes with it.
     */
    public void removeClientAddress() throws IOException, InterruptedException {
        check(List.of(ip, "addr", "del", hostAddress + "/30", "dev", hostVeth));
    }

    /** Puts the address back ({@link #removeClientAddress}): the server is reachable again. */
    public void restoreClientAddress() throws IOException, InterruptedException {
        check(List.of(ip, "addr", "add", hostAddress + "/30", "dev", hostVeth));
    }

    /**
     * A network change that leaves the path to the server as it is: a new veth pair appears in the test's
     * namespace (and is gone again with {@link #close}).
     */
    public void addUnrelatedInterface() throws IOException, InterruptedException {
        check(List.of(ip, "link", "add", namespace + "x", "type", "veth", "peer", "name", namespace + "y"));
        check(List.of(ip, "link", "set", namespace + "x", "up"));
        extraInterface = true;
    }

    /** {@link System#nanoTime()} when {@link #blackhole} returned, or 0 before. */
    public long blackholedAtNanos() {
        return blackholedAtNanos;
    }

    /** {@link System#nanoTime()} when {@link #blackhole} started its command: the rules went in between. */
    public long blackholeStartNanos() {
        return blackholeStartNanos;
    }

    /** Packets the DROP rules have dropped so far (INPUT and OUTPUT), as iptables counts them. */
    public long droppedPackets() throws IOException, InterruptedException {
        long total = 0;
        for (String chain : List.of("INPUT", "OUTPUT")) {
            String out = run(List.of(ip, "netns", "exec", namespace, iptables, "-L", chain, "-v", "-n", "-x"))
                    .output();
            for (String line : out.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 2 && f[2].equals("DROP") && f[0].matches("\\d+")) {
                    total += Long.parseLong(f[0]);
                }
            }
        }
        return total;
    }

    /**
     * How long ago, per the kernel's TCP stats ({@code ss -ti}, "lastrcv"), the test-side socket of an
     * established connection to this server owned by process {@code pid} last received data; empty if no
     * such socket is found. Millisecond resolution.
     */
    public OptionalLong millisSinceReceived(long pid) throws IOException, InterruptedException {
        String ss = Path.of(ip).resolveSibling("ss").toString();
        Result result = run(List.of(Files.isExecutable(Path.of(ss)) ? ss : "ss", "-tinpH", "state", "established",
                "dst", address + ":" + PORT));
        String owner = "pid=" + pid + ",";
        boolean ours = false;
        for (String line : result.output().split("\n")) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
                ours = line.contains(owner);
                continue;
            }
            if (ours) {
                Matcher m = Pattern.compile("\\blastrcv:(\\d+)").matcher(line);
                if (m.find()) {
                    return OptionalLong.of(Long.parseLong(m.group(1)));
                }
            }
        }
        return OptionalLong.empty();
    }

    /** Everything sshd (and its per-connection children) logged so far. */
    public String log() {
        return log.toString();
    }

    /**
     * Waits until a log line matches.
     *
     * @return the first matching line's matcher, after {@code find()}
     * @throws AssertionError with the whole log if none matched in time
     */
    public Matcher awaitLog(Pattern pattern, Duration limit) throws InterruptedException {
        return Await.value("sshd to log a line matching /" + pattern + "/", limit, () -> {
            for (String line : log().split("\n")) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return Optional.of(m);
                }
            }
            return Optional.<Matcher>empty();
        }, () -> "its log:\n" + log());
    }

    /**
     * Kills the clients, sshd and whatever else runs in the namespace, then deletes the veth pair and the
     * namespace. Every step is tried even if an earlier one failed; failures are thrown together at the end.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running or will run, and this does the same work anyway
        }
        List<String> failures = cleanUp();
        if (!failures.isEmpty()) {
            throw new IllegalStateException("Cleaning up the network namespace " + namespace + " failed: "
                    + String.join("; ", failures));
        }
    }

    private List<String> cleanUp() {
        List<String> failures = new ArrayList<>();
        // Everything at once, deepest first: the clients, sshd's connections (an interactive shell ignores
        // SIGTERM, hence the short grace and then SIGKILL), sshd itself.
        List<ProcessHandle> processes = new ArrayList<>();
        clients.forEach(client -> processes.add(client.toHandle()));
        if (process != null) {
            List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
            Collections.reverse(children);
            processes.addAll(children);
            processes.add(process.toHandle());
        }
        kill(processes, failures);
        if (namespace != null) {
            try {
                // Anything else still inside (a remote command's orphans) would keep the namespace alive.
                List<ProcessHandle> inside = new ArrayList<>();
                for (String pid : run(List.of(ip, "netns", "pids", namespace)).output().split("\\s+")) {
                    if (pid.matches("\\d+")) {
                        ProcessHandle.of(Long.parseLong(pid)).ifPresent(inside::add);
                    }
                }
                kill(inside, failures);
                if (extraInterface) {
                    run(List.of(ip, "link", "del", namespace + "x"));
                }
                Result veth = run(List.of(ip, "link", "del", hostVeth));
                if (!veth.ok() && !veth.output().contains("Cannot find device")) {
                    failures.add("ip link del " + hostVeth + ": " + veth.output().trim());
                }
                Result del = run(List.of(ip, "netns", "del", namespace));
                if (!del.ok()) {
                    failures.add("ip netns del " + namespace + ": " + del.output().trim());
                }
                if (List.of(run(List.of(ip, "netns", "list")).output().split("\\s+")).contains(namespace)) {
                    failures.add("the namespace " + namespace + " is still listed by `ip netns list`");
                }
            } catch (IOException e) {
                failures.add(e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add("interrupted");
            }
        }
        if (logReader != null) {
            try {
                logReader.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return failures;
    }

    /** SIGTERM to all, up to 0.5 s for them to go, then SIGKILL to the rest and up to 3 s more. */
    private static void kill(List<ProcessHandle> processes, List<String> failures) {
        processes.stream().filter(NetnsSshd::running).forEach(ProcessHandle::destroy);
        if (!awaitGone(processes, 500)) {
            processes.stream().filter(NetnsSshd::running).forEach(ProcessHandle::destroyForcibly);
            if (!awaitGone(processes, 3000)) {
                processes.stream().filter(NetnsSshd::running)
                        .forEach(h -> failures.add("process " + h.pid() + " (" + h.info().commandLine().orElse("?")
                                + ") would not die"));
            }
        }
    }

    /**
     * Alive and not a zombie. sshd's connection processes, orphaned when sshd goes at the same moment, are
     * reaped by PID 1 whenever it gets round to it, which in a container can take a second.
     */
    private static boolean running(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(handle.pid()), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 1).trim().startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return handle.isAlive();
        }
    }

    private static boolean awaitGone(List<ProcessHandle> processes, long millis) {
        try {
            return Await.within(Duration.ofMillis(millis), () -> processes.stream().noneMatch(NetnsSshd::running));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private record Result(int status, String output) {
        boolean ok() {
            return status == 0;
        }
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(COMMAND_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within "
                    + COMMAND_LIMIT.toSeconds() + " s");
        }
        return new Result(p.exitValue(), output);
    }

    private static void check(List<String> command) throws IOException, InterruptedException {
        Result result = run(command);
        if (!result.ok()) {
            throw new IOException("`" + String.join(" ", command) + "` failed (" + result.status() + "): "
                    + result.output().trim());
        }
    }
}
