package dev.holdfast.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.session.AgentUse;
import dev.holdfast.session.AuthMethod;
import dev.holdfast.session.JumpHosts;
import dev.holdfast.session.PortForward;
import dev.holdfast.session.Catalog;
import dev.holdfast.session.DefaultSettings;
import dev.holdfast.session.EffectiveSettings;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The differential test of issue 15: for every alias of every sample, the real {@code ssh -G -F FILE
 * alias} (Debian's openssh-client; it only prints the configuration) must give the host, port, user,
 * first identity file, ServerAliveInterval, ServerAliveCountMax and TCPKeepAlive that the imported session
 * has as EFFECTIVE values, with the import applied as the app applies it ({@link ImportPlan}), with the
 * file's defaults ticked and unticked, into a catalog with built-in Default Settings and into one whose
 * Default Settings differ from ssh's defaults in every compared value.
 *
 * <p>ssh takes the home directory and the local user from the password database, not from {@code $HOME}
 * or {@code $USER} (as the JVM's {@code user.home} and {@code user.name}); it runs here with HOME set to
 * an empty directory and USER/LOGNAME fixed, and the importer is told the password database's values.
 * {@code ssh -G} prints IdentityFile before expanding {@code ~} and its tokens; this test expands what it
 * prints with ssh's own final host, port and user, as ssh does when it loads the key. No sample contains
 * {@code Match exec} (ssh -G would run it); it is tested in {@link OpenSshConfigImporterTest}.
 */
class OpenSshImportAgainstSshTest {
    /** What ssh -G lists when no IdentityFile applies: its default keys. */
    private static final List<String> DEFAULT_KEYS = List.of("~/.ssh/id_rsa", "~/.ssh/id_ecdsa",
            "~/.ssh/id_ecdsa_sk", "~/.ssh/id_ed25519", "~/.ssh/id_ed25519_sk", "~/.ssh/id_xmss", "~/.ssh/id_dsa");

    @TempDir
    Path dir;

    private final OpenSshConfigImporter.LocalUser local = localUser();

    private static OpenSshConfigImporter.LocalUser localUser() {
        OpenSshConfigImporter.LocalUser current = OpenSshConfigImporter.LocalUser.current();
        return new OpenSshConfigImporter.LocalUser(Path.of(System.getProperty("user.home")),
                System.getProperty("user.name"), current.hostName(), current.uid());
    }

    private Map<String, String> samples() {
        Map<String, String> samples = new LinkedHashMap<>();
        samples.put("basic", String.join("\n",
                "# first value wins; Host * at the bottom fills the gaps",
                "Host web1 web2",
                "    HostName web.example.com",
                "    User=deploy",
                "    Port 2222",
                "    ServerAliveInterval 30",
                "    ServerAliveInterval 99",
                "Host \"db\"",
                "  hostname = 192.0.2.7   # the database",
                "  IdentityFile \"~/.ssh/id db\"",
                "  TCPKeepAlive no",
                "Host 192.0.2.10",
                "  User root-by-address",
                "Host *.internal !secret.internal",
                "  User ops",
                "Host app.internal secret.internal",
                "  Port 2200",
                "Host plain",
                "Host *",
                "  ServerAliveInterval 15",
                "  ServerAliveCountMax 4",
                "  User fallback",
                "  IdentityFile ~/.ssh/id_%h",
                ""));
        samples.put("top-and-tokens", String.join("\n",
                "ServerAliveInterval 60",
                "Host *",
                "  User top",
                "  TCPKeepAlive no",
                "Host web",
                "  HostName %h.prod.example.com",
                "  User ignored",
                "  IdentityFile %d/.ssh/%h-%r-%u-%n-%p-%%-%L-%l-%k",
                "Host api",
                "  HostName api-%h.example.com",
                "  Port 2022",
                "  IdentityFile ~/.ssh/%C",
                "  ServerAliveInterval 0",
                "Host Mixed",
                "  HostName Mixed.Example.COM",
                "  HostKeyAlias mixed-key",
                "  IdentityFile ~/.ssh/%k_%i",
                ""));
        samples.put("match", String.join("\n",
                "Host !web",
                "  User only-negated-matches-nothing",
                "Host web",
                "  HostName web.example.com",
                "Host db",
                "  HostName db.example.com",
                "  User dba",
                "Host bare quiet Upper",
                "Host UPPER*",
                "  User exact-case-only",
                "Match host *.example.com !user dba",
                "  Port 2201",
                "Match originalhost db,bare",
                "  ServerAliveInterval 45",
                "Match user dba localuser " + local.user(),
                "  TCPKeepAlive no",
                "Match !localuser " + local.user(),
                "  Port 1",
                "Match host bare originalhost bare",
                "  User bareuser",
                "Match originalhost quiet",
                "  ServerAliveInterval 0",
                "  ServerAliveCountMax 5",
                "Match originalhost upper host UPP*",
                "  Port 2202",
                "Match all",
                "  ServerAliveCountMax 6",
                "  IdentityFile ~/.ssh/all_%n_%r",
                ""));
        samples.put("final-pass", String.join("\n",
                "Host web",
                "  HostName %h.prod.example.com",
                "Host web.prod.example.com",
                "  Port 2201",
                "  User finaluser",
                "Match canonical",
                "  ServerAliveInterval 25",
                "Match final host *.prod.example.com",
                "  IdentityFile ~/.ssh/final_%h",
                "Host other",
                "  HostName other.example.com",
                "Host other.example.com",
                "  User second",
                ""));
        samples.put("includes", String.join("\n",
                "Include " + dir.resolve("conf.d") + "/*.conf",
                "Host web",
                "  HostName web.example.com",
                "  Include " + dir.resolve("web-extra"),
                "Host db",
                "  Include " + dir.resolve("db-extra"),
                "Host *",
                "  Include " + dir.resolve("star-extra"),
                ""));
        samples.put("spelling", String.join("\r\n",
                "IgnoreUnknown UseKeychain,AddKeysToAgent",
                "UseKeychain yes",
                "HOST\tcrlf",
                "\tHOSTNAME\t=\tcrlf.example.com",
                "\tport=2022",
                "\tServerAliveInterval  10",
                "\tserveralivecountmax=2",
                "host quoted",
                "  hostname \"quoted.example.com\"",
                "  USER = \"q user\"",
                "  tcpkeepalive=yes",
                ""));
        samples.put("tunnels", String.join("\n",
                "Host bastioned",
                "  HostName inner.example.com",
                "  ProxyJump ops@bastion.example.com:2222,[2001:db8::5]",
                "  ForwardAgent yes",
                "  LocalForward 8080 db.internal:5432",
                "  LocalForward 127.0.0.1:8081 [::1]:80",
                "  LocalForward 8080 db.internal:5432",
                "  RemoteForward 9000 localhost:3000",
                "  RemoteForward 1090",
                "  RemoteForward [::1]:1091",
                "  DynamicForward 1080",
                "  CertificateFile ~/.ssh/%h-cert.pub",
                "Host direct",
                "  ProxyJump none",
                "  IdentityAgent none",
                "  ForwardAgent no",
                "Host agented",
                "  IdentityAgent SSH_AUTH_SOCK",
                "Host *",
                "  DynamicForward 1081",
                "  ProxyJump jump@gateway.example.com",
                ""));
        return samples;
    }

    private void writeIncludedFiles() throws IOException {
        Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("conf.d/10-a.conf"), "Host lab\n  HostName lab.example.com\n"
                + "  ServerAliveInterval 0\nHost web\n  User from-include\n");
        Files.writeString(dir.resolve("conf.d/20-b.conf"), "Port 2300\n");
        Files.writeString(dir.resolve("web-extra"), "Port 2400\nUser webuser\nServerAliveCountMax 8\n");
        Files.writeString(dir.resolve("db-extra"), "User dbuser\nHost late\n  HostName late.example.com\n");
        Files.writeString(dir.resolve("star-extra"), "ServerAliveInterval 33\n");
    }

    /** Default Settings unlike ssh's defaults in every compared value. */
    private static Catalog unlikeSsh() {
        DefaultSettings defaults = DefaultSettings.builtIn().with(Settings.PORT, 2999)
                .with(Settings.USER, "someone").with(Settings.KEY_FILE, "/keys/default")
                .with(Settings.AUTH, AuthMethod.PUBLIC_KEY).with(Settings.KEEPALIVE_MODE, KeepaliveMode.PROBE)
                .with(Settings.KEEPALIVE_INTERVAL, 20).with(Settings.KEEPALIVE_COUNT_MAX, 7)
                .with(Settings.TCP_KEEPALIVE, false).with(Settings.AGENT, AgentUse.OFF)
                .with(Settings.FORWARD_AGENT, true).with(Settings.PROXY_JUMP, "someone@elsewhere.example.com")
                .with(Settings.FORWARDS, "D 9999").with(Settings.CERTIFICATE_FILE, "/keys/default-cert.pub");
        return Catalog.empty().withDefaults(defaults);
    }

    @Test
    void everyAliasConnectsAsSshGSays() throws Exception {
        writeIncludedFiles();
        Path home = Files.createDirectories(dir.resolve("home"));
        int compared = 0;
        for (Map.Entry<String, String> sample : samples().entrySet()) {
            Path config = Files.writeString(dir.resolve(sample.getKey() + ".config"), sample.getValue());
            ImportResult result = new OpenSshConfigImporter(local.home().resolve(".ssh"), local).read(config);
            List<String> aliases = result.sessions().stream().map(ImportedSession::name).toList();
            assertTrue(aliases.size() >= 2, sample.getKey() + ": " + aliases);
            for (Catalog before : List.of(Catalog.empty(), unlikeSsh())) {
                for (boolean ticked : new boolean[] {false, true}) {
                    Catalog after = new ImportPlan(Set.copyOf(aliases), Map.of(), ticked).apply(before, result);
                    for (String alias : aliases) {
                        Map<String, List<String>> ssh = sshG(config, alias, home);
                        SessionProfile session = after.byName(alias).orElseThrow();
                        String context = sample.getKey() + " / " + alias + (ticked ? " / ticked" : " / unticked")
                                + (before.defaults().values().isEmpty() ? " / built-in defaults"
                                : " / defaults unlike ssh's") + ": " + session.overrides()
                                + "\nnotes: " + result.notes() + "\n" + result.sessions().stream()
                                .filter(s -> s.name().equals(alias)).findFirst().orElseThrow().skipped();
                        compare(ssh, after.effective(session), alias, context);
                        compared++;
                    }
                }
            }
        }
        assertTrue(compared >= 4 * 25, "compared " + compared);
    }

    private void compare(Map<String, List<String>> ssh, EffectiveSettings session, String alias, String context)
            throws Exception {
        String host = one(ssh, "hostname");
        String port = one(ssh, "port");
        String user = one(ssh, "user");
        assertEquals(host, session.get(Settings.HOST), "host, " + context);
        assertEquals(port, String.valueOf(session.get(Settings.PORT)), "port, " + context);
        String sessionUser = session.get(Settings.USER);
        assertEquals(user, sessionUser.isEmpty() ? System.getProperty("user.name") : sessionUser,
                "user, " + context);
        List<String> keys = ssh.getOrDefault("identityfile", List.of());
        String expectedKey = keys.equals(DEFAULT_KEYS) ? "" : expandAsSsh(keys.get(0), host, port, user, alias,
                ssh.containsKey("hostkeyalias") ? one(ssh, "hostkeyalias") : alias);
        assertEquals(expectedKey, session.get(Settings.KEY_FILE), "first identityfile " + keys + ", " + context);
        int interval = Integer.parseInt(one(ssh, "serveraliveinterval"));
        if (interval == 0) {
            assertEquals(KeepaliveMode.OFF, session.keepaliveMode(), "no ServerAliveInterval: no probes, " + context);
        } else {
            assertEquals(KeepaliveMode.PROBE, session.keepaliveMode(), "probes, " + context);
            assertEquals(interval, session.get(Settings.KEEPALIVE_INTERVAL), "serveraliveinterval, " + context);
        }
        assertEquals(one(ssh, "serveralivecountmax"), String.valueOf(session.get(Settings.KEEPALIVE_COUNT_MAX)),
                "serveralivecountmax, " + context);
        assertEquals(one(ssh, "tcpkeepalive").equals("yes"), session.get(Settings.TCP_KEEPALIVE),
                "tcpkeepalive, " + context);
        String jumps = ssh.containsKey("proxyjump") ? one(ssh, "proxyjump") : "";
        assertEquals(asHoldfastWritesIt(jumps), JumpHosts.format(JumpHosts.parse(session.get(Settings.PROXY_JUMP))
                .value()), "proxyjump, " + context);
        assertEquals(one(ssh, "forwardagent").equals("yes"), session.get(Settings.FORWARD_AGENT),
                "forwardagent, " + context);
        String agent = ssh.containsKey("identityagent") ? one(ssh, "identityagent") : "SSH_AUTH_SOCK";
        assertEquals(agent.equals("none") ? AgentUse.OFF : AgentUse.FIRST, session.get(Settings.AGENT),
                "identityagent, " + context);
        List<String> certificates = ssh.getOrDefault("certificatefile", List.of());
        assertEquals(certificates.isEmpty() ? "" : expandAsSsh(certificates.get(0), host, port, user, alias, alias),
                session.get(Settings.CERTIFICATE_FILE), "first certificatefile, " + context);
        Set<PortForward> sshForwards = new HashSet<>();
        for (Map.Entry<String, String> kind : Map.of("localforward", "L ", "remoteforward", "R ",
                "dynamicforward", "D ").entrySet()) {
            for (String printed : ssh.getOrDefault(kind.getKey(), List.of())) {
                // a remote SOCKS proxy (RemoteForward with only a port) is printed "1090 [socks]:0"
                String spec = printed.endsWith(" [socks]:0") ? printed.substring(0, printed.length() - 10) : printed;
                sshForwards.add(PortForward.parse(kind.getValue() + spec).value());
            }
        }
        assertEquals(sshForwards, Set.copyOf(PortForward.parseAll(session.get(Settings.FORWARDS)).value()),
                "forwards, " + context);
    }

    /** A ProxyJump chain as ssh -G prints it, as Holdfast writes it: no default port, no brackets for IPv4. */
    private static String asHoldfastWritesIt(String printed) {
        if (printed.isEmpty() || printed.equals("none")) {
            return "";
        }
        return String.join(",", java.util.Arrays.stream(printed.split(",", -1))
                .map(hop -> hop.endsWith(":22") ? hop.substring(0, hop.length() - 3) : hop)
                .map(hop -> hop.replaceAll("\\[([0-9.]+)]", "$1")).toList());
    }

    /** IdentityFile as ssh loads it: {@code ~} from the password database, then the tokens. */
    private String expandAsSsh(String printed, String host, String port, String user, String alias, String keyAlias)
            throws Exception {
        String path = printed.startsWith("~/") ? local.home() + printed.substring(1) : printed;
        String shortHost = local.hostName().contains(".")
                ? local.hostName().substring(0, local.hostName().indexOf('.')) : local.hostName();
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update((local.hostName() + host + port + user).getBytes(StandardCharsets.UTF_8));
        Map<Character, String> tokens = Map.of('%', "%", 'd', local.home().toString(), 'h', host, 'p', port,
                'r', user, 'u', local.user(), 'n', alias, 'k', keyAlias, 'l', local.hostName(), 'L', shortHost);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%') {
                char token = path.charAt(++i);
                out.append(token == 'C' ? HexFormat.of().formatHex(sha1.digest())
                        : token == 'i' ? local.uid() : tokens.get(token));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String one(Map<String, List<String>> ssh, String keyword) {
        List<String> values = ssh.get(keyword);
        assertTrue(values != null && values.size() == 1, keyword + ": " + values);
        return values.get(0);
    }

    /** {@code ssh -G -F file alias}, as a multimap of its "keyword value" lines. */
    private Map<String, List<String>> sshG(Path config, String alias, Path home) throws IOException,
            InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("ssh", "-G", "-F", config.toString(), alias)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectError(dir.resolve("stderr").toFile());
        builder.environment().put("HOME", home.toString());
        builder.environment().put("USER", local.user());
        builder.environment().put("LOGNAME", local.user());
        Process ssh = builder.start();
        String out = new String(ssh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ssh.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, ssh.exitValue(), () -> "ssh -G failed for " + alias + ": "
                + readQuietly(dir.resolve("stderr")) + "\n" + readQuietly(config));
        Map<String, List<String>> values = new TreeMap<>();
        for (String line : out.lines().toList()) {
            int space = line.indexOf(' ');
            if (space > 0) {
                values.computeIfAbsent(line.substring(0, space), k -> new ArrayList<>()).add(line.substring(space + 1));
            }
        }
        return values;
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + e.getMessage() + ")";
        }
    }
}
