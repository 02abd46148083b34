package dev.holdfast.lifecycle;

import dev.holdfast.keepalive.KeepaliveTransport;

/** A connected, authenticated connection with its shell, as the lifecycle sees it. */
public interface Link {

    /** The connection as the keepalive engine watches it. */
    KeepaliveTransport keepalive();

    /** The TCP keepalive settings the OS accepted, in words. */
    String tcpKeepalive();

    /** Disconnects; may block on the network, so the lifecycle calls it on its background executor. Idempotent. */
    void close();
}
