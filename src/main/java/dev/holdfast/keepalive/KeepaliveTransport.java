package dev.holdfast.keepalive;

import java.io.IOException;
import java.util.function.LongConsumer;

/**
 * What the keepalive engine needs from one connection. Times are {@link System#nanoTime()} values (or the
 * engine's clock in tests). {@link #sendProbe} and {@link #sendNullPacket} only write (a write may block on a
 * full socket or a key exchange); the engine calls them off its scheduler thread, one at a time per connection.
 */
public interface KeepaliveTransport {

    /** When the last byte arrived from the server. */
    long lastInboundNanos();

    long bytesIn();

    long bytesOut();

    /** False while keys are being re-exchanged: nothing is sent or counted then. */
    boolean readyForKeepalive();

    /**
     * Writes {@code keepalive@openssh.com} with want-reply and returns without waiting for the answer. When any
     * answer comes (success, failure, or unimplemented), {@code onReply} is called once with the round-trip
     * time in nanoseconds, on whichever thread took the answer (the connection's reader thread); it must not
     * block. It is never called when no answer comes (a silent server, or the connection died first).
     */
    void sendProbe(LongConsumer onReply) throws IOException;

    /** Sends {@code SSH_MSG_IGNORE}, which expects no answer. */
    void sendNullPacket() throws IOException;
}
