package dev.holdfast.ui.health;

import dev.holdfast.keepalive.HealthSnapshot;
import dev.holdfast.lifecycle.LinkState;
import dev.holdfast.lifecycle.LinkStatus;
import java.util.Optional;

/**
 * What the health strip says and how it is coloured, for one tab. Once the connection is lost (declared dead,
 * ended, failed, or waiting to reconnect) the figures are those of the moment of loss: "server silent" and the
 * counters stop there instead of counting on, until the next attempt starts. Toolkit-free; one per strip.
 */
final class StripModel {
    /** The strip's text, its colour class and the tab dot's class. */
    record Reading(String text, String stateClass, String dotClass) {
    }

    private Optional<HealthSnapshot> frozen = Optional.empty();
    /** The jump host's words at the moment of loss, kept with {@link #frozen}. */
    private Optional<String> frozenHop = Optional.empty();

    Reading read(LinkStatus<?> status, Optional<HealthSnapshot> sampled) {
        return read(status, sampled, true);
    }

    /**
     * As {@link #read(LinkStatus, Optional)}; without the text (empty) when {@code withText} is false: a tab
     * not in view shows only its dot, and the text's figures cost a format per tab at every tick.
     */
    Reading read(LinkStatus<?> status, Optional<HealthSnapshot> sampled, boolean withText) {
        return read(status, sampled, Optional.empty(), 0, withText);
    }

    /**
     * As {@link #read(LinkStatus, Optional, boolean)}, for a connection through jump hosts: the first hop's words
     * ({@link HealthText#hop}) follow the target's figures, and freeze with them at the moment of loss.
     *
     * @param nowNanos when {@code sampled} and {@code hop} were read ({@link System#nanoTime()})
     */
    Reading read(LinkStatus<?> status, Optional<HealthSnapshot> sampled, Optional<dev.holdfast.keepalive.HopHealth> hop,
                 long nowNanos, boolean withText) {
        Optional<String> hopWords = hop.isPresent() && sampled.isPresent()
                ? Optional.of(HealthText.hop(hop.get(), sampled.get(), nowNanos)) : Optional.empty();
        boolean lost = gone(status.state()) || (!status.state().connecting()
                && sampled.map(s -> s.state() == HealthSnapshot.State.DEAD).orElse(false));
        Optional<HealthSnapshot> shown = sampled;
        if (lost) {
            if (frozen.isEmpty()) {
                frozen = sampled;
                frozenHop = hopWords;
            }
            shown = frozen.isPresent() ? frozen : sampled;
            hopWords = frozen.isPresent() ? frozenHop : hopWords;
        } else {
            frozen = Optional.empty();
            frozenHop = Optional.empty();
        }
        String text = !withText ? "" : text(status, shown) + (hopWords.isPresent() && shown.isPresent()
                ? " \u00b7 " + hopWords.get() : "");
        return new Reading(text, stateClass(status, shown), dotClass(status, shown));
    }

    private static boolean gone(LinkState state) {
        return state == LinkState.DEAD || state == LinkState.COUNTDOWN || state == LinkState.ENDED
                || state == LinkState.FAILED || state == LinkState.CLOSED;
    }

    static String text(LinkStatus<?> status, Optional<HealthSnapshot> snapshot) {
        if (snapshot.isEmpty()) {
            return status.state().connecting() ? "connecting\u2026" : "";
        }
        HealthSnapshot s = snapshot.get();
        String text = HealthText.strip(s);
        if (status.state().live() && status.checking().isPresent()) {
            return status.checking().get().strip() + " \u00b7 " + text;
        }
        if (gone(status.state()) && s.state() != HealthSnapshot.State.DEAD) {
            return "disconnected \u00b7 " + text;
        }
        if (status.state().connecting()) {
            return "reconnecting\u2026 \u00b7 " + text;
        }
        return text;
    }

    /** {@code strip-dead}, {@code strip-lost}, {@code strip-suspect} or {@code strip-ok} (see holdfast.css). */
    static String stateClass(LinkStatus<?> status, Optional<HealthSnapshot> snapshot) {
        LinkState state = status.state();
        if (state == LinkState.DEAD || (!state.connecting()
                && snapshot.map(s -> s.state() == HealthSnapshot.State.DEAD).orElse(false))) {
            return "strip-dead";
        }
        if (gone(state)) {
            return "strip-lost";
        }
        if (state == LinkState.SUSPECT || status.checking().isPresent()
                || snapshot.map(s -> s.state() == HealthSnapshot.State.SUSPECT).orElse(false)) {
            return "strip-suspect";
        }
        return "strip-ok";
    }

    static String dotClass(LinkStatus<?> status, Optional<HealthSnapshot> snapshot) {
        LinkState state = status.state();
        if (state.connecting()) {
            return "dot-connecting";
        }
        if (!state.live()) {
            return "dot-dead";
        }
        if (state == LinkState.SUSPECT || status.checking().isPresent()) {
            return "dot-suspect";
        }
        return snapshot.map(s -> HealthText.dotClass(s.state())).orElse("dot-connecting");
    }
}
