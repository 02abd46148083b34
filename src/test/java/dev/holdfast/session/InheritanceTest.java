package dev.holdfast.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.keepalive.KeepaliveMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InheritanceTest {

    private static SessionProfile session(String name, SettingValues overrides) {
        return SessionProfile.create(name).withOverrides(overrides);
    }

    @Test
    void aSessionWithoutOverridesTakesEveryValueFromDefaultSettings() {
        DefaultSettings defaults = DefaultSettings.builtIn().with(Settings.PORT, 2222).with(Settings.USER, "ops");
        EffectiveSettings effective = new EffectiveSettings(session("a", SettingValues.empty()), defaults);
        assertEquals(2222, effective.get(Settings.PORT));
        assertEquals("ops", effective.get(Settings.USER));
        assertEquals(Settings.KEEPALIVE_INTERVAL.builtIn(), effective.get(Settings.KEEPALIVE_INTERVAL));
        assertFalse(effective.isOverridden(Settings.PORT));
    }

    @Test
    void anOverrideWinsOverTheDefault() {
        DefaultSettings defaults = DefaultSettings.builtIn().with(Settings.KEEPALIVE_INTERVAL, 30);
        EffectiveSettings effective = new EffectiveSettings(
                session("a", SettingValues.empty().with(Settings.KEEPALIVE_INTERVAL, 5)), defaults);
        assertEquals(5, effective.get(Settings.KEEPALIVE_INTERVAL));
        assertTrue(effective.isOverridden(Settings.KEEPALIVE_INTERVAL));
    }

    @Test
    void changingADefaultReachesEveryInheritingSessionButNotOverridingOnes(@TempDir java.nio.file.Path dir) {
        SessionProfile inheriting = session("inheriting", SettingValues.empty());
        SessionProfile overriding = session("overriding", SettingValues.empty().with(Settings.KEEPALIVE_INTERVAL, 7));
        SessionLibrary library = new SessionLibrary(new SessionStore(dir),
                Catalog.empty().withSessions(List.of(inheriting, overriding)));

        library.setDefaults(library.catalog().defaults().with(Settings.KEEPALIVE_INTERVAL, 45));

        Catalog now = library.catalog();
        assertEquals(45, now.effective(now.byId(inheriting.id()).orElseThrow()).get(Settings.KEEPALIVE_INTERVAL));
        assertEquals(7, now.effective(now.byId(overriding.id()).orElseThrow()).get(Settings.KEEPALIVE_INTERVAL));
        assertEquals(1, now.inheritingCount(Settings.KEEPALIVE_INTERVAL));
        library.close();
    }

    @Test
    void resettingAnOverrideMakesTheSessionFollowTheDefaultAgain() {
        SettingValues overrides = SettingValues.empty().with(Settings.PORT, 2200).with(Settings.USER, "me");
        SessionProfile profile = session("a", overrides.without(Settings.PORT));
        DefaultSettings defaults = DefaultSettings.builtIn().with(Settings.PORT, 443);
        EffectiveSettings effective = new EffectiveSettings(profile, defaults);
        assertEquals(443, effective.get(Settings.PORT));
        assertFalse(effective.isOverridden(Settings.PORT));
        assertEquals("me", effective.get(Settings.USER));
    }

    @Test
    void anOverrideEqualToTheDefaultStaysPinnedWhenTheDefaultChanges() {
        SessionProfile pinned = session("a", SettingValues.empty().with(Settings.KEEPALIVE_COUNT_MAX, 3));
        DefaultSettings changed = DefaultSettings.builtIn().with(Settings.KEEPALIVE_COUNT_MAX, 9);
        assertEquals(3, new EffectiveSettings(pinned, changed).get(Settings.KEEPALIVE_COUNT_MAX));
    }

    @Test
    void keepaliveSummaryFollowsTheEffectiveValues() {
        DefaultSettings defaults = DefaultSettings.builtIn().with(Settings.KEEPALIVE_INTERVAL, 20);
        EffectiveSettings probe = new EffectiveSettings(session("a", SettingValues.empty()), defaults);
        assertEquals(Duration.ofSeconds(20), probe.keepaliveInterval());
        assertTrue(probe.keepaliveSummary().startsWith("Declared dead about 80 s"), probe.keepaliveSummary());
        EffectiveSettings nulls = new EffectiveSettings(
                session("b", SettingValues.empty().with(Settings.KEEPALIVE_MODE, KeepaliveMode.NULL_PACKET)), defaults);
        assertTrue(nulls.keepaliveSummary().contains("not detected"), nulls.keepaliveSummary());
    }

    @Test
    void targetShowsUserHostAndNonDefaultPort() {
        DefaultSettings defaults = DefaultSettings.builtIn();
        assertEquals("deploy@web:2222", new EffectiveSettings(session("a", SettingValues.empty()
                .with(Settings.HOST, "web").with(Settings.USER, "deploy").with(Settings.PORT, 2222)), defaults).target());
        assertEquals("[::1]", new EffectiveSettings(session("b", SettingValues.empty()
                .with(Settings.HOST, "::1")), defaults).target());
    }

    @Test
    void profilesKeepUnknownFieldsThroughEdits() {
        SessionProfile profile = new SessionProfile("id", "n", "", SettingValues.empty(), Map.of("x11", true),
                Map.of("color", "red"));
        SessionProfile renamed = profile.withName("m").withFolder("f");
        assertEquals(Map.of("x11", true), renamed.unknownSettings());
        assertEquals(Map.of("color", "red"), renamed.extra());
    }
}
