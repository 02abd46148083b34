package dev.holdfast.ssh;

import dev.holdfast.ssh.forward.Forwards;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.PTYMode;
import net.schmizz.sshj.connection.channel.direct.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One try at connecting: TCP connect and SSH handshake within the session's connect timeout, the
 * host-key check, authentication, then a shell on a PTY. {@link #run} blocks and runs on one background
 * thread; {@link #cancel} may come from any thread, at any time (even before {@code run} starts). Made by
 * {@link SshConnector#attempt}.
 */
public final class ConnectAttempt {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectAttempt.class);
    /** How long SSHJ waits for a reply while a person may be answering a question inside the handshake. */
    private static final int PATIENT_TIMEOUT_MS = 5 * 60_000;
    /** SSHJ's reply timeout once connected (channel opens, global requests). */
    private static final int CONNECTED_TIMEOUT_MS = 60_000;

    private final ConnectSpec spec;
    private final Interaction interaction;
    private final Supplier<int[]> size;
    private final KnownHosts knownHosts;
    private final SecretCache secrets;
    private final Path sshDir;
    private final ScheduledExecutorService scheduler;
    private final RemoteShell remote;
    private final RemoteShellMemory memory;
    private final TrafficMeter meter = new TrafficMeter();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    /** Made by {@link #run} on the connecting thread; null until then. */
    private volatile SSHClient client;

    ConnectAttempt(ConnectSpec spec, Interaction interaction, Supplier<int[]> size, KnownHosts knownHosts,
                   SecretCache secrets, Path sshDir, ScheduledExecutorService scheduler, RemoteShell remote,
                   RemoteShellMemory memory) {
        this.spec = spec;
        this.remote = remote;
        this.memory = memory;
        this.interaction = interaction;
        this.size = size;
        this.knownHosts = knownHosts;
        this.secrets = secrets;
        this.sshDir = sshDir;
        this.scheduler = scheduler;
    }

    /** Stops the attempt: a blocked connect, handshake or authentication fails with CANCELLED. */
    public void cancel() {
        cancelled.set(true);
        SSHClient made = client;
        if (made == null) {
            return; // run() has not made its client yet; it checks the flag before connecting
        }
        try {
            made.disconnect();
        } catch (IOException | RuntimeException e) {
            LOG.debug("cancelling {}: {}", spec.target(), e.toString());
        }
    }

    /**
     * Turns Nagle's algorithm off, as OpenSSH does for interactive sessions: a keystroke must not wait for
     * the acknowledgement of the previous one (with delayed ACKs on the other side, up to 40 ms or more).
     * SSHJ leaves it on. {@code -Dholdfast.tcpNoDelay=false} keeps it on, for measuring the difference.
     */
    private static void noDelay(java.net.Socket socket) {
        if (!Boolean.parseBoolean(System.getProperty("holdfast.tcpNoDelay", "true"))) {
            return;
        }
        try {
            socket.setTcpNoDelay(true);
        } catch (java.net.SocketException e) {
            LOG.debug("TCP_NODELAY not set: {}", e.toString());
        }
    }

    /** Connects, authenticates and starts the shell; on the calling (background) thread. */
    public SshConnection run() throws ConnectFailure {
        // Made here, not when the attempt is prepared on the FX thread: the first SshCrypto.config()
        // loads every JCA provider (about a second), and it must come before any other SSHJ code.
        SSHClient made = new SSHClient(SshCrypto.config());
        client = made;
        HandshakeDeadline deadline = new HandshakeDeadline(scheduler, spec.connectTimeout(), this::deadlinePassed);
        HostKeyGate gate = new HostKeyGate(knownHosts, spec, patient(interaction, deadline));
        try {
            checkCancelled();
            made.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, spec.connectTimeout().toMillis()));
            made.getTransport().setTimeoutMs(PATIENT_TIMEOUT_MS);
            made.addHostKeyVerifier(gate);
            made.setSocketFactory(meter.socketFactory());
            interaction.progress("Connecting to " + spec.endpoint());
            LOG.info("Connecting to {}", spec.target());
            deadline.start();
            made.connect(spec.host(), spec.port());
            deadline.stop();
            checkCancelled();
            String tcp = spec.tcpKeepalive().applyTo(made.getSocket());
            noDelay(made.getSocket());
            LOG.info("TCP keepalive for {}: {}", spec.target(), tcp);
            interaction.progress("Authenticating as " + spec.user());
            authenticator().authenticate(made);
            checkCancelled();
            KeepaliveReplies replies = KeepaliveReplies.install(made);
            made.getTransport().setTimeoutMs(CONNECTED_TIMEOUT_MS);
            ShellStart start = prepareShell(made);
            checkCancelled();
            interaction.progress(start.used().kind().survives()
                    ? (start.resumed() ? "Resuming " : "Starting ") + start.describe() : "Starting the shell");
            Session session = made.startSession();
            int[] columnsRows = size.get();
            session.allocatePTY(spec.terminalType(), Math.max(1, columnsRows[0]), Math.max(1, columnsRows[1]), 0, 0,
                    Map.<PTYMode, Integer>of());
            Session.Shell shell = start.used().kind().survives()
                    ? asShell(session.exec(start.used().attachCommand())) : session.startShell();
            LOG.info("Connected to {}: {}", spec.target(), start.describe());
            Forwards forwards = Forwards.start(made, spec.access().forwards());
            return new SshConnection(spec, made, session, shell, meter, tcp, replies, start, forwards);
        } catch (ConnectFailure failure) {
            closeQuietly();
            throw failure;
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw FailureExplainer.explain(e, spec, new FailureExplainer.Circumstances(cancelled.get(),
                    deadline.fired(), Optional.ofNullable(gate.refused()), gate.declined()));
        } finally {
            deadline.stop();
        }
    }

    /**
     * Asks the server, on a channel of its own and without a PTY, whether the program asked for is there and
     * whether the tab's session still runs; a plain shell when the program is missing (remembered for the
     * server) or was found missing before.
     */
    private ShellStart prepareShell(SSHClient made) throws IOException, ConnectFailure {
        if (!remote.kind().survives()) {
            return ShellStart.plain();
        }
        String program = remote.kind().program();
        String host = spec.endpoint();
        if (memory.missing(remote.kind(), host)) {
            LOG.info("{} was found missing on {} before: plain shell", program, host);
            return new ShellStart(remote, RemoteShell.plain(), false, program + " was not found on " + host
                    + " the last time Holdfast looked, so this tab runs a plain shell, which ends with the connection.");
        }
        interaction.progress("Looking for " + program + " session " + remote.name() + " on the server");
        RemoteShell.Probe probe = RemoteShell.parseProbe(run(made, remote.probeCommand()));
        LOG.info("{} session {} on {}: {}", program, remote.name(), host, probe);
        return switch (probe) {
            case RESUME -> new ShellStart(remote, remote, true, "");
            case NEW -> new ShellStart(remote, remote, false, "");
            case MISSING -> {
                memory.rememberMissing(remote.kind(), host);
                yield new ShellStart(remote, RemoteShell.plain(), false, program + " is not installed on " + host
                        + " (or cannot be run there), so this tab runs a plain shell, which ends with the connection."
                        + " Holdfast remembers this for " + host + ".");
            }
        };
    }

    /** Longest output read from a command run before the shell (login scripts may print). */
    private static final int COMMAND_OUTPUT_LIMIT = 64 * 1024;

    /**
     * Runs {@code command} on a channel of its own, without a PTY, and returns what it printed (at most
     * {@link #COMMAND_OUTPUT_LIMIT} characters, as UTF-8), waiting at most the connect timeout.
     */
    private String run(SSHClient made, String command) throws IOException, ConnectFailure {
        Optional<String> output = RemoteCommands.run(made, command, COMMAND_OUTPUT_LIMIT, spec.connectTimeout());
        if (output.isEmpty()) {
            throw new ConnectFailure(ConnectFailure.Kind.TIMED_OUT, "The server did not say within "
                    + spec.connectTimeout().toSeconds() + " s whether " + remote.kind().program()
                    + " is there: the command that asks did not finish.", null);
        }
        return output.get();
    }

    private static Session.Shell asShell(Session.Command command) {
        if (command instanceof Session.Shell shell) {
            return shell; // SSHJ's SessionChannel is both
        }
        throw new IllegalStateException("SSHJ's command channel is no shell channel: " + command.getClass());
    }

    private Authenticator authenticator() {
        Authenticator.Context context = new Authenticator.Context(spec, interaction, secrets, this::checkCancelled);
        return switch (spec.auth()) {
            case PUBLIC_KEY -> new KeyAuthenticator(context, sshDir);
            case KEYBOARD_INTERACTIVE -> new KeyboardInteractiveAuthenticator(context);
            case PASSWORD -> new PasswordAuthenticator(context);
        };
    }

    /** On the scheduler's thread: the handshake took too long. */
    private void deadlinePassed() {
        LOG.info("No SSH handshake with {} within {} s", spec.endpoint(), spec.connectTimeout().toSeconds());
        closeQuietly();
    }

    /** Stops the handshake clock while the person answers the host-key question. */
    private static Interaction patient(Interaction inner, HandshakeDeadline deadline) {
        return new Interaction() {
            @Override
            public void progress(String step) {
                inner.progress(step);
            }

            @Override
            public HostKeyDecision unknownHostKey(ConnectSpec s, HostKeyCheck check) {
                deadline.pause();
                try {
                    return inner.unknownHostKey(s, check);
                } finally {
                    deadline.start();
                }
            }

            @Override
            public void hostKeyNotSaved(ConnectSpec s, Path file, String error) {
                inner.hostKeyNotSaved(s, file, error);
            }

            @Override
            public Optional<Secret> password(ConnectSpec s, int attempt) {
                return inner.password(s, attempt);
            }

            @Override
            public Optional<Secret> passphrase(ConnectSpec s, Path keyFile, int attempt) {
                return inner.passphrase(s, keyFile, attempt);
            }

            @Override
            public Optional<Secret> keyboardInteractive(ConnectSpec s, KeyboardPrompt prompt) {
                return inner.keyboardInteractive(s, prompt);
            }
        };
    }

    private void checkCancelled() throws ConnectFailure {
        if (cancelled.get()) {
            throw new ConnectFailure(ConnectFailure.Kind.CANCELLED, "Connecting was cancelled.", null);
        }
    }

    private void closeQuietly() {
        try {
            client.disconnect();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing after a failed attempt: {}", e.toString());
        }
    }
}
