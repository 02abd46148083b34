package dev.holdfast.ssh;

import dev.holdfast.keepalive.KeepaliveTransport;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.TransportImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keepalive engine's view of an SSHJ connection. Probes go through {@link KeepaliveReplies}, so any
 * answer (REQUEST_SUCCESS, REQUEST_FAILURE, SSH_MSG_UNIMPLEMENTED) counts and none drops the connection.
 * Called from the keepalive engine's threads; no call waits for a reply.
 */
final class SshjKeepaliveTransport implements KeepaliveTransport {
    private static final Logger LOG = LoggerFactory.getLogger(SshjKeepaliveTransport.class);
    private final SSHClient client;
    private final TrafficMeter meter;
    private final KeepaliveReplies replies;

    SshjKeepaliveTransport(SSHClient client, TrafficMeter meter, KeepaliveReplies replies) {
        this.client = client;
        this.meter = meter;
        this.replies = replies;
    }

    @Override
    public long lastInboundNanos() {
        return meter.lastInboundNanos();
    }

    @Override
    public long bytesIn() {
        return meter.bytesIn();
    }

    @Override
    public long bytesOut() {
        return meter.bytesOut();
    }

    @Override
    public boolean readyForKeepalive() {
        return client.isConnected() && client.isAuthenticated()
                && !(client.getTransport() instanceof TransportImpl transport && !transport.isKexDone());
    }

    /**
     * Writes the probe through {@link KeepaliveReplies} and returns: the answer completes its future on SSHJ's
     * reader thread, which calls {@code onReply} there. A connection that dies first fails the future, and
     * nothing is called (the drop is reported elsewhere).
     */
    @Override
    public void sendProbe(LongConsumer onReply) throws IOException {
        long sent = System.nanoTime();
        // thenAccept, not a wait: a connection that dies first fails the future, and nothing is called
        CompletableFuture<Void> reported = replies.probe().thenAccept(answer -> onReply.accept(System.nanoTime() - sent));
        reported.exceptionally(failure -> {
            LOG.debug("keepalive probe not answered: {}", failure.toString());
            return null;
        });
    }

    @Override
    public void sendNullPacket() throws IOException {
        client.getTransport().write(new SSHPacket(Message.IGNORE).putString(""));
    }
}
