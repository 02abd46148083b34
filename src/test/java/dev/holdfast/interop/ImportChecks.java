package dev.holdfast.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.session.AuthMethod;
import dev.holdfast.session.Catalog;
import dev.holdfast.session.DefaultSettings;
import dev.holdfast.session.EffectiveSettings;
import dev.holdfast.session.Settings;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The settings an imported session would connect with: the import applied as the preview applies it
 * ({@link ImportPlan}, the file's defaults not taken), read through {@link Catalog#effective}. The catalog's
 * Default Settings differ from the built-in ones and from PuTTY's and WinSCP's on every keepalive field and the
 * port, so a value an importer left to inherit shows up as wrong.
 */
final class ImportChecks {
    /** Default Settings unlike any source program's: probes every 15 s, CountMax 7, TCP keepalive on, port 2222. */
    static final DefaultSettings HOLDFAST_DEFAULTS = DefaultSettings.builtIn()
            .with(Settings.PORT, 2222)
            .with(Settings.KEEPALIVE_MODE, KeepaliveMode.PROBE)
            .with(Settings.KEEPALIVE_INTERVAL, 15)
            .with(Settings.KEEPALIVE_COUNT_MAX, 7)
            .with(Settings.TCP_KEEPALIVE, true);

    private ImportChecks() {
    }

    /** The catalog after importing every session of {@code result} into one that has none. */
    static Catalog applied(ImportResult result) {
        Set<String> all = new HashSet<>();
        result.sessions().forEach(s -> all.add(s.name()));
        Catalog empty = Catalog.empty().withDefaults(HOLDFAST_DEFAULTS);
        return new ImportPlan(all, Map.of(), false).apply(empty, result);
    }

    static EffectiveSettings effective(ImportResult result, String name) {
        Catalog catalog = applied(result);
        return catalog.effective(catalog.byName(name).orElseThrow(() -> new AssertionError("no session " + name
                + " in " + result.sessions())));
    }

    /** Host, port, user, key and every keepalive field, each as the session would use it. */
    static void assertConnects(EffectiveSettings s, String host, int port, String user, String keyFile,
                               KeepaliveMode mode, int interval, boolean tcp) {
        String name = s.profile().name();
        assertEquals(host, s.get(Settings.HOST), name + ": host");
        assertEquals(port, s.get(Settings.PORT), name + ": port");
        assertEquals(user, s.get(Settings.USER), name + ": user");
        assertEquals(keyFile, s.get(Settings.KEY_FILE), name + ": key file");
        assertEquals(keyFile.isEmpty() ? HOLDFAST_DEFAULTS.get(Settings.AUTH) : AuthMethod.PUBLIC_KEY,
                s.get(Settings.AUTH), name + ": authentication");
        assertEquals(mode, s.keepaliveMode(), name + ": keepalive mode");
        if (mode != KeepaliveMode.OFF) {
            assertEquals(interval, s.get(Settings.KEEPALIVE_INTERVAL), name + ": keepalive interval");
        }
        assertEquals(tcp, s.get(Settings.TCP_KEEPALIVE), name + ": TCP keepalive");
        assertFalse(s.isOverridden(Settings.KEEPALIVE_COUNT_MAX), name + ": CountMax is not the importer's");
    }
}
