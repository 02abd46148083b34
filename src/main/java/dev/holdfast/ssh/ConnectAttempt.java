package dev.holdfast.ssh;

import dev.holdfast.ssh.forward.Forwards;
import java.io.IOException;
import dev.holdfast.session.JumpHosts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
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
    /** The jump hosts' clients made so far, first to last. */
    private final List<SSHClient> chain = new java.util.concurrent.CopyOnWriteArrayList<>();

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

    /** Whether this attempt replaces an earlier connection of the same tab (see {@link #replacing()}). */
    private volatile boolean replacing;

    /**
     * Marks this attempt as a reconnect: its forwards then wait a little for ports the replaced connection may
     * still hold (here briefly, on the server for up to two minutes), where a first connection reports a taken
     * port at once.
     */
    public ConnectAttempt replacing() {
        replacing = true;
        return this;
    }

    /** Stops the attempt: a blocked connect, handshake or authentication fails with CANCELLED. */
    public void cancel() {
        cancelled.set(true);
        if (client == null) {
            return; // run() has not made its client yet; it checks the flag before connecting
        }
        closeQuietly();
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
        List<SshConnection.Hop> hops = new ArrayList<>();
        try {
            checkCancelled();
            SSHClient via = null;
            List<JumpHosts.Hop> jumps = spec.access().jumps();
            for (int i = 0; i < jumps.size(); i++) {
                ConnectSpec hopSpec = hopSpec(jumps.get(i));
                SSHClient hop = new SSHClient(SshCrypto.config());
                chain.add(hop);
                checkCancelled();
                TrafficMeter hopMeter = new TrafficMeter();
                String label = "the jump host " + hopSpec.endpoint();
                String tcp = open(hop, hopSpec, via, hopMeter, label, i == 0 ? "" : " through " + hops.get(i - 1)
                        .spec().endpoint());
                KeepaliveReplies hopReplies = KeepaliveReplies.install(hop);
                hop.getTransport().setTimeoutMs(CONNECTED_TIMEOUT_MS);
                hops.add(new SshConnection.Hop(hopSpec, hop, hopMeter, hopReplies, tcp));
                via = hop;
            }
            String tcp = open(made, spec, via, meter, "", hops.isEmpty() ? ""
                    : " through " + hops.get(hops.size() - 1).spec().endpoint());
            if (!hops.isEmpty()) {
                tcp = hops.get(0).tcpKeepalive() + " (on the socket to the first jump host, "
                        + hops.get(0).spec().endpoint() + ")";
            }
            KeepaliveReplies replies = KeepaliveReplies.install(made);
            made.getTransport().setTimeoutMs(CONNECTED_TIMEOUT_MS);
            ShellStart start = prepareShell(made);
            checkCancelled();
            interaction.progress(start.used().kind().survives()
                    ? (start.resumed() ? "Resuming " : "Starting ") + start.describe() : "Starting the shell");
            Session session = made.startSession();
            if (spec.access().forwardAgent()) {
                dev.holdfast.ssh.agent.AgentLocator locator = dev.holdfast.ssh.agent.AgentLocator.system();
                Optional<dev.holdfast.ssh.agent.AgentEndpoint> agent = locator.find();
                if (agent.isPresent()) {
                    dev.holdfast.ssh.agent.AgentForwarding.request(made, session, agent.get());
                } else {
                    interaction.progress("Agent forwarding is on, but no SSH agent runs here (" + locator.whereLooked()
                            + ")");
                    LOG.info("Agent forwarding asked for {}, but no agent was found: {}", spec.target(),
                            locator.whereLooked());
                }
            }
            int[] columnsRows = size.get();
            session.allocatePTY(spec.terminalType(), Math.max(1, columnsRows[0]), Math.max(1, columnsRows[1]), 0, 0,
                    Map.<PTYMode, Integer>of());
            Session.Shell shell = start.used().kind().survives()
                    ? asShell(session.exec(start.used().attachCommand())) : session.startShell();
            LOG.info("Connected to {}{}: {}", spec.target(), hops.isEmpty() ? "" : " through "
                    + JumpHosts.format(spec.access().jumps()), start.describe());
            Forwards forwards = Forwards.start(made, OrderedRemotePortForwarder.attach(made, replies),
                    spec.access().forwards(), replacing);
            return new SshConnection(spec, made, session, shell, meter, tcp, replies, start, hops, forwards);
        } catch (ConnectFailure failure) {
            closeQuietly();
            throw failure;
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw FailureExplainer.explain(e, spec, new FailureExplainer.Circumstances(cancelled.get(),
                    false, Optional.empty(), false));
        }
    }

    /** A jump host's own connection: the target's user (unless the hop names one), authentication and keys. */
    private ConnectSpec hopSpec(JumpHosts.Hop hop) {
        return new ConnectSpec(spec.sessionName(), hop.host(), hop.port(), hop.user().isEmpty() ? spec.user() : hop.user(),
                spec.auth(), spec.keyFile(), spec.connectTimeout(), spec.terminalType(), spec.tcpKeepalive(),
                spec.access().withJumps(List.of()).withForwards(List.of()).withAgent(spec.access().agent(), false));
    }

    /**
     * Connects {@code ssh} to {@code to} (over a socket, or through {@code via}'s {@code direct-tcpip} channel),
     * checks its host key and authenticates, all within the connect timeout but for the person's answers.
     *
     * @param label empty for the target; "the jump host …" for a hop, put before a failure's words
     * @return the TCP keepalive settings in force, or "" through a jump host
     */
    private String open(SSHClient ssh, ConnectSpec to, SSHClient via, TrafficMeter traffic, String label,
                        String through) throws ConnectFailure {
        HandshakeDeadline deadline = new HandshakeDeadline(scheduler, to.connectTimeout(), this::deadlinePassed);
        HostKeyGate gate = new HostKeyGate(knownHosts, to, patient(interaction, deadline));
        try {
            ssh.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, to.connectTimeout().toMillis()));
            ssh.getTransport().setTimeoutMs(PATIENT_TIMEOUT_MS);
            ssh.addHostKeyVerifier(gate);
            interaction.progress("Connecting to " + (label.isEmpty() ? "" : "jump host ") + to.endpoint() + through);
            LOG.info("Connecting to {}{}", to.target(), through);
            deadline.start();
            String tcp = "";
            if (via == null) {
                ssh.setSocketFactory(traffic.socketFactory());
                ssh.connect(to.host(), to.port());
            } else {
                DirectConnection tunnel = openTunnel(via, to, through);
                ssh.connectVia(new MeteredChannel(tunnel, traffic), to.host(), to.port());
            }
            deadline.stop();
            checkCancelled();
            if (via == null) {
                tcp = to.tcpKeepalive().applyTo(ssh.getSocket());
                noDelay(ssh.getSocket());
                LOG.info("TCP keepalive for {}: {}", to.target(), tcp);
            }
            interaction.progress("Authenticating as " + to.user() + (label.isEmpty() ? "" : " at " + label));
            authenticator(to).authenticate(ssh);
            checkCancelled();
            return tcp;
        } catch (ConnectFailure failure) {
            throw atHop(failure, label);
        } catch (IOException | RuntimeException e) {
            throw atHop(FailureExplainer.explain(e, to, new FailureExplainer.Circumstances(cancelled.get(),
                    deadline.fired(), Optional.ofNullable(gate.refused()), gate.declined())), label);
        } finally {
            deadline.stop();
        }
    }

    /** The jump host's channel to the next hop, or why it could not make one, in words. */
    private static DirectConnection openTunnel(SSHClient via, ConnectSpec to, String through) throws ConnectFailure {
        try {
            return via.newDirectConnection(to.host(), to.port());
        } catch (net.schmizz.sshj.connection.channel.OpenFailException e) {
            String why = switch (e.getReason()) {
                case ADMINISTRATIVELY_PROHIBITED -> "it does not allow forwarding (its AllowTcpForwarding setting)";
                case CONNECT_FAILED -> "it could not connect there (nothing listens, or a firewall is in the way)";
                case UNKNOWN_CHANNEL_TYPE -> "it does not offer TCP forwarding";
                default -> e.getMessage() == null ? "it refused" : e.getMessage();
            };
            throw new ConnectFailure(ConnectFailure.Kind.REFUSED, "The jump host" + through.replace(" through", "")
                    + " could not reach " + to.endpoint() + ": " + why + ".", e);
        } catch (IOException e) {
            throw new ConnectFailure(ConnectFailure.Kind.UNREACHABLE, "The jump host" + through.replace(" through", "")
                    + " did not open a way to " + to.endpoint() + ": " + FailureExplainer.describe(e) + ".", e);
        }
    }

    /** A hop's failure, saying which hop it was. */
    private static ConnectFailure atHop(ConnectFailure failure, String label) {
        if (label.isEmpty() || failure.kind() == ConnectFailure.Kind.CANCELLED) {
            return failure;
        }
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        return new ConnectFailure(failure.kind(), "At " + label + ": " + message, failure.getCause(),
                failure.hostKeyCheck().orElse(null));
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

    private Authenticator authenticator(ConnectSpec to) {
        Authenticator.Context context = new Authenticator.Context(to, interaction, secrets, this::checkCancelled);
        return switch (to.auth()) {
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

    /** Disconnects the target and then every jump host, last to first. */
    private void closeQuietly() {
        List<SSHClient> all = new ArrayList<>(chain);
        java.util.Collections.reverse(all);
        all.add(0, client);
        for (SSHClient ssh : all) {
            try {
                if (ssh != null) {
                    ssh.disconnect();
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("closing after a failed attempt: {}", e.toString());
            }
        }
    }
}
