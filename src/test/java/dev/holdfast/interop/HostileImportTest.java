package dev.holdfast.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.session.Catalog;
import dev.holdfast.session.FieldRules;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.SessionStore;
import dev.holdfast.session.Setting;
import dev.holdfast.session.SettingValues;
import dev.holdfast.session.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile files of every format: whatever an importer returns passes the editor's rules (names, folders,
 * every value), names are unique ignoring case, and the catalog saved from it loads without a repair.
 */
class HostileImportTest {
    private static final String LONG = "n".repeat(120);

    @TempDir
    Path dir;

    private static final String WINSCP = String.join("\r\n",
            "[Sessions\\web%0AProxyCommand%20touch%20x]", "HostName=web.example.com", "",
            "[Sessions\\" + LONG + "]", "HostName=long.example.com", "",
            "[Sessions\\%20%20%20leading]", "HostName=lead.example.com", "",
            "[Sessions\\web]", "HostName=a.example.com", "",
            "[Sessions\\WEB]", "HostName=b.example.com", "PortNumber=99999", "",
            "[Sessions\\Folder/]", "HostName=f.example.com", "",
            "[Sessions\\a%0D//b%1B[31m/c]", "HostName=c.example.com", "UserName=-oProxyCommand=x", "",
            "[Sessions\\keys]", "HostName=k.example.com", "PublicKeyFile=KEYDIR/k%0AProxyCommand%20touch%20x",
            "UserName=ok%0Auser", "PingType=1", "PingIntervalSecs=999999", "",
            "[Sessions\\badhost]", "HostName=ex%20ample", "",
            "[Sessions\\%0A%0A]", "HostName=blank.example.com", "",
            "[Sessions\\c1%C2%85next%C2%9Bline]", "HostName=c1.example.com", "",
            "[Sessions\\Default%20Settings]", "PortNumber=0", "UserName=%0A", "");

    @Test
    void aHostileWinScpIniComesOutClean() throws Exception {
        // the key file exists, so only the line break in its name keeps it out
        Files.writeString(dir.resolve("k\nProxyCommand touch x"), "key");
        Path ini = Files.writeString(dir.resolve("WinSCP.ini"), WINSCP.replace("KEYDIR", dir.toString()));
        ImportResult result = new WinScpImporter().read(ini);
        assertPassesTheEditorsRules(result);
        Map<String, ImportedSession> byHost = result.sessions().stream()
                .collect(Collectors.toMap(s -> s.overrides().get(Settings.HOST).orElse("?" + s.name()), s -> s));
        assertEquals("web ProxyCommand touch x", byHost.get("web.example.com").name());
        assertEquals("n".repeat(100), byHost.get("long.example.com").name());
        assertEquals("leading", byHost.get("lead.example.com").name());
        assertEquals("c1 next line", byHost.get("c1.example.com").name(), "C1 controls (NEL, CSI) too");
        assertEquals("web", byHost.get("a.example.com").name());
        ImportedSession upper = byHost.get("b.example.com");
        assertEquals("WEB (2)", upper.name(), "web and WEB are one name to Holdfast");
        assertTrue(upper.skipped().contains("name \"WEB\" imported as \"WEB (2)\" (another session in this file is"
                + " called \"web\")"), upper.skipped().toString());
        assertTrue(upper.skipped().contains("PortNumber \"99999\" left out: Port must be between 1 and 65535"),
                upper.skipped().toString());
        assertEquals("Folder", byHost.get("f.example.com").name());
        assertEquals("", byHost.get("f.example.com").folder());
        ImportedSession nested = byHost.get("c.example.com");
        assertEquals("a/b [31m", nested.folder());
        assertEquals("c", nested.name());
        assertFalse(nested.overrides().contains(Settings.USER));
        ImportedSession keys = byHost.get("k.example.com");
        assertFalse(keys.overrides().contains(Settings.KEY_FILE));
        assertFalse(keys.overrides().contains(Settings.USER));
        assertTrue(keys.skipped().stream().anyMatch(n -> n.equals("PublicKeyFile \"" + dir + "/k\\nProxyCommand touch x\" left out:"
                        + " Path must not contain control characters")),
                keys.skipped().toString());
        assertTrue(result.notes().stream().anyMatch(n -> n.startsWith("\"badhost\"")), result.notes().toString());
        assertTrue(result.sessions().stream().anyMatch(s -> s.name().startsWith("Imported session")));
        assertFalse(result.defaults().contains(Settings.PORT));
        assertFalse(result.defaults().contains(Settings.USER));
        assertSavedAndLoadedWithoutRepair(result);
    }

    @Test
    void aHostilePuttyRegAndSessionsDirectoryComeOutClean() throws Exception {
        Path reg = Files.writeString(dir.resolve("putty.reg"), String.join("\r\n",
                "Windows Registry Editor Version 5.00", "",
                "[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\web]", "\"HostName\"=\"a.example.com\"", "",
                "[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\WEB]", "\"HostName\"=\"b.example.com\"",
                "\"PortNumber\"=dword:0001869f", "",
                "[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\%0D%0Aevil%09x]",
                "\"HostName\"=\"-oProxyCommand=x@c.example.com\"", "\"UserName\"=\"\"", "",
                "[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\" + LONG + "%20]",
                "\"HostName\"=\"d.example.com\"", "\"PublicKeyFile\"=\"/nonexistent/key\"", ""));
        ImportResult result = new PuttyImporter().read(reg);
        assertPassesTheEditorsRules(result);
        assertEquals(List.of("web", "WEB (2)", "evil x", "n".repeat(100)),
                result.sessions().stream().map(ImportedSession::name).toList());
        assertEquals(Optional.empty(), result.sessions().get(1).overrides().get(Settings.PORT));
        assertEquals(Optional.empty(), result.sessions().get(2).overrides().get(Settings.USER), "leading '-'");
        assertSavedAndLoadedWithoutRepair(result);

        Path sessions = Files.createDirectories(dir.resolve("sessions"));
        Files.writeString(sessions.resolve("web"), "HostName=a.example.com\n");
        Files.writeString(sessions.resolve("Web"), "HostName=b.example.com\nPortNumber=0\n");
        Files.writeString(sessions.resolve("x%0Ay"), "HostName=c.example.com\nUserName=u\u0007\n");
        ImportResult fromDirectory = new PuttyImporter().read(sessions);
        assertPassesTheEditorsRules(fromDirectory);
        assertEquals(Set.of("web", "Web (2)", "x y").size(), fromDirectory.sessions().size());
        assertSavedAndLoadedWithoutRepair(fromDirectory);
    }

    @Test
    void aHostileSshConfigComesOutClean() throws Exception {
        Path config = Files.writeString(dir.resolve("config"), String.join("\n",
                "Host web WEB \"  spaced  \" " + LONG,
                "  HostName web.example.com",
                "Host bad",
                "  HostName \"ex ample\"",
                "  Port 99999",
                "  User -oProxyCommand=x",
                "  IdentityFile \"/tmp/\u0001ProxyCommand x\"",
                "  ServerAliveInterval 999999",
                "Host tokens",
                "  HostName %h.example.com",
                "  IdentityFile ~/.ssh/id_%r",
                "Host *",
                "  Port 0",
                "  ConnectTimeout 99999",
                ""));
        ImportResult result = new OpenSshConfigImporter(dir).read(config);
        assertPassesTheEditorsRules(result);
        assertEquals(List.of("web", "WEB (2)", "spaced", "n".repeat(100), "bad", "tokens"),
                result.sessions().stream().map(ImportedSession::name).toList());
        ImportedSession bad = result.sessions().get(4);
        assertEquals(Optional.of("bad"), bad.overrides().get(Settings.HOST), "the alias, as ssh would use it");
        assertTrue(bad.skipped().stream().anyMatch(n -> n.startsWith("port \"99999\" left out: Port must be")),
                bad.skipped().toString());
        ImportedSession tokens = result.sessions().get(5);
        assertEquals(Optional.of("tokens.example.com"), tokens.overrides().get(Settings.HOST), "%h is the alias");
        // %r is the remote user, as ssh expands it (issue 15): none is set, so the local user
        assertEquals(Optional.of(System.getProperty("user.home") + "/.ssh/id_" + System.getProperty("user.name")),
                tokens.overrides().get(Settings.KEY_FILE), tokens.skipped().toString());
        assertTrue(result.defaults().isEmpty(), result.defaults().toString());
        assertSavedAndLoadedWithoutRepair(result);
    }

    @Test
    void aBackupWithNamesTheEditorWouldRefuse() throws Exception {
        Path backup = dir.resolve("backup.json");
        SessionStore.writeBackup(backup, Catalog.empty().withSessions(List.of(
                SessionProfile.create("web").withOverrides(SettingValues.empty().with(Settings.HOST, "a.example.com")),
                SessionProfile.create("WEB").withOverrides(SettingValues.empty().with(Settings.PORT, 99999)),
                SessionProfile.create("x\ny").withFolder("F//"))));
        ImportResult result = new BackupImporter().read(backup);
        assertPassesTheEditorsRules(result);
        assertSavedAndLoadedWithoutRepair(result);
    }

    @Test
    void aClashWithASavedSessionIgnoresCaseAsTheSessionListDoes() {
        Catalog saved = Catalog.empty().withSessions(List.of(SessionProfile.create("web")));
        ImportResult found = new ImportResult(List.of(
                new ImportedSession("WEB", "", SettingValues.empty().with(Settings.HOST, "b.example.com"), List.of()),
                new ImportedSession("web (2)", "", SettingValues.empty().with(Settings.HOST, "c.example.com"),
                        List.of())), SettingValues.empty(), List.of());
        assertEquals(List.of("WEB"), ImportPlan.conflicting(found, saved));
        Catalog skipped = new ImportPlan(Set.of("WEB"), Map.of(), false).apply(saved, found);
        assertEquals(List.of("web"), names(skipped));
        Catalog renamed = new ImportPlan(Set.of("WEB", "web (2)"), Map.of("WEB", ImportPlan.Conflict.RENAME), false)
                .apply(saved, found);
        assertEquals(List.of("web", "WEB (2)", "web (2) (2)"), names(renamed), "no name twice, ignoring case");
        Catalog replaced = new ImportPlan(Set.of("WEB"), Map.of("WEB", ImportPlan.Conflict.REPLACE), false)
                .apply(saved, found);
        assertEquals(List.of("web"), names(replaced));
        assertEquals(Optional.of("b.example.com"), replaced.sessions().get(0).overrides().get(Settings.HOST));
    }

    private static List<String> names(Catalog catalog) {
        return catalog.sessions().stream().map(SessionProfile::name).toList();
    }

    /** What the editor checks: the name, the folder and every value; and no two names equal ignoring case. */
    static void assertPassesTheEditorsRules(ImportResult result) {
        Set<String> names = new HashSet<>();
        for (ImportedSession session : result.sessions()) {
            assertEquals(Optional.empty(), FieldRules.sessionName(session.name()), session.name());
            assertTrue(names.add(session.name().toLowerCase(Locale.ROOT)), "twice: " + session.name());
            assertEquals(Optional.empty(), FieldRules.folder(session.folder()), session.folder());
            assertValuesPass(session.overrides(), session.name());
            session.skipped().forEach(n -> assertFalse(n.chars().anyMatch(Character::isISOControl), n));
        }
        assertValuesPass(result.defaults(), "defaults");
        result.notes().forEach(n -> assertFalse(n.chars().anyMatch(Character::isISOControl), n));
    }

    private static void assertValuesPass(SettingValues values, String where) {
        for (Setting<?> setting : values.settings()) {
            assertEquals(Optional.empty(), check(values, setting), where + ": " + setting);
        }
    }

    private static <T> Optional<String> check(SettingValues values, Setting<T> setting) {
        return setting.check(values.get(setting).orElseThrow());
    }

    /** Everything imported (renamed where taken) into a store holding "Web", saved, and loaded as at the next start. */
    private void assertSavedAndLoadedWithoutRepair(ImportResult result) throws Exception {
        Catalog saved = Catalog.empty().withSessions(List.of(SessionProfile.create("Web")));
        Map<String, ImportPlan.Conflict> rename = new HashMap<>();
        ImportPlan.conflicting(result, saved).forEach(n -> rename.put(n, ImportPlan.Conflict.RENAME));
        Set<String> all = result.sessions().stream().map(ImportedSession::name).collect(Collectors.toSet());
        Catalog next = new ImportPlan(all, rename, true).apply(saved, result);
        assertEquals(result.sessions().size() + 1, next.sessions().size());
        Path store = Files.createTempDirectory(dir, "store");
        new SessionStore(store).save(next);
        SessionStore.LoadResult loaded = new SessionStore(store).load();
        assertEquals(Optional.empty(), loaded.problem(), () -> loaded.problem().orElseThrow().details() + "\n"
                + readQuietly(store.resolve(SessionStore.FILE_NAME)));
        assertEquals(names(next), names(loaded.catalog()));
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
