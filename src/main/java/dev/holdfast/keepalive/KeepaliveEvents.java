package dev.holdfast.keepalive;

/**
 * What the engine reports about one connection, on the engine's threads (its scheduler or a writer) or on the
 * connection's reader thread, which hands over a probe's reply. Implementations must not block: hand the work
 * to another thread.
 */
public interface KeepaliveEvents {

    /** Something worth a line in the connection's event log, such as an unanswered probe. */
    void event(String message);

    /** CountMax probes went unanswered, or a check after a wake or a network change got no answer. Called once. */
    void dead(String cause);

    /** A probe has gone unanswered for a second (or half an Interval, if shorter). */
    default void suspect() {
    }

    /** A probe was answered after {@link #suspect} or {@link #checking}: the server is there. */
    default void alive() {
    }

    /**
     * The connection is being checked at once, because of {@code reason} (such as "after a wake"); it is
     * declared dead unless the server answers within the policy's wake-check deadline.
     */
    default void checking(CheckReason reason) {
    }
}
