package dev.holdfast.ssh;

import dev.holdfast.ssh.forward.Forwards;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.SessionChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connected, authenticated SSH connection running an interactive shell on a PTY. Reads and writes
 * block; {@link #close()} is idempotent and safe from any thread (call it off the FX thread: it sends a
 * disconnect message).
 */
public final class SshConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SshConnection.class);

    private final ConnectSpec spec;
    private final SSHClient client;
    private final Session session;
    private final Session.Shell shell;
    private final AtomicBoolean closed = new AtomicBoolean();

    private final TrafficMeter meter;
    private final String tcpKeepalive;
    private final KeepaliveReplies keepaliveReplies;
    private final ShellStart start;
    private final Forwards forwards;

    private final List<Hop> hops;

    /**
     * A jump host's connection, which the target's runs through.
     *
     * @param spec the hop's own host, user and authentication
     * @param client its SSHJ client
     * @param meter its bytes: for the first hop, those of its socket, which carry every later hop's too
     * @param replies its keepalive replies
     * @param tcpKeepalive the TCP keepalive settings in force on its socket (first hop), or ""
     */
    record Hop(ConnectSpec spec, SSHClient client, TrafficMeter meter, KeepaliveReplies replies, String tcpKeepalive) {
    }

    SshConnection(ConnectSpec spec, SSHClient client, Session session, Session.Shell shell, TrafficMeter meter,
                  String tcpKeepalive, KeepaliveReplies keepaliveReplies, ShellStart start, List<Hop> hops,
                  Forwards forwards) {
        this.hops = List.copyOf(hops);
        this.forwards = forwards;
        this.keepaliveReplies = keepaliveReplies;
        this.start = start;
        this.spec = spec;
        this.meter = meter;
        this.tcpKeepalive = tcpKeepalive;
        this.client = client;
        this.session = session;
        this.shell = shell;
    }

    public ConnectSpec spec() {
        return spec;
    }

    /** The port forwards started with this connection; they stop when it closes. */
    public Forwards forwards() {
        return forwards;
    }

    /** How the shell was started: plain, or a tmux or screen session (new or resumed). */
    public ShellStart shellStart() {
        return start;
    }

    /**
     * Runs {@code command} on a channel of its own next to the shell, without a PTY, and returns what it
     * printed (at most {@code limit} characters); blocks, so not on the FX thread.
     *
     * @throws IOException when the channel cannot be opened or the command does not finish within {@code wait}
     */
    public String run(String command, int limit, java.time.Duration wait) throws IOException {
        return RemoteCommands.run(client, command, limit, wait)
                .orElseThrow(() -> new IOException("the command did not finish within " + wait.toSeconds() + " s"));
    }

    /** What the shell prints (stdout; on a PTY stderr arrives here too). */
    public InputStream output() {
        return shell.getInputStream();
    }

    /** What the shell reads: the keys typed in the terminal. */
    public OutputStream input() {
        return shell.getOutputStream();
    }

    /** Sends the SSH window-change request for a new terminal size. */
    public void resize(int columns, int rows) {
        if (!isOpen()) {
            return;
        }
        try {
            shell.changeWindowDimensions(columns, rows, 0, 0);
        } catch (IOException e) {
            LOG.debug("window-change to {}x{} not sent: {}", columns, rows, e.toString());
        }
    }

    public boolean isOpen() {
        return !closed.get() && shell.isOpen() && client.isConnected()
                && hops.stream().allMatch(hop -> hop.client().isConnected());
    }

    /** The jump hosts the connection runs through, first to last, as {@code host:port}; empty when direct. */
    public List<String> jumpHosts() {
        return hops.stream().map(hop -> hop.spec().endpoint()).toList();
    }

    /**
     * The keepalive's cause of death, with which hop went silent when the connection runs through jump hosts:
     * the first jump host is probed beside the target, so one that still answered after the target last spoke
     * means the silence is beyond it.
     */
    public String explainSilence(String cause) {
        if (hops.isEmpty()) {
            return cause;
        }
        Hop first = hops.get(0);
        cause = cause.endsWith(".") ? cause : cause + ".";
        long hopSpokeLater = first.meter().lastInboundNanos() - meter.lastInboundNanos();
        if (hopSpokeLater > dev.holdfast.keepalive.HopHealth.SPOKE_LATER.toNanos()) {
            return cause + " The jump host " + first.spec().endpoint() + " still answers ("
                    + Math.round(hopSpokeLater / 1e9) + " s after " + spec.endpoint() + " went quiet): the silence is "
                    + "beyond it, between the jump host" + (hops.size() > 1 ? "s" : "") + " and " + spec.endpoint()
                    + ", or " + spec.endpoint() + " itself.";
        }
        return cause + " The jump host " + first.spec().endpoint() + " went silent too: the path from this computer"
                + " to it is down (or the jump host itself).";
    }

    /** The remote shell's exit status, once it has sent one. */
    public Optional<Integer> exitStatus() {
        return session instanceof SessionChannel channel ? Optional.ofNullable(channel.getExitStatus()) : Optional.empty();
    }

    /**
     * Waits up to {@code limit} for the channel to close (the server sends the exit status just before
     * it does), then returns the exit status if one came.
     */
    public Optional<Integer> awaitExitStatus(java.time.Duration limit) {
        try {
            shell.join(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            LOG.debug("waiting for the shell of {} to close: {}", spec.target(), e.toString());
        }
        return exitStatus();
    }

    /** The connection as the keepalive engine sees it: traffic, key exchanges, probes, null packets. */
    public dev.holdfast.keepalive.KeepaliveTransport keepaliveTransport() {
        SshjKeepaliveTransport target = new SshjKeepaliveTransport(client, meter, keepaliveReplies);
        if (hops.isEmpty()) {
            return target;
        }
        Hop first = hops.get(0);
        JumpKeepaliveTransport made = new JumpKeepaliveTransport(target, new SshjKeepaliveTransport(first.client(),
                first.meter(), first.replies()));
        jumpKeepalive = made;
        return made;
    }

    /** The keepalive transport through the jump hosts last made, whose first-hop counters the health shows. */
    private volatile JumpKeepaliveTransport jumpKeepalive;

    /**
     * The first jump host as the keepalive sees it (probes copied to it, its answers, when it last spoke); empty
     * for a direct connection. Any thread.
     */
    public Optional<dev.holdfast.keepalive.HopHealth> firstHopHealth() {
        if (hops.isEmpty()) {
            return Optional.empty();
        }
        Hop first = hops.get(0);
        JumpKeepaliveTransport watched = jumpKeepalive;
        return Optional.of(watched != null ? watched.hopHealth(first.spec().endpoint())
                : new dev.holdfast.keepalive.HopHealth(first.spec().endpoint(), first.meter().lastInboundNanos(), 0, 0,
                        Optional.empty()));
    }

    /** Keepalive probes written and not answered yet (for tests). */
    int keepaliveRepliesOutstanding() {
        return keepaliveReplies.outstanding();
    }

    /** The TCP keepalive settings in force, as the OS accepted them. */
    public String tcpKeepalive() {
        return tcpKeepalive;
    }

    /** The SSHJ client, for the keepalive engine and diagnostics. */
    public SSHClient client() {
        return client;
    }

    /**
     * Disconnects at once: the server gets SSH_MSG_DISCONNECT and the socket closes, which ends the
     * shell's streams for whoever reads them. No waiting for the server to confirm a channel close: on a
     * dead connection that would block for the transport timeout.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        forwards.close(); // first: the ports here are free at once, even if the disconnect blocks on a dead link
        try {
            client.disconnect();
        } catch (IOException | RuntimeException e) {
            LOG.debug("disconnecting {}: {}", spec.target(), e.toString());
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            try {
                hops.get(i).client().disconnect();
            } catch (IOException | RuntimeException e) {
                LOG.debug("disconnecting the jump host {}: {}", hops.get(i).spec().endpoint(), e.toString());
            }
        }
        LOG.info("Disconnected from {}", spec.target());
    }
}
