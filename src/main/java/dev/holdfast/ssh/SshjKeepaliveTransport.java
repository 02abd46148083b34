package dev.holdfast.ssh;

import dev.holdfast.keepalive.KeepaliveTransport;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.TransportImpl;

/**
 * The keepalive engine's view of an SSHJ connection. Probes go through {@link KeepaliveReplies}, so any
 * answer (REQUEST_SUCCESS, REQUEST_FAILURE, SSH_MSG_UNIMPLEMENTED) counts and none drops the connection.
 * Called from the keepalive engine's threads.
 */
final class SshjKeepaliveTransport implements KeepaliveTransport {
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

    @Override
    public void sendProbe(long waitNanos, LongConsumer onReply) throws IOException {
        long sent = System.nanoTime();
        try {
            replies.probe().get(waitNanos, TimeUnit.NANOSECONDS);
            onReply.accept(System.nanoTime() - sent);
        } catch (TimeoutException e) {
            // no answer within the wait: the engine counts it as unanswered
        } catch (ExecutionException e) {
            // the connection died while the probe was out: no answer, and the drop is reported elsewhere
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void sendNullPacket() throws IOException {
        client.getTransport().write(new SSHPacket(Message.IGNORE).putString(""));
    }
}
