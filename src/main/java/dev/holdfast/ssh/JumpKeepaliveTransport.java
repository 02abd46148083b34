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
    private final java.util.concurrent.atomic.AtomicLong hopProbes = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong hopReplies = new java.util.concurrent.atomic.AtomicLong();
    /** The first hop's last round trip in nanoseconds; negative until it answered once. */
    private final java.util.concurrent.atomic.AtomicLong hopRtt = new java.util.concurrent.atomic.AtomicLong(-1);

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
        hopProbes.incrementAndGet();
        firstHop.sendProbe(rtt -> {
            hopReplies.incrementAndGet();
            hopRtt.set(rtt);
        });
    }

    /** The first hop's probes and answers so far, for its line in the health strip and details. */
    dev.holdfast.keepalive.HopHealth hopHealth(String endpoint) {
        long rtt = hopRtt.get();
        return new dev.holdfast.keepalive.HopHealth(endpoint, firstHop.lastInboundNanos(), hopProbes.get(),
                hopReplies.get(), rtt < 0 ? java.util.Optional.empty() : java.util.Optional.of(java.time.Duration.ofNanos(rtt)));
    }

    @Override
    public void sendNullPacket() throws IOException {
        target.sendNullPacket();
        firstHop.sendNullPacket();
    }
}
