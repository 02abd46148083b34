package dev.holdfast.keepalive;

import java.io.IOException;
import java.util.function.LongConsumer;

/**
 * What the keepalive engine needs from one connection. Times are {@link System#nanoTime()} values (or the
 * engine's clock in tests). {@link #sendProbe} and {@link #sendNullPacket} may block on the network; the
 * engine calls them off its scheduler thread.
 */
public interface KeepaliveTransport {

    /** When the last byte arrived from the server. */
    long lastInboundNanos();

    long bytesIn();

    long bytesOut();

    /** False while keys are being re-exchanged: nothing is sent or counted then. */
    boolean readyForKeepalive();

    /**
     * Sends {@code keepalive@openssh.com} with want-reply and waits (up to {@code waitNanos}, the
     * Interval) for any reply, success or failure, then calls {@code onReply} with the round-trip time in
     * nanoseconds. A later reply still resets the streak, being inbound data, but is not timed.
     */
    void sendProbe(long waitNanos, LongConsumer onReply) throws IOException;

    /** Sends {@code SSH_MSG_IGNORE}, which expects no answer. */
    void sendNullPacket() throws IOException;
}
