package dev.holdfast.lifecycle;

/** Where a tab's connection is in its life. */
public enum LinkState {
    /** An attempt is under way (TCP, handshake, authentication, shell). */
    CONNECTING,
    /** The attempt waits for a person: a host-key question, a password, a passphrase. */
    WAITING_FOR_USER,
    /** Connected, authenticated, the shell running; probes answered (or none needed yet). */
    LIVE,
    /** Connected, but a probe has gone unanswered for a while. */
    SUSPECT,
    /** The attempt failed (refused, timed out, authentication…). */
    FAILED,
    /** The connection was declared dead or dropped. */
    DEAD,
    /** Waiting to reconnect by itself after a loss or a failed automatic attempt. */
    COUNTDOWN,
    /** The remote shell exited. */
    ENDED,
    /** The tab was closed: nothing happens any more. */
    CLOSED;

    /** Whether a shell is connected: typed keys are sent. */
    public boolean live() {
        return this == LIVE || this == SUSPECT;
    }

    /** Whether an attempt is under way. */
    public boolean connecting() {
        return this == CONNECTING || this == WAITING_FOR_USER;
    }
}
