package dev.holdfast.session;

import dev.holdfast.keepalive.DeadPeerRule;
import dev.holdfast.keepalive.KeepaliveMode;
import java.time.Duration;

/**
 * A session's settings as they apply now: each value is the session's override, else the current
 * Default Settings value. Resolved on every read, so it is only as current as the {@code defaults}
 * it was made with; make a new one after defaults change (cheap).
 */
public record EffectiveSettings(SessionProfile profile, DefaultSettings defaults) {

    public <T> T get(Setting<T> setting) {
        return profile.overrides().get(setting).orElseGet(() -> defaults.get(setting));
    }

    /** Whether the value comes from the session itself rather than Default Settings. */
    public boolean isOverridden(Setting<?> setting) {
        return profile.overrides().contains(setting);
    }

    /** {@code user@host:port}, leaving out what is not set and the default port. */
    public String target() {
        String user = get(Settings.USER);
        String host = get(Settings.HOST);
        int port = get(Settings.PORT);
        String shownHost = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return (user.isEmpty() ? "" : user + "@") + (host.isEmpty() ? "(no host)" : shownHost)
                + (port == 22 ? "" : ":" + port);
    }

    public KeepaliveMode keepaliveMode() {
        return get(Settings.KEEPALIVE_MODE);
    }

    public Duration keepaliveInterval() {
        return Duration.ofSeconds(get(Settings.KEEPALIVE_INTERVAL));
    }

    /** The keepalive panel's sentence: when these settings declare the connection dead. */
    public String keepaliveSummary() {
        return DeadPeerRule.describe(keepaliveMode(), keepaliveInterval(), get(Settings.KEEPALIVE_COUNT_MAX));
    }
}
