package dev.holdfast.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.session.Catalog;
import dev.holdfast.session.SettingValues;
import dev.holdfast.session.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ssh_config as people write it: includes, odd spacing, quotes, '=', CRLF, Match, Host *. */
class OpenSshConfigImporterTest {
    @TempDir
    Path ssh;

    private static final String CONFIG = String.join("\r\n",
            "# my hosts",
            "Include conf.d/*.conf",
            "",
            "Host web1 web2",
            "    HostName\t web.example.com",
            "    User=deploy",
            "    Port 2222",
            "    ServerAliveInterval 30",
            "    ServerAliveInterval 99",
            "    ProxyJump bastion",
            "",
            "Host \"büro\"",
            "  hostname = 10.0.0.7   # the office box",
            "  IdentityFile \"~/.ssh/id büro\"",
            "  TCPKeepAlive no",
            "  LocalForward 8080 localhost:80",
            "",
            "Host *.internal !secret.internal",
            "  User ops",
            "",
            "Match host nightly exec \"true\"",
            "  User robot",
            "",
            "Host *",
            "  ServerAliveInterval 15",
            "  ServerAliveCountMax 4",
            "  User fallback",
            "  ConnectTimeout 20",
            "  ForwardAgent yes",
            "");

    private Map<String, ImportedSession> byName(ImportResult result) {
        return result.sessions().stream().collect(Collectors.toMap(ImportedSession::name, Function.identity()));
    }

    private ImportResult sample() throws Exception {
        Files.createDirectories(ssh.resolve("conf.d"));
        Files.writeString(ssh.resolve("conf.d/10-lab.conf"), "Host lab\n  HostName lab.example.org\n"
                + "  ServerAliveInterval 0\nHost web1\n  User included-first\n");
        Files.writeString(ssh.resolve("config"), CONFIG);
        return new OpenSshConfigImporter(ssh).read(ssh.resolve("config"));
    }

    @Test
    void eachConcreteHostBecomesASessionWithTheFirstValueWinning() throws Exception {
        Map<String, ImportedSession> sessions = byName(sample());
        assertEquals(List.of("lab", "web1", "web2", "büro"), sample().sessions().stream()
                .map(ImportedSession::name).toList(), "file order, includes where they stand, no wildcards");
        ImportedSession web1 = sessions.get("web1");
        assertEquals(Optional.of("web.example.com"), web1.overrides().get(Settings.HOST));
        assertEquals(Optional.of("included-first"), web1.overrides().get(Settings.USER), "the Include came first");
        assertEquals(Optional.of(2222), web1.overrides().get(Settings.PORT));
        assertEquals(Optional.of(30), web1.overrides().get(Settings.KEEPALIVE_INTERVAL), "first of two values");
        assertEquals(Optional.of(KeepaliveMode.PROBE), web1.overrides().get(Settings.KEEPALIVE_MODE));
        assertEquals(Optional.of("deploy"), sessions.get("web2").overrides().get(Settings.USER));
        assertTrue(web1.skipped().stream().anyMatch(s -> s.startsWith("proxyjump bastion (not supported")),
                web1.skipped().toString());
    }

    @Test
    void quotedValuesEqualsSignsTabsCommentsAndUnicode() throws Exception {
        ImportedSession buero = byName(sample()).get("büro");
        assertEquals(Optional.of("10.0.0.7"), buero.overrides().get(Settings.HOST));
        // "~" expanded; the file does not exist here, and is kept as the editor keeps it (connecting says it is missing)
        assertEquals(Optional.of(System.getProperty("user.home") + "/.ssh/id büro"), buero.overrides().get(Settings.KEY_FILE));
        assertTrue(buero.skipped().stream().noneMatch(n -> n.contains("identityfile")), buero.skipped().toString());
        assertEquals(Optional.of(dev.holdfast.session.AuthMethod.PUBLIC_KEY), buero.overrides().get(Settings.AUTH),
                "the key is kept, and so is key authentication");
        assertEquals(Optional.of(false), buero.overrides().get(Settings.TCP_KEEPALIVE));
        assertTrue(buero.skipped().stream().anyMatch(s -> s.startsWith("localforward 8080 localhost:80")));
    }

    @Test
    void hostStarBecomesDefaultSettingsAndInheritedValuesAreNotOverridden() throws Exception {
        ImportResult result = sample();
        assertEquals(Optional.of(15), result.defaults().get(Settings.KEEPALIVE_INTERVAL));
        assertEquals(Optional.of(4), result.defaults().get(Settings.KEEPALIVE_COUNT_MAX));
        assertEquals(Optional.of(20), result.defaults().get(Settings.CONNECT_TIMEOUT));
        assertEquals(Optional.of("fallback"), result.defaults().get(Settings.USER));
        ImportedSession buero = byName(result).get("büro");
        // ticked: Host * becomes Default Settings and the session inherits what it gave
        SettingValues ticked = ImportPlan.overrides(buero, new ImportPlan(Set.of(), Map.of(), true)
                .apply(Catalog.empty(), result).defaults(), true);
        assertFalse(ticked.contains(Settings.USER), "inherits Host *'s user");
        assertFalse(ticked.contains(Settings.KEEPALIVE_COUNT_MAX));
        // unticked: the session keeps Host *'s values as its own (issue 15 item 5)
        SettingValues unticked = ImportPlan.overrides(buero, Catalog.empty().defaults(), false);
        assertEquals(Optional.of("fallback"), unticked.get(Settings.USER));
        assertEquals(Optional.of(4), unticked.get(Settings.KEEPALIVE_COUNT_MAX));
        assertEquals(Optional.of(15), unticked.get(Settings.KEEPALIVE_INTERVAL));
        assertTrue(result.notes().stream().anyMatch(n -> n.startsWith("Host *: forwardagent yes (not supported")),
                result.notes().toString());
    }

    @Test
    void serverAliveIntervalZeroTurnsKeepalivesOff() throws Exception {
        ImportedSession lab = byName(sample()).get("lab");
        assertEquals(Optional.of(KeepaliveMode.OFF), lab.overrides().get(Settings.KEEPALIVE_MODE));
        assertEquals(Optional.of("lab.example.org"), lab.overrides().get(Settings.HOST));
    }

    @Test
    void matchBlocksAreListedNotDropped() throws Exception {
        ImportResult result = sample();
        assertTrue(result.notes().stream().anyMatch(n -> n.startsWith(
                "Match exec at config:21 not evaluated (Holdfast never runs a command")), result.notes().toString());
        assertTrue(byName(result).values().stream().noneMatch(s -> s.overrides().get(Settings.USER)
                .equals(Optional.of("robot"))), "the exec block applies to no session");
        assertFalse(byName(result).containsKey("nightly"));
    }

    @Test
    void aHostWithoutHostNameConnectsToItsAlias() throws Exception {
        Files.writeString(ssh.resolve("config"), "Host pi.local\n  User pi\n");
        ImportedSession pi = new OpenSshConfigImporter(ssh).read(ssh.resolve("config")).sessions().get(0);
        assertEquals(Optional.of("pi.local"), pi.overrides().get(Settings.HOST));
    }

    @Test
    void badFilesGiveAClearMessageWithFileAndLine() throws Exception {
        Path file = ssh.resolve("config");
        Files.writeString(file, "Host a\n  HostName \"unterminated\n");
        assertEquals(file + ", line 2: a quote is not closed: HostName \"unterminated",
                assertThrows(ImportException.class, () -> new OpenSshConfigImporter(ssh).read(file)).getMessage());
        Files.write(file, new byte[] {'H', 'o', 's', 't', ' ', 'a', '\n', 0, 1, 2, (byte) 0xff});
        assertTrue(assertThrows(ImportException.class, () -> new OpenSshConfigImporter(ssh).read(file))
                .getMessage().endsWith("line 2: is not a text file (it contains NUL bytes)"));
        Files.write(file, "Host caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(assertThrows(ImportException.class, () -> new OpenSshConfigImporter(ssh).read(file))
                .getMessage().endsWith("is not UTF-8 text"));
        Files.writeString(file, "Host\n");
        assertTrue(assertThrows(ImportException.class, () -> new OpenSshConfigImporter(ssh).read(file))
                .getMessage().endsWith("line 1: Host needs at least one name"));
    }

    @Test
    void anIncludeLoopAndAFiftyMegabyteFileAreRefusedQuickly() throws Exception {
        Path loop = ssh.resolve("config");
        Files.writeString(loop, "Include config\n");
        assertTrue(assertThrows(ImportException.class, () -> new OpenSshConfigImporter(ssh).read(loop))
                .getMessage().contains("Include nests deeper"));
        Path huge = ssh.resolve("huge");
        try (var out = Files.newOutputStream(huge)) {
            byte[] chunk = "Host x\n  User y\n".repeat(4096).getBytes(StandardCharsets.US_ASCII);
            for (long written = 0; written < 50L * 1024 * 1024; written += chunk.length) {
                out.write(chunk);
            }
        }
        long start = System.nanoTime();
        assertTrue(assertThrows(ImportException.class, () -> new OpenSshConfigImporter(ssh).read(huge))
                .getMessage().contains("is 50 MB"));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 5000);
    }

    /** Mutated samples for a bounded time: only the importer's own clear error may come out. */
    @Test
    void fuzzedConfigsFailOnlyWithTheImportersOwnError() throws Exception {
        byte[] seed = CONFIG.getBytes(StandardCharsets.UTF_8);
        Random random = new Random(42);
        Path file = ssh.resolve("fuzz");
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        int runs = 0;
        while (System.nanoTime() < deadline) {
            byte[] mutated = seed.clone();
            for (int m = 0; m < 1 + random.nextInt(8); m++) {
                int at = random.nextInt(mutated.length);
                switch (random.nextInt(4)) {
                    case 0 -> mutated[at] = (byte) random.nextInt(256);
                    case 1 -> mutated[at] = "\"=# \t\n*?!~".getBytes(StandardCharsets.US_ASCII)[random.nextInt(10)];
                    case 2 -> mutated = java.util.Arrays.copyOf(mutated, at);
                    default -> mutated[at] = (byte) ('0' + random.nextInt(10));
                }
                if (mutated.length == 0) {
                    break;
                }
            }
            Files.write(file, mutated);
            try {
                new OpenSshConfigImporter(ssh).read(file);
            } catch (ImportException expected) {
                assertTrue(expected.getMessage().startsWith(file.toString()), expected.getMessage());
            }
            runs++;
        }
        assertTrue(runs > 100, "ran " + runs + " cases");
    }
}
