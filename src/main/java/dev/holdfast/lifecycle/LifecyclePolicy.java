package dev.holdfast.lifecycle;

import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.keepalive.KeepalivePolicy;
import dev.holdfast.session.EffectiveSettings;
import dev.holdfast.session.Settings;
import java.time.Duration;

/**
 * What one connection of a lifecycle follows, read from the session's settings at each connect (so an
 * edit applies from the next connection on).
 *
 * @param target {@code user@host[:port]}, for the event log
 * @param keepalive the keepalive rule
 * @param keepaliveSummary the rule in words, for the event log
 * @param autoReconnect whether a lost connection is reconnected without being asked
 * @param maxAttempts automatic attempts at most, after one loss
 * @param firstDelay the wait before the first automatic attempt (doubled after each failure)
 */
public record LifecyclePolicy(String target, KeepalivePolicy keepalive, String keepaliveSummary,
                              boolean autoReconnect, int maxAttempts, Duration firstDelay) {

    /** The policy the session's settings give. */
    public static LifecyclePolicy from(EffectiveSettings settings) {
        KeepaliveMode mode = settings.keepaliveMode();
        KeepalivePolicy keepalive = new KeepalivePolicy(mode, settings.keepaliveInterval(),
                settings.get(Settings.KEEPALIVE_COUNT_MAX), Duration.ofSeconds(settings.get(Settings.WAKE_CHECK)),
                settings.get(Settings.LOG_PROBES));
        return new LifecyclePolicy(settings.target(), keepalive, settings.keepaliveSummary(),
                settings.get(Settings.RECONNECT_AUTO), settings.get(Settings.RECONNECT_ATTEMPTS),
                Duration.ofSeconds(settings.get(Settings.RECONNECT_DELAY)));
    }
}
