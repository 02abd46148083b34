package dev.holdfast.ssh;

import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.forwarded.RemotePortForwarder;
import net.schmizz.sshj.transport.TransportException;

/**
 * SSHJ's forwarder for {@code -R}, whose {@code tcpip-forward} and {@code cancel-tcpip-forward} requests go
 * through {@link KeepaliveReplies#sshjRequest}, in line with the keepalive probes, so that each reply reaches the
 * request it answers. Everything else (the listeners, the server's channel opens) is SSHJ's.
 */
final class OrderedRemotePortForwarder extends RemotePortForwarder {
    private final KeepaliveReplies replies;

    private OrderedRemotePortForwarder(SSHClient client, KeepaliveReplies replies) {
        super(client.getConnection());
        this.replies = replies;
    }

    /**
     * Makes one for {@code client} and gives it the server's forwarded channels, in place of the client's own
     * ({@code SSHClient.getRemotePortForwarder()} must not be used after this: it would take them back).
     */
    static OrderedRemotePortForwarder attach(SSHClient client, KeepaliveReplies replies) {
        OrderedRemotePortForwarder forwarder = new OrderedRemotePortForwarder(client, replies);
        client.getConnection().attach(forwarder);
        return forwarder;
    }

    @Override
    protected SSHPacket req(String reqName, Forward forward) throws ConnectionException, TransportException {
        byte[] specifics = new Buffer.PlainBuffer().putString(forward.getAddress()).putUInt32(forward.getPort())
                .getCompactData();
        return replies.sshjRequest(reqName, specifics).retrieve(conn.getTimeoutMs(), TimeUnit.MILLISECONDS);
    }
}
