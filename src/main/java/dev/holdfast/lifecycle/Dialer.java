package dev.holdfast.lifecycle;

import dev.holdfast.ssh.ConnectFailure;

/**
 * Makes connection attempts for a lifecycle. {@link #dial} returns at once; the attempt runs elsewhere and
 * reports to its {@link Outcome}, from any thread, ending with exactly one of {@link Outcome#connected}
 * or {@link Outcome#failed}.
 *
 * @param <L> the kind of connection made
 */
public interface Dialer<L extends Link> {

    /** Starts one attempt. */
    Dialing dial(Outcome<L> outcome);

    /** An attempt under way. */
    interface Dialing {
        /** Stops the attempt; it then fails with CANCELLED (or its connection is closed). May block. */
        void cancel();
    }

    /**
     * What one attempt reports. The lifecycle makes one per attempt and drops what a stale attempt
     * (one superseded, or of a closed tab) reports: its connection is closed.
     */
    interface Outcome<L> {
        /** A step to show, such as "Authenticating as deploy". */
        void progress(String step);

        /** A question for the person is open ({@code true}) or answered ({@code false}). */
        void waitingForUser(boolean waiting);

        void connected(L link);

        void failed(ConnectFailure failure);
    }
}
