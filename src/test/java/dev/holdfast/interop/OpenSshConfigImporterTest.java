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
            "    ProxyCommand nc %h %p",
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
            "  ForwardX11 yes",
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
        assertEquals(Optional.of("bastion"), web1.overrides().get(Settings.PROXY_JUMP));
        assertTrue(web1.skipped().stream().anyMatch(s -> s.startsWith("proxycommand nc %h %p (not supported")),
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
        assertEquals(Optional.of("L 8080:localhost:80"), buero.overrides().get(Settings.FORWARDS));
        assertTrue(buero.skipped().stream().noneMatch(s -> s.startsWith("localforward")), buero.skipped().toString());
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
        assertEquals(Optional.of(true), result.defaults().get(Settings.FORWARD_AGENT));
        assertTrue(result.notes().stream().anyMatch(n -> n.startsWith("Host *: forwardx11 yes (not supported")),
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
                "Match exec at config:22 not evaluated (Holdfast never runs a command")), result.notes().toString());
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
        // a config saved as UTF-16 (Notepad's "Unicode") is named as such, not as "contains NUL bytes"
        byte[] utf16 = "\uFEFFHost a\n  HostName a.example\n".getBytes(StandardCharsets.UTF_16LE);
        Files.write(file, utf16);
        String message = assertThrows(ImportException.class, () -> new OpenSshConfigImporter(ssh).read(file)).getMessage();
        assertTrue(message.contains("UTF-16") && message.contains("save it as UTF-8") && !message.contains("NUL"), message);
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
                // the file read, or a file it includes (a mutated Include may name the directory itself)
                assertTrue(expected.getMessage().startsWith(file.toString())
                        || expected.getMessage().startsWith(ssh.toString()), expected.getMessage());
            }
            runs++;
        }
        assertTrue(runs > 100, "ran " + runs + " cases");
    }
    private OpenSshConfigImporter importer() {
        return new OpenSshConfigImporter(ssh, new OpenSshConfigImporter.LocalUser(Path.of("/home/tester"), "tester",
                "box.example.net", "1000"));
    }

    private ImportResult read(String config) throws Exception {
        return importer().read(Files.writeString(ssh.resolve("config"), config));
    }

    @Test
    void matchExecIsNeverRunAndItsBlockNeverApplies() throws Exception {
        Path marker = ssh.resolve("ran");
        ImportResult result = read("Host a\n  HostName a.example.com\nMatch host a.example.com exec \"touch "
                + marker + "\"\n  User fromexec\nMatch !exec \"touch " + marker + "\"\n  Port 2201\n");
        assertFalse(Files.exists(marker), "Match exec ran a command");
        ImportedSession a = result.sessions().get(0);
        assertEquals(Optional.empty(), a.overrides().get(Settings.USER));
        assertEquals(Optional.empty(), a.overrides().get(Settings.PORT), "a negated exec is not evaluated either");
        assertEquals(2, result.notes().stream().filter(n -> n.startsWith("Match exec at config:")
                && n.contains("not evaluated")).count(), result.notes().toString());
    }

    @Test
    void hostNameAndIdentityFileTokensAreExpandedAsSshDoes() throws Exception {
        ImportResult result = read(String.join("\n", "Host web",
                "  HostName %h.Prod.Example.com",
                "  User deploy",
                "  Port 2022",
                "  IdentityFile ~/.ssh/%h_%r_%u_%n_%p_%%_%l_%L_%i_%k",
                "Host pct",
                "  HostName %x.example.com",
                "  IdentityFile %d/keys/${HOME}",
                ""));
        ImportedSession web = result.sessions().get(0);
        assertEquals(Optional.of("web.prod.example.com"), web.overrides().get(Settings.HOST), "lower case, as ssh");
        assertEquals(Optional.of("/home/tester/.ssh/web.prod.example.com_deploy_tester_web_2022_%_box.example.net"
                + "_box_1000_web"), web.overrides().get(Settings.KEY_FILE));
        ImportedSession pct = result.sessions().get(1);
        assertEquals(Optional.of("pct"), pct.overrides().get(Settings.HOST), "an unknown token: the alias");
        assertTrue(pct.skipped().stream().anyMatch(n -> n.startsWith("hostname \"%x.example.com\" left out:")
                && n.contains("%x")), pct.skipped().toString());
        assertTrue(pct.skipped().stream().anyMatch(n -> n.contains("${VARIABLE}")), pct.skipped().toString());
    }

    @Test
    void unsetKeepalivesAreSshsDefaultsWhateverTheDefaultSettingsSay() throws Exception {
        ImportResult result = read("Host quiet\n  HostName q.example.com\nHost probing\n  ServerAliveInterval 30\n");
        Catalog probing = Catalog.empty().withDefaults(Catalog.empty().defaults()
                .with(Settings.KEEPALIVE_MODE, KeepaliveMode.PROBE).with(Settings.KEEPALIVE_COUNT_MAX, 9)
                .with(Settings.TCP_KEEPALIVE, false).with(Settings.PORT, 2999));
        for (boolean ticked : new boolean[] {false, true}) {
            Catalog after = new ImportPlan(Set.of("quiet", "probing"), Map.of(), ticked).apply(probing, result);
            var quiet = after.effective(after.byName("quiet").orElseThrow());
            assertEquals(KeepaliveMode.OFF, quiet.keepaliveMode(), "no ServerAliveInterval: ssh sends no probes");
            assertEquals(true, quiet.get(Settings.TCP_KEEPALIVE), "TCPKeepAlive yes is ssh's default");
            assertEquals(22, quiet.get(Settings.PORT));
            var probe = after.effective(after.byName("probing").orElseThrow());
            assertEquals(KeepaliveMode.PROBE, probe.keepaliveMode());
            assertEquals(30, probe.get(Settings.KEEPALIVE_INTERVAL));
            assertEquals(3, probe.get(Settings.KEEPALIVE_COUNT_MAX), "ssh's ServerAliveCountMax with an interval");
        }
    }

    @Test
    void matchCriteriaNegationListsAndAnd() throws Exception {
        ImportResult result = read(String.join("\n",
                "Host a b c",
                "Match originalhost a,b !originalhost b",
                "  Port 2001",
                "Match user tester localuser tester originalhost c",
                "  Port 2003",
                "Match all",
                "  User everyone",
                "Match user everyone originalhost b",
                "  ServerAliveInterval 7",
                ""));
        Map<String, ImportedSession> sessions = byName(result);
        assertEquals(Optional.of(2001), sessions.get("a").overrides().get(Settings.PORT));
        assertEquals(Optional.empty(), sessions.get("b").overrides().get(Settings.PORT));
        assertEquals(Optional.of(2003), sessions.get("c").overrides().get(Settings.PORT), "user is the local one");
        assertEquals(Optional.of(7), sessions.get("b").overrides().get(Settings.KEEPALIVE_INTERVAL),
                "user is the remote user obtained so far");
        assertEquals(Optional.of("everyone"), sessions.get("a").overrides().get(Settings.USER));
    }

    @Test
    void aBadMatchLineIsRefusedAsSshRefusesIt() throws Exception {
        for (String line : List.of("Match", "Match host", "Match address 192.0.2.1", "Match all host x")) {
            String message = assertThrows(ImportException.class, () -> read("Host a\n" + line + "\n  Port 1\n"))
                    .getMessage();
            assertTrue(message.contains("line 2: Match"), message);
        }
    }

    @Test
    void anIncludeInABlockIsReadOnlyWhenTheBlockApplies() throws Exception {
        Files.writeString(ssh.resolve("db-extra"), "User dbuser\n");
        Files.writeString(ssh.resolve("star"), "ServerAliveCountMax 5\n");
        ImportResult result = read("Host web\n  HostName web.example.com\nHost db\n  Include db-extra\n"
                + "Host *\n  Include star\n");
        Map<String, ImportedSession> sessions = byName(result);
        assertEquals(Optional.of("dbuser"), sessions.get("db").overrides().get(Settings.USER));
        assertEquals(Optional.empty(), sessions.get("web").overrides().get(Settings.USER));
        assertEquals(Optional.of(5), result.defaults().get(Settings.KEEPALIVE_COUNT_MAX), "Include in Host *");
    }

    @Test
    void ignoreUnknownSilencesTheKeywordsItNames() throws Exception {
        ImportResult result = read("IgnoreUnknown UseKeychain,Foo*\nHost a\n  UseKeychain yes\n  FooBar 1\n"
                + "  ProxyCommand b\n");
        List<String> skipped = result.sessions().get(0).skipped();
        assertTrue(skipped.stream().noneMatch(n -> n.startsWith("usekeychain") || n.startsWith("foobar")), skipped.toString());
        assertTrue(skipped.stream().anyMatch(n -> n.startsWith("proxycommand b")), skipped.toString());
    }

    @Test
    void aHostStarKeyThatNamesTheHostIsEachSessionsOwn() throws Exception {
        ImportResult result = read("Host a b\nHost *\n  IdentityFile ~/.ssh/%n.key\n  User all\n");
        assertEquals(Optional.empty(), result.defaults().get(Settings.KEY_FILE));
        assertEquals(Optional.of("all"), result.defaults().get(Settings.USER));
        assertTrue(result.notes().stream().anyMatch(n -> n.startsWith("Host *: identityfile")
                && n.contains("depends on the host")), result.notes().toString());
        assertEquals(Optional.of("/home/tester/.ssh/b.key"), byName(result).get("b").overrides().get(Settings.KEY_FILE));
    }

    @Test
    void tickedThePreviewNamesTheDefaultSettingsItReplaces() throws Exception {
        ImportResult result = read("Host a\nHost *\n  User all\n  Port 22\n");
        Catalog saved = Catalog.empty().withDefaults(Catalog.empty().defaults().with(Settings.USER, "me"));
        assertEquals(List.of("User me \u2192 all"), ImportPlan.replacedDefaults(result, saved.defaults()),
                "Port 22 is already the default");
    }

    @Test
    void manyHostsTimesManyLinesAreRefusedQuicklyNotEvaluatedForMinutes() throws Exception {
        StringBuilder config = new StringBuilder();
        for (int i = 0; i < 6_000; i++) {
            config.append("Host h").append(i).append(".example.com\n");
        }
        long start = System.nanoTime();
        String message = assertThrows(ImportException.class, () -> read(config.toString())).getMessage();
        assertTrue(message.contains("has too many hosts for its length"), message);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20, "refused in time");
        assertEquals(1000, read(config.substring(0, config.indexOf("Host h1000."))).sessions().size(),
                "a thousand hosts are evaluated");
    }
}
