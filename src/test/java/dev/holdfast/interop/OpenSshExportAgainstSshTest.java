package dev.holdfast.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.session.AgentUse;
import dev.holdfast.session.AuthMethod;
import dev.holdfast.session.Catalog;
import dev.holdfast.session.EffectiveSettings;
import dev.holdfast.session.FieldRules;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.SettingValues;
import dev.holdfast.session.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copy as ssh_config Block, checked by the real OpenSSH client: each exported block is written to a file
 * and {@code ssh -G -F file ALIAS} (which only prints the configuration, no network) must report exactly
 * the session's host, user, port, key and keepalives, and nothing else differing from an empty config: no
 * ProxyCommand, LocalCommand or any other option a hostile value could smuggle in. The alias must match
 * no other host name.
 */
class OpenSshExportAgainstSshTest {
    private static final Set<String> EXPORTED = Set.of("host", "hostname", "user", "port", "identityfile",
            "serveraliveinterval", "serveralivecountmax", "tcpkeepalive", "connecttimeout");

    @TempDir
    Path dir;

    private static final List<String> NAMES = List.of("web 1", "Evil-Name", "a*b", "?", "!x", "a,b", "  lead",
            "-dash", "caf\u00e9 \u2615", "tab\tname", "new\nline", "x\"y", "#c", "%h", "~", "*", "a b c,d!e?f");
    private static final List<String> HOSTS = List.of("web.example.com", "::1", "[::1]", "fe80::1%eth0", "10.0.0.1",
            "-oProxyCommand=touch", "h\nProxyCommand touch x", "ex ample", "h\"x", "\u00fcber.example", "%h");
    private static final List<String> USERS = List.of("deploy", "a b", "al@ice", "x\"y", "%u", "${HOME}", "-l",
            "u\nProxyCommand touch x", "#c", "=", "\u00fc", "tab\tu", "o'brien", "back\\slash\\", "u\r", "");
    private static final List<String> KEYS = List.of("/tmp/id ed25519", "~/.ssh/id x", "C:\\keys\\id.ppk",
            "a\\\\b\\", "k%h", "${HOME}/k", "k\nProxyCommand touch /tmp/holdfast-pwned", "k#1", "#k", "k=1",
            "'single'", "\"dq\"", "-i", "k\u0000", "k\u001b[31m", "\u00fc/\u2615 k", "k\\'x", " lead", "trail ",
            "%%", "~root/k", "k%0AProxyCommand", "k\u0085ProxyCommand x");
    private static final List<Integer> PORTS = List.of(22, 2222, 65535, 1);

    private static EffectiveSettings session(String name, String host, String user, String key, int port) {
        SettingValues values = SettingValues.empty().with(Settings.HOST, host).with(Settings.USER, user)
                .with(Settings.PORT, port).with(Settings.KEY_FILE, key)
                .with(Settings.AUTH, key.isEmpty() ? AuthMethod.PASSWORD : AuthMethod.PUBLIC_KEY)
                .with(Settings.KEEPALIVE_MODE, port % 2 == 0 ? KeepaliveMode.PROBE : KeepaliveMode.NULL_PACKET)
                .with(Settings.KEEPALIVE_INTERVAL, 20 + port % 7).with(Settings.TCP_KEEPALIVE, port % 3 == 0);
        return Catalog.empty().effective(SessionProfile.create(name).withOverrides(values));
    }

    /** Each hostile value once with benign others, and then all of them mixed. */
    private static List<EffectiveSettings> matrix() {
        List<EffectiveSettings> sessions = new ArrayList<>();
        NAMES.forEach(n -> sessions.add(session(n, "web.example.com", "deploy", "/tmp/id", 22)));
        HOSTS.forEach(h -> sessions.add(session("Evil-Name", h, "deploy", "", 2222)));
        USERS.forEach(u -> sessions.add(session("Evil-Name", "10.0.0.1", u, "", 22)));
        KEYS.forEach(k -> sessions.add(session("Evil-Name", "::1", "al@ice", k, 65535)));
        int n = Math.max(Math.max(NAMES.size(), HOSTS.size()), Math.max(USERS.size(), KEYS.size()));
        for (int i = 0; i < n; i++) {
            sessions.add(session(NAMES.get(i % NAMES.size()), HOSTS.get((i * 7) % HOSTS.size()),
                    USERS.get((i * 3) % USERS.size()), KEYS.get((i * 5) % KEYS.size()), PORTS.get(i % PORTS.size())));
        }
        return sessions;
    }

    @Test
    void everyExportedBlockMeansToSshExactlyWhatTheSessionSays() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "");
        int checked = 0;
        int refused = 0;
        for (EffectiveSettings s : matrix()) {
            String block = OpenSshExport.configBlock(s);
            String context = "session " + ImportRules.visible(s.profile().name()) + " host "
                    + ImportRules.visible(s.get(Settings.HOST)) + " user " + ImportRules.visible(s.get(Settings.USER))
                    + " key " + ImportRules.visible(s.get(Settings.KEY_FILE)) + ":\n" + block;
            for (String line : block.split("\n", -1)) {
                assertFalse(line.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t'), context);
            }
            Path file = Files.writeString(dir.resolve("block"), block);
            if (!block.startsWith("Host ")) {
                // refused: only comments, and ssh sees nothing for the alias
                assertTrue(block.lines().allMatch(l -> l.startsWith("#")), context);
                assertTrue(FieldRules.host(s.get(Settings.HOST)).isPresent()
                        || OpenSshExport.unwritable(s.get(Settings.HOST)).isPresent(), context);
                refused++;
                continue;
            }
            String alias = block.lines().findFirst().orElseThrow().substring(5);
            assertTrue(alias.matches("[\\p{L}\\p{N}._-]+") && !alias.startsWith("-"), context);
            Map<String, List<String>> got = sshG(file, alias);
            Map<String, List<String>> baseline = sshG(empty, alias);
            // nothing but what the block exports differs from an empty config
            Map<String, List<String>> rest = new TreeMap<>(got);
            Map<String, List<String>> baseRest = new TreeMap<>(baseline);
            EXPORTED.forEach(rest::remove);
            EXPORTED.forEach(baseRest::remove);
            assertEquals(baseRest, rest, context);
            assertFalse(got.containsKey("proxycommand") || got.containsKey("localcommand")
                    || got.containsKey("remotecommand") || got.containsKey("proxyjump"), context);
            assertEquals(List.of("no"), got.get("permitlocalcommand"), context);

            String host = s.get(Settings.HOST);
            String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            assertEquals(List.of(bare.toLowerCase(Locale.ROOT)), lower(got.get("hostname")), context);
            assertEquals(List.of(String.valueOf(s.get(Settings.PORT))), got.get("port"), context);
            String user = s.get(Settings.USER);
            if (block.contains("# User left out")) {
                assertEquals(baseline.get("user"), got.get("user"), context);
            } else {
                assertEquals(List.of(user.isEmpty() ? System.getProperty("user.name") : user), got.get("user"),
                        context);
            }
            String key = s.get(Settings.KEY_FILE);
            if (key.isEmpty() || block.contains("# IdentityFile left out")) {
                assertEquals(baseline.get("identityfile"), got.get("identityfile"), context);
            } else {
                // ssh -G prints the value before expansion: "%%" is one '%', no other token may be left
                String printed = got.get("identityfile").get(0);
                assertEquals(1, got.get("identityfile").size(), context);
                assertFalse(printed.replace("%%", "").contains("%") || printed.contains("${"), context);
                assertEquals(key, printed.replace("%%", "%"), context);
            }
            int interval = s.get(Settings.KEEPALIVE_INTERVAL);
            assertEquals(List.of(String.valueOf(interval)), got.get("serveraliveinterval"), context);
            assertEquals(List.of(s.get(Settings.TCP_KEEPALIVE) ? "yes" : "no"), got.get("tcpkeepalive"), context);
            // the alias is no pattern: another name gets nothing from the block
            Map<String, List<String>> other = sshG(file, "other.example");
            assertEquals(List.of("other.example"), other.get("hostname"), context);
            assertEquals(baseline.get("user"), other.get("user"), context);
            checked++;
        }
        assertTrue(checked >= 60, "checked " + checked);
        assertTrue(refused >= 5, "refused " + refused);
    }

    @Test
    void theBlockFromIssue14NoLongerRunsACommand() throws Exception {
        EffectiveSettings evil = session("Evil-Name", "web.example.com", "deploy",
                "/tmp/k\nProxyCommand touch /tmp/holdfast-pwned", 22);
        String block = OpenSshExport.configBlock(evil);
        assertTrue(block.contains("    # IdentityFile left out: the session's value holds a control character"),
                block);
        Map<String, List<String>> got = sshG(Files.writeString(dir.resolve("evil"), block), "Evil-Name");
        assertFalse(got.containsKey("proxycommand"), got.toString());
        assertEquals(List.of("web.example.com"), got.get("hostname"));
    }

    /** Jump hosts, the agent, a certificate and port forwards, in both exports, as ssh -G reads them back. */
    @Test
    void tunnelsAgentAndCertificateMeanToSshWhatTheSessionSays() throws Exception {
        List<SettingValues> variants = List.of(
                SettingValues.empty().with(Settings.PROXY_JUMP, "ops@bastion.example.com:2222,[2001:db8::5]")
                        .with(Settings.FORWARD_AGENT, true).with(Settings.AGENT, AgentUse.OFF)
                        .with(Settings.CERTIFICATE_FILE, "/keys/id cert%.pub")
                        .with(Settings.FORWARDS, "L 8080:db.internal:5432\nL 127.0.0.1:8081:[::1]:80\n"
                                + "R 9000:localhost:3000\nD 1080\nD [::1]:1081\nL *:8082:10.0.0.9:22\nR 1090\n"
                                + "R [::1]:1091"),
                SettingValues.empty().with(Settings.PROXY_JUMP, "jump"),
                SettingValues.empty());
        int checked = 0;
        for (SettingValues extra : variants) {
            SettingValues values = SettingValues.empty().with(Settings.HOST, "web.example.com")
                    .with(Settings.USER, "deploy").with(Settings.AUTH, AuthMethod.PUBLIC_KEY)
                    .with(Settings.KEY_FILE, "/keys/id");
            for (var setting : extra.settings()) {
                values = copy(values, extra, setting);
            }
            EffectiveSettings s = Catalog.empty().effective(SessionProfile.create("tunnels").withOverrides(values));
            Path file = Files.writeString(dir.resolve("tunnels"), OpenSshExport.configBlock(s));
            Map<String, List<String>> fromBlock = sshG(file, "tunnels");
            Process shell = new ProcessBuilder("sh", "-c", "ssh -G -F /dev/null" + OpenSshExport.command(s).substring(3))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectError(dir.resolve("stderr").toFile()).start();
            String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(shell.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, shell.exitValue(), () -> readQuietly(dir.resolve("stderr")));
            Map<String, List<String>> fromCommand = new TreeMap<>();
            out.lines().forEach(l -> fromCommand.computeIfAbsent(l.split(" ", 2)[0], k -> new ArrayList<>())
                    .add(l.contains(" ") ? l.split(" ", 2)[1] : ""));
            for (Map<String, List<String>> got : List.of(fromBlock, fromCommand)) {
                String context = OpenSshExport.configBlock(s) + "\n" + OpenSshExport.command(s) + "\n" + got;
                String jumps = s.get(Settings.PROXY_JUMP);
                assertEquals(jumps.isEmpty() ? null : List.of(jumps), got.get("proxyjump"), context);
                assertEquals(List.of(s.get(Settings.FORWARD_AGENT) ? "yes" : "no"), got.get("forwardagent"), context);
                assertEquals(s.get(Settings.AGENT) == AgentUse.OFF ? List.of("none") : null, got.get("identityagent"),
                        context);
                String certificate = s.get(Settings.CERTIFICATE_FILE);
                assertEquals(certificate.isEmpty() ? null : List.of(certificate),
                        got.get("certificatefile") == null ? null
                                : got.get("certificatefile").stream().map(c -> c.replace("%%", "%")).toList(), context);
                java.util.Set<dev.holdfast.session.PortForward> printed = new java.util.HashSet<>();
                for (Map.Entry<String, String> kind : Map.of("localforward", "L ", "remoteforward", "R ",
                        "dynamicforward", "D ").entrySet()) {
                    for (String line : got.getOrDefault(kind.getKey(), List.of())) {
                        // ssh -G prints a remote SOCKS proxy (RemoteForward with only a port) as "1090 [socks]:0"
                        String spec = line.endsWith(" [socks]:0") ? line.substring(0, line.length() - 10) : line;
                        printed.add(dev.holdfast.session.PortForward.parse(kind.getValue() + spec).value());
                    }
                }
                assertEquals(java.util.Set.copyOf(dev.holdfast.session.PortForward.parseAll(s.get(Settings.FORWARDS))
                        .value()), printed, context);
                checked++;
            }
        }
        assertEquals(6, checked);
    }

    @SuppressWarnings("unchecked")
    private static SettingValues copy(SettingValues into, SettingValues from, dev.holdfast.session.Setting<?> setting) {
        dev.holdfast.session.Setting<Object> typed = (dev.holdfast.session.Setting<Object>) setting;
        return into.with(typed, from.get(typed).orElseThrow());
    }

    /** Copy as ssh Command, run by a real shell as {@code ssh -G ...}: the same values, no injected option. */
    @Test
    void everyCommandLineMeansToTheShellAndSshWhatTheSessionSays() throws Exception {
        int checked = 0;
        Path keys = Files.createDirectories(dir.resolve("keys"));
        int index = 0;
        for (EffectiveSettings hostile : matrix()) {
            EffectiveSettings s = hostile;
            String wanted = hostile.get(Settings.KEY_FILE);
            if (!wanted.isEmpty() && wanted.chars().noneMatch(Character::isISOControl)) {
                // ssh -G lists only a key file that exists: a real one whose name holds the same characters
                Path real = Files.writeString(keys.resolve(index++ + " " + wanted.replace('/', '_')), "key");
                s = Catalog.empty().effective(hostile.profile().withOverrides(hostile.profile().overrides()
                        .with(Settings.KEY_FILE, real.toString())));
            }
            String command = OpenSshExport.command(s);
            assertTrue(command.startsWith("ssh "), command);
            String host = s.get(Settings.HOST);
            String user = s.get(Settings.USER);
            String key = s.get(Settings.KEY_FILE);
            // ssh itself refuses some destinations (spaces, newlines, quotes); those are not what this checks
            if (FieldRules.host(host).isPresent() || FieldRules.user(user).isPresent()
                    || user.chars().anyMatch(c -> " \"'#=$%@\\".indexOf(c) >= 0)
                    || key.chars().anyMatch(Character::isISOControl)) {
                continue;
            }
            String context = command;
            Process shell = new ProcessBuilder("sh", "-c", "ssh -G -F /dev/null" + command.substring(3))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectError(dir.resolve("stderr").toFile()).start();
            String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(shell.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, shell.exitValue(), () -> context + ": " + readQuietly(dir.resolve("stderr")));
            Map<String, List<String>> got = new TreeMap<>();
            out.lines().forEach(l -> got.computeIfAbsent(l.split(" ", 2)[0], k -> new ArrayList<>())
                    .add(l.contains(" ") ? l.split(" ", 2)[1] : ""));
            assertFalse(got.containsKey("proxycommand") || got.containsKey("localcommand"), context);
            String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            assertEquals(List.of(bare.toLowerCase(Locale.ROOT)), lower(got.get("hostname")), context);
            assertEquals(List.of(String.valueOf(s.get(Settings.PORT))), got.get("port"), context);
            assertEquals(List.of(user.isEmpty() ? System.getProperty("user.name") : user), got.get("user"), context);
            if (!key.isEmpty() && !command.contains("# key file left out")) {
                // printed before expansion, as in the config: "%%" is one '%', and no other token is left
                String printed = got.get("identityfile").get(0);
                assertFalse(printed.replace("%%", "").contains("%") || printed.contains("${"), context);
                assertEquals(key, printed.replace("%%", "%"), context);
            }
            checked++;
        }
        assertTrue(checked >= 20, "checked " + checked);
    }

    private static List<String> lower(List<String> values) {
        return values == null ? null : values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
    }

    /** {@code ssh -G -F file alias}, as a multimap of its "keyword value" lines. */
    private Map<String, List<String>> sshG(Path config, String alias) throws IOException, InterruptedException {
        Process ssh = new ProcessBuilder("ssh", "-G", "-F", config.toString(), alias)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectError(dir.resolve("stderr").toFile()).start();
        String out = new String(ssh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ssh.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, ssh.exitValue(), () -> "ssh -G failed for " + alias + ": "
                + readQuietly(dir.resolve("stderr")) + "\n" + readQuietly(config));
        Map<String, List<String>> values = new TreeMap<>();
        for (String line : out.lines().toList()) {
            if (line.isEmpty()) {
                continue;
            }
            int space = line.indexOf(' ');
            String keyword = space < 0 ? line : line.substring(0, space);
            values.computeIfAbsent(keyword, k -> new ArrayList<>()).add(space < 0 ? "" : line.substring(space + 1));
        }
        return values;
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
