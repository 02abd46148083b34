package dev.holdfast.lifecycle;

import dev.holdfast.keepalive.CheckReason;
import dev.holdfast.ssh.ConnectFailure;
import java.util.Optional;

/** The next {@link LinkStatus}, made from the current one with some parts changed. */
final class StatusChange<L> {
    private final LinkStatus<L> from;
    private final LinkState state;
    private Optional<L> link;
    private int auto;
    private String step;
    private String cause;
    private Optional<ConnectFailure> failure;
    private Optional<Integer> exitStatus = Optional.empty();
    private Optional<LinkStatus.Countdown> countdown;
    private String note;
    private Optional<CheckReason> checking;

    StatusChange(LinkStatus<L> from, LinkState state) {
        this.from = from;
        this.state = state;
        link = from.link();
        auto = from.autoAttempt();
        step = from.step();
        cause = from.cause();
        failure = from.failure();
        countdown = from.countdown();
        note = from.note();
        checking = from.checking();
    }

    StatusChange<L> link(L made) {
        link = Optional.of(made);
        return this;
    }

    StatusChange<L> auto(int attempt) {
        auto = attempt;
        return this;
    }

    StatusChange<L> step(String text) {
        step = text;
        return this;
    }

    StatusChange<L> cause(String text) {
        cause = text;
        return this;
    }

    StatusChange<L> failure(ConnectFailure why) {
        failure = Optional.ofNullable(why);
        return this;
    }

    StatusChange<L> exitStatus(int code) {
        exitStatus = Optional.of(code);
        return this;
    }

    StatusChange<L> countdown(LinkStatus.Countdown next) {
        countdown = Optional.ofNullable(next);
        return this;
    }

    StatusChange<L> note(String text) {
        note = text;
        return this;
    }

    StatusChange<L> checking(CheckReason reason) {
        checking = Optional.ofNullable(reason);
        return this;
    }

    LinkStatus<L> build() {
        boolean ever = from.everConnected() || state.live();
        return new LinkStatus<>(state, link, ever, auto, step, cause, failure, exitStatus,
                state == LinkState.COUNTDOWN ? countdown : Optional.empty(), note,
                state.live() ? checking : Optional.empty());
    }
}
