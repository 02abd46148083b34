package dev.holdfast.ssh.forward;

import dev.holdfast.session.PortForward;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
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

    RemoteForward(PortForward forward, Forwards.Context context) {
        super(forward);
        this.context = context;
    }

    @Override
    void start() {
        PortForward forward = forward();
        // OpenSSH's meaning: "localhost" is loopback only, "" is every address
        String address = forward.bindAddress().isEmpty() ? "localhost"
                : forward.bindAddress().equals("*") ? "" : forward.bindAddress();
        try {
            RemotePortForwarder.Forward bound = context.client().getRemotePortForwarder()
                    .bind(new RemotePortForwarder.Forward(address, forward.bindPort()), this::gotConnect);
            listening(bound.getPort());
            context.event("Forward " + forward.describe() + ": the server listens on port " + bound.getPort());
        } catch (ConnectionException e) {
            String why = ForwardWords.remoteRefused(forward);
            LOG.info("Remote forward {} refused: {}", forward.text(), e.toString());
            context.event("Forward " + forward.describe() + " failed: " + why);
            failed(why);
        } catch (IOException | RuntimeException e) {
            String why = "the request to the server to listen on port " + forward.bindPort() + " failed ("
                    + ForwardWords.firstLower(e.getMessage()) + ")";
            LOG.info("Remote forward {} failed: {}", forward.text(), e.toString());
            context.event("Forward " + forward.describe() + " failed: " + why);
            failed(why);
        }
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
