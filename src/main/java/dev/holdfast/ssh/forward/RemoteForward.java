package dev.holdfast.ssh.forward;

import dev.holdfast.session.PortForward;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.Channel;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.connection.channel.forwarded.RemotePortForwarder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code -R}: the server listens (tcpip-forward) and each connection made to it there is carried to
 * host:hostPort, connected from this computer.
 */
final class RemoteForward extends ActiveForward {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteForward.class);
    /** How long connecting to the destination here may take before the server's client is turned away. */
    static final int CONNECT_TIMEOUT_MS = 10_000;

    private final Forwards.Context context;

    /**
     * The waits before asking the server again after it refused: after a reconnect, the server may still hold
     * the port for the connection this one replaces, until it notices that one is gone (its ClientAlive checks,
     * or TCP's own timeout: often a minute or more). About two minutes in all, then the refusal stands; only on
     * a reconnect. A server that refuses by its settings is asked again as well: the words say both.
     */
    static final List<Duration> REFUSAL_RETRIES = List.of(Duration.ofSeconds(2), Duration.ofSeconds(4),
            Duration.ofSeconds(8), Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(30),
            Duration.ofSeconds(30));

    private final List<Duration> retries;

    RemoteForward(PortForward forward, Forwards.Context context) {
        this(forward, context, context.replacing() ? REFUSAL_RETRIES : List.of());
    }

    RemoteForward(PortForward forward, Forwards.Context context, List<Duration> retries) {
        super(forward);
        this.context = context;
        this.retries = List.copyOf(retries);
    }

    @Override
    void start() {
        PortForward forward = forward();
        // OpenSSH's meaning: "localhost" is loopback only, "" is every address
        String address = forward.bindAddress().isEmpty() ? "localhost"
                : forward.bindAddress().equals("*") ? "" : forward.bindAddress();
        for (int attempt = 0; !closed(); attempt++) {
            try {
                RemotePortForwarder.Forward bound = context.remote()
                        .bind(new RemotePortForwarder.Forward(address, forward.bindPort()), this::gotConnect);
                listening(bound.getPort());
                context.event("Forward " + forward.describe() + ": the server listens on port " + bound.getPort()
                        + (attempt == 0 ? "" : " (asked " + (attempt + 1) + " times)"));
                return;
            } catch (ConnectionException e) {
                String why = ForwardWords.remoteRefused(forward);
                LOG.info("Remote forward {} refused (attempt {}): {}", forward.text(), attempt + 1, e.toString());
                if (attempt < retries.size() && context.client().isConnected()) {
                    Duration wait = retries.get(attempt);
                    if (attempt == 0) {
                        context.event("Forward " + forward.describe() + ": " + why + "; asking again for about "
                                + totalSeconds() + " s, in case the previous connection still holds the port there");
                    }
                    retrying(why + "; asking again in " + wait.toSeconds() + " s (the previous connection may"
                            + " still hold the port)\u2026");
                    if (!waitBeforeRetry(wait)) {
                        return;
                    }
                    continue;
                }
                context.event("Forward " + forward.describe() + " failed: " + why);
                failed(why);
                return;
            } catch (IOException | RuntimeException e) {
                String why = "the request to the server to listen on port " + forward.bindPort() + " failed ("
                        + ForwardWords.firstLower(e.getMessage()) + ")";
                LOG.info("Remote forward {} failed: {}", forward.text(), e.toString());
                context.event("Forward " + forward.describe() + " failed: " + why);
                failed(why);
                return;
            }
        }
    }

    private long totalSeconds() {
        return retries.stream().mapToLong(Duration::toSeconds).sum();
    }

    /** On SSHJ's thread: the server has a connection for us. Carried on the pool. */
    private void gotConnect(Channel.Forwarded channel) throws IOException {
        try {
            context.pool().execute(() -> carry(channel));
        } catch (RejectedExecutionException e) {
            reject(channel, OpenFailException.Reason.RESOURCE_SHORTAGE, "the forward is closed");
        }
    }

    private void carry(Channel.Forwarded channel) {
        if (forward().remoteSocks()) {
            carrySocks(channel);
            return;
        }
        PortForward forward = forward();
        Socket socket = new Socket();
        try {
            if (closed()) {
                reject(channel, OpenFailException.Reason.ADMINISTRATIVELY_PROHIBITED, "the forward is closed");
                return;
            }
            try {
                socket.connect(new InetSocketAddress(forward.host(), forward.hostPort()), CONNECT_TIMEOUT_MS);
                socket.setTcpNoDelay(true);
            } catch (IOException e) {
                ListeningForward.closeQuietly(socket);
                connectionFailed();
                String why = ForwardWords.localTargetFailed(forward.host(), forward.hostPort(), e);
                context.event("Forward " + forward.describe() + ": " + why);
                reject(channel, OpenFailException.Reason.CONNECT_FAILED, why);
                return;
            }
            channel.confirm();
        } catch (IOException e) {
            LOG.debug("forwarded-tcpip channel of {} not answered: {}", forward.text(), e.toString());
            ListeningForward.closeQuietly(socket);
            return;
        }
        channelOpened();
        Pipe.carry(socket, channel.getInputStream(), channel.getOutputStream(), channel, this, context.pool());
    }

    /**
     * A remote SOCKS proxy's client: the channel is accepted, the SOCKS5 handshake read from it, and the
     * destination it asks for connected from this computer (its name resolved here), as OpenSSH's reverse
     * dynamic forward does. A failure to connect is the SOCKS reply the client gets, and an event.
     */
    private void carrySocks(Channel.Forwarded channel) {
        PortForward forward = forward();
        if (closed()) {
            try {
                reject(channel, OpenFailException.Reason.ADMINISTRATIVELY_PROHIBITED, "the forward is closed");
            } catch (IOException e) {
                LOG.debug("forwarded-tcpip channel of {} not answered: {}", forward.text(), e.toString());
            }
            return;
        }
        Socks5.Request request;
        try {
            channel.confirm();
            request = Socks5.handshake(channel.getInputStream(), channel.getOutputStream());
        } catch (IOException e) {
            LOG.debug("SOCKS client on the server for {} not served: {}", forward.text(), e.toString());
            ListeningForward.closeQuietly(channel);
            return;
        }
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(request.host(), request.port()), CONNECT_TIMEOUT_MS);
            socket.setTcpNoDelay(true);
        } catch (IOException e) {
            ListeningForward.closeQuietly(socket);
            connectionFailed();
            context.event("SOCKS proxy on the server's port " + state().port() + ": "
                    + ForwardWords.localTargetFailed(request.host(), request.port(), e));
            try {
                Socks5.reply(channel.getOutputStream(), ForwardWords.socksReplyHere(e));
            } catch (IOException ignored) {
                LOG.debug("SOCKS failure reply not sent: {}", ignored.toString());
            }
            ListeningForward.closeQuietly(channel);
            return;
        }
        channelOpened();
        try {
            Socks5.reply(channel.getOutputStream(), Socks5.SUCCEEDED);
        } catch (IOException e) {
            ListeningForward.closeQuietly(socket);
            ListeningForward.closeQuietly(channel);
            channelClosed();
            return;
        }
        Pipe.carry(socket, channel.getInputStream(), channel.getOutputStream(), channel, this, context.pool());
    }

    /**
     * Turns the server's connection away with SSH_MSG_CHANNEL_OPEN_FAILURE. Not SSHJ's {@code reject}: SSHJ 0.40
     * leaves out the language tag RFC 4254 (section 5.1) requires, and OpenSSH then ends the whole connection
     * ("Invalid open failure message").
     */
    private void reject(Channel.Forwarded channel, OpenFailException.Reason reason, String message)
            throws IOException {
        SSHPacket failure = new SSHPacket(Message.CHANNEL_OPEN_FAILURE);
        failure.putUInt32FromInt(channel.getRecipient());
        failure.putUInt32(reason.getCode());
        failure.putString(message);
        failure.putString("");
        context.client().getTransport().write(failure);
    }

    /** The server stops listening when the connection ends; nothing is sent here (the connection may be dead). */
    @Override
    void stop() {
        markClosed();
    }
}
