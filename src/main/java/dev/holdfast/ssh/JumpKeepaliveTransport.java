package dev.holdfast.ssh;

import dev.holdfast.keepalive.KeepaliveTransport;
import java.io.IOException;
import java.util.function.LongConsumer;

/**
 * The keepalive of a connection through jump hosts: probes (and null packets) go to the target, whose answers
 * are what the rule counts, and each is copied to the first jump host, whose answers only tell, once the target
 * is declared dead, whether the jump host was still there ({@link SshConnection#explainSilence}).
 */
final class JumpKeepaliveTransport implements KeepaliveTransport {
    private final KeepaliveTransport target;
    private final KeepaliveTransport firstHop;

    JumpKeepaliveTransport(KeepaliveTransport target, KeepaliveTransport firstHop) {
        this.target = target;
        this.firstHop = firstHop;
    }

    @Override
    public long lastInboundNanos() {
        return target.lastInboundNanos();
    }

    @Override
    public long bytesIn() {
        return target.bytesIn();
    }

    @Override
    public long bytesOut() {
        return target.bytesOut();
    }

    @Override
    public boolean readyForKeepalive() {
        return target.readyForKeepalive() && firstHop.readyForKeepalive();
    }

    @Override
    public void sendProbe(LongConsumer onReply) throws IOException {
        target.sendProbe(onReply);
        firstHop.sendProbe(rtt -> { });
    }

    @Override
    public void sendNullPacket() throws IOException {
        target.sendNullPacket();
        firstHop.sendNullPacket();
    }
}
