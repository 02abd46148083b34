package dev.holdfast.keepalive;

/** What the engine reports about one connection, on the engine's thread. Implementations must not block. */
public interface KeepaliveEvents {

    /** Something worth a line in the connection's event log, such as an unanswered probe. */
    void event(String message);

    /** CountMax probes went unanswered: the connection is dead. Called once. */
    void dead(String cause);
}
