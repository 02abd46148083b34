package dev.holdfast.lifecycle;

import dev.holdfast.keepalive.KeepaliveTransport;

/** A connected, authenticated connection with its shell, as the lifecycle sees it. */
public interface Link {

    /** The connection as the keepalive engine watches it. */
    KeepaliveTransport keepalive();

    /** The TCP keepalive settings the OS accepted, in words. */
    String tcpKeepalive();

    /**
     * The keepalive's cause of death in words, with what the link knows beyond it (which jump host went silent).
     * Called once, when the connection is declared dead.
     */
    default String explainSilence(String cause) {
        return cause;
    }

    /** Disconnects; may block on the network, so the lifecycle calls it on its background executor. Idempotent. */
    void close();
}
