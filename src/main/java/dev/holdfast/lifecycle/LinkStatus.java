package dev.holdfast.lifecycle;

import dev.holdfast.keepalive.CheckReason;
import dev.holdfast.ssh.ConnectFailure;
import java.util.Optional;

/**
 * A lifecycle's state at one moment, as its listeners are told. Immutable.
 *
 * @param state where the connection is
 * @param link the connection, once one was made (the last one, after a loss)
 * @param everConnected whether a connection was made before in this tab (a connect is a reconnect)
 * @param autoAttempt the automatic attempt under way or counted down to; 0 when a person asked
 * @param step the latest step of an attempt under way
 * @param cause why the connection was lost, in plain words (DEAD, and COUNTDOWN after a loss)
 * @param failure why the latest attempt failed (FAILED, and COUNTDOWN after a failed automatic attempt)
 * @param exitStatus the shell's exit status (ENDED)
 * @param countdown the automatic reconnect waited for (COUNTDOWN)
 * @param note a sentence about the automatic reconnect: why it stopped, or that it gave up
 * @param checking why the live connection is being checked at once, while it is
 */
public record LinkStatus<L>(LinkState state, Optional<L> link, boolean everConnected, int autoAttempt, String step,
                            String cause, Optional<ConnectFailure> failure, Optional<Integer> exitStatus,
                            Optional<Countdown> countdown, String note, Optional<CheckReason> checking) {

    /** Before anything happened. */
    static <L> LinkStatus<L> initial() {
        return new LinkStatus<>(LinkState.CONNECTING, Optional.empty(), false, 0, "", "", Optional.empty(),
                Optional.empty(), Optional.empty(), "", Optional.empty());
    }

    /**
     * An automatic reconnect waited for.
     *
     * @param attempt which attempt it will be, from 1
     * @param of attempts at most
     * @param dueNanos when it starts, on the lifecycle's clock
     */
    public record Countdown(int attempt, int of, long dueNanos) {
    }
}
