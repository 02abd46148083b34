package dev.holdfast.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.session.AuthMethod;
import dev.holdfast.session.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PuTTY's .reg export and ~/.putty/sessions, and WinSCP.ini, as those tools write them. */
class PuttyAndWinScpImporterTest {
    @TempDir
    Path dir;

    private static final String REG = String.join("\r\n",
            "Windows Registry Editor Version 5.00",
            "",
            "[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions]",
            "",
            "[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\Default%20Settings]",
            "\"PingIntervalSecs\"=dword:0000003c",
            "\"TCPKeepalives\"=dword:00000001",
            "",
            "[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\My%20Server]",
            "\"HostName\"=\"deploy@web.example.com\"",
            "\"PortNumber\"=dword:00000016",
            "\"Protocol\"=\"ssh\"",
            "\"PingInterval\"=dword:00000000",
            "\"PingIntervalSecs\"=dword:0000001e",
            "\"TCPKeepalives\"=dword:00000000",
            "\"PublicKeyFile\"=\"C:\\\\Users\\\\me\\\\keys\\\\web.ppk\"",
            "\"PortForwardings\"=\"L8080=localhost:80\"",
            "\"Colours\"=hex:00,bb,00,ff,ff,55,\\",
            "  bb,bb,bb,00,00,00",
            "@=\"\"",
            "",
            "[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\B%C3%BCro]",
            "\"HostName\"=\"10.0.0.7\"",
            "\"UserName\"=\"anna\"",
            "\"PortNumber\"=dword:00000bb8",
            "\"PingInterval\"=dword:00000002",
            "",
            "[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\router]",
            "\"HostName\"=\"192.168.1.1\"",
            "\"Protocol\"=\"telnet\"",
            "");

    @Test
    void aUtf16RegExportAsRegeditWritesIt() throws Exception {
        Path file = dir.resolve("putty.reg");
        byte[] body = REG.getBytes(StandardCharsets.UTF_16LE);
        byte[] bytes = new byte[body.length + 2];
        bytes[0] = (byte) 0xff;
        bytes[1] = (byte) 0xfe;
        System.arraycopy(body, 0, bytes, 2, body.length);
        Files.write(file, bytes);
        ImportResult result = new PuttyImporter().read(file);
        assertEquals(List.of("My Server", "Büro"), result.sessions().stream().map(ImportedSession::name).toList());
        ImportedSession my = result.sessions().get(0);
        assertEquals(Optional.of("web.example.com"), my.overrides().get(Settings.HOST));
        assertEquals(Optional.of("deploy"), my.overrides().get(Settings.USER), "user@host in HostName");
        assertEquals(Optional.of(22), my.overrides().get(Settings.PORT));
        assertEquals(Optional.of(KeepaliveMode.NULL_PACKET), my.overrides().get(Settings.KEEPALIVE_MODE));
        assertEquals(Optional.of(30), my.overrides().get(Settings.KEEPALIVE_INTERVAL), "0 min × 60 + 30 s");
        assertEquals(Optional.of(false), my.overrides().get(Settings.TCP_KEEPALIVE));
        // a key file this computer does not have is kept, as the editor keeps it (connecting says it is missing)
        assertEquals(Optional.of("C:\\Users\\me\\keys\\web.ppk"), my.overrides().get(Settings.KEY_FILE));
        assertTrue(my.skipped().stream().noneMatch(n -> n.startsWith("PublicKeyFile") && n.contains("left out")), my.skipped().toString());
        assertEquals(Optional.of(AuthMethod.PUBLIC_KEY), my.overrides().get(Settings.AUTH));
        assertEquals(Optional.of("L 8080:localhost:80"), my.overrides().get(Settings.FORWARDS));
        ImportedSession buero = result.sessions().get(1);
        assertEquals(Optional.of(3000), buero.overrides().get(Settings.PORT));
        assertEquals(Optional.of(120), buero.overrides().get(Settings.KEEPALIVE_INTERVAL), "2 minutes");
        assertEquals(Optional.of(60), result.defaults().get(Settings.KEEPALIVE_INTERVAL));
        assertEquals(Optional.of(true), result.defaults().get(Settings.TCP_KEEPALIVE));
        assertEquals(List.of("\"router\": protocol telnet (only SSH sessions are imported)"), result.notes());
    }

    @Test
    void thePlainTextRegAndTheUnixSessionsDirectoryToo() throws Exception {
        Path reg = dir.resolve("plain.reg");
        Files.writeString(reg, REG);
        assertEquals(2, new PuttyImporter().read(reg).sessions().size());
        Path sessions = Files.createDirectories(dir.resolve("sessions"));
        Files.writeString(sessions.resolve("My%20Pi"), "HostName=pi.local\nUserName=pi\nPortNumber=22\n"
                + "PingInterval=0\nPingIntervalSecs=45\nProtocol=ssh\n");
        ImportResult result = new PuttyImporter().read(sessions);
        assertEquals("My Pi", result.sessions().get(0).name());
        assertEquals(Optional.of(45), result.sessions().get(0).overrides().get(Settings.KEEPALIVE_INTERVAL));
    }

    @Test
    void winScpSitesWithFoldersAndEachPingType() throws Exception {
        Path ini = dir.resolve("WinSCP.ini");
        Files.writeString(ini, String.join("\r\n",
                "[Configuration\\Interface]", "Theme=dark", "",
                "[Sessions\\Default%20Settings]", "PingType=1", "PingIntervalSecs=20", "",
                "[Sessions\\Work/Prod/web%20server]", "HostName=web.example.com", "PortNumber=2222",
                "UserName=deploy", "PingType=2", "PingIntervalSecs=15", "PublicKeyFile=C:%5Ckeys%5Cid.ppk", "",
                "[Sessions\\nas]", "HostName=nas.local", "PingType=0", "",
                "[Sessions\\keepalive]", "HostName=k.example.com", "PingType=1", ""));
        ImportResult result = new WinScpImporter().read(ini);
        ImportedSession web = result.sessions().get(0);
        assertEquals("web server", web.name());
        assertEquals("Work/Prod", web.folder());
        assertEquals(Optional.of(KeepaliveMode.PROBE), web.overrides().get(Settings.KEEPALIVE_MODE));
        assertEquals(Optional.of(15), web.overrides().get(Settings.KEEPALIVE_INTERVAL));
        assertEquals(Optional.of("C:\\keys\\id.ppk"), web.overrides().get(Settings.KEY_FILE), "kept, though not here");
        assertTrue(web.skipped().stream().noneMatch(n -> n.startsWith("PublicKeyFile") && n.contains("left out")), web.skipped().toString());
        assertEquals(Optional.of(KeepaliveMode.OFF), result.sessions().get(1).overrides().get(Settings.KEEPALIVE_MODE));
        assertEquals(Optional.of(30), result.sessions().get(2).overrides().get(Settings.KEEPALIVE_INTERVAL),
                "WinSCP's default interval");
        assertEquals(Optional.of(KeepaliveMode.NULL_PACKET), result.defaults().get(Settings.KEEPALIVE_MODE));
    }

    @Test
    void puttysForwardsAgentCertificateAndSshProxyBecomeSettings() throws Exception {
        Path sessions = Files.createDirectories(dir.resolve("tunnels"));
        Files.writeString(sessions.resolve("inner"), String.join("\n", "HostName=inner.example.com", "Protocol=ssh",
                "PortForwardings=L8080=localhost:80,4L127.0.0.1:8081=db.internal:5432,R9000=localhost:3000,D1080=D,"
                        + "6D[::1]:1081,X1=y,L99999=h:1",
                "AgentFwd=1", "TryAgent=0", "DetachedCertificate=/home/me/.ssh/id_ed25519-cert.pub",
                "ProxyMethod=6", "ProxyHost=bastion.example.com", "ProxyPort=2222", "ProxyUsername=ops", ""));
        Files.writeString(sessions.resolve("socks"), String.join("\n", "HostName=s.example.com", "Protocol=ssh",
                "ProxyMethod=2", "ProxyHost=socks.example.com", "ProxyPort=1080", ""));
        Files.writeString(sessions.resolve("plain"), String.join("\n", "HostName=p.example.com", "Protocol=ssh",
                "ProxyMethod=0", "ProxyHost=proxy", "AgentFwd=0", ""));
        ImportResult result = new PuttyImporter().read(sessions);
        ImportedSession inner = result.sessions().stream().filter(x -> x.name().equals("inner")).findFirst()
                .orElseThrow();
        assertEquals(Optional.of("L 8080:localhost:80\nL 127.0.0.1:8081:db.internal:5432\nR 9000:localhost:3000\n"
                + "D 1080\nD [::1]:1081"), inner.overrides().get(Settings.FORWARDS));
        assertTrue(inner.skipped().stream().anyMatch(n -> n.startsWith("PortForwardings \"X1=y\" left out")),
                inner.skipped().toString());
        assertTrue(inner.skipped().stream().anyMatch(n -> n.startsWith("PortForwardings \"L99999=h:1\" left out")),
                inner.skipped().toString());
        assertEquals(Optional.of(true), inner.overrides().get(Settings.FORWARD_AGENT));
        assertEquals(Optional.of(dev.holdfast.session.AgentUse.OFF), inner.overrides().get(Settings.AGENT));
        assertEquals(Optional.of("/home/me/.ssh/id_ed25519-cert.pub"), inner.overrides().get(Settings.CERTIFICATE_FILE));
        assertEquals(Optional.of("ops@bastion.example.com:2222"), inner.overrides().get(Settings.PROXY_JUMP));
        ImportedSession socks = result.sessions().stream().filter(x -> x.name().equals("socks")).findFirst()
                .orElseThrow();
        assertEquals(Optional.empty(), socks.overrides().get(Settings.PROXY_JUMP));
        assertTrue(socks.skipped().stream().anyMatch(n -> n.startsWith("proxy \"socks.example.com\" of type 2")),
                socks.skipped().toString());
        ImportedSession plain = result.sessions().stream().filter(x -> x.name().equals("plain")).findFirst()
                .orElseThrow();
        assertEquals(Optional.empty(), plain.overrides().get(Settings.PROXY_JUMP));
        assertEquals(Optional.empty(), plain.overrides().get(Settings.FORWARD_AGENT));
        assertEquals(List.of(), plain.skipped());
    }

    @Test
    void aWinScpTunnelBecomesAJumpHost() throws Exception {
        Path ini = dir.resolve("WinSCP.ini");
        Files.writeString(ini, String.join("\r\n", "[Sessions\\tunnelled]", "HostName=db.internal",
                "Tunnel=1", "TunnelHostName=gw.example.com", "TunnelPortNumber=2200", "TunnelUserName=me", "",
                "[Sessions\\direct]", "HostName=d.example.com", "Tunnel=0", "TunnelHostName=gw.example.com", ""));
        ImportResult result = new WinScpImporter().read(ini);
        assertEquals(Optional.of("me@gw.example.com:2200"), result.sessions().get(0).overrides().get(Settings.PROXY_JUMP));
        assertEquals(Optional.empty(), result.sessions().get(1).overrides().get(Settings.PROXY_JUMP));
    }

    @Test
    void badFilesAreNamedWithTheirLine() throws Exception {
        Path reg = dir.resolve("bad.reg");
        Files.writeString(reg, "Windows Registry Editor Version 5.00\n\n[HKEY_CURRENT_USER\\Software\\SimonTatham"
                + "\\PuTTY\\Sessions\\x]\n\"HostName\"=\"unterminated\n");
        assertEquals(reg + ", line 4: a quoted value is not closed: \"HostName\"=\"unterminated",
                assertThrows(ImportException.class, () -> new PuttyImporter().read(reg)).getMessage());
        Files.writeString(reg, "hello\n");
        assertTrue(assertThrows(ImportException.class, () -> new PuttyImporter().read(reg)).getMessage()
                .contains("is not a registry export"));
        Path ini = dir.resolve("WinSCP.ini");
        Files.write(ini, new byte[] {'[', 'a', ']', '\n', (byte) 0xc3, (byte) 0x28});
        assertTrue(assertThrows(ImportException.class, () -> new WinScpImporter().read(ini)).getMessage()
                .contains("is not text"));
    }

    @Test
    void fuzzedFilesFailOnlyWithTheImportersOwnError() throws Exception {
        Path reg = dir.resolve("fuzz.reg");
        Path ini = dir.resolve("fuzz.ini");
        byte[] regSeed = REG.getBytes(StandardCharsets.UTF_8);
        byte[] iniSeed = "[Sessions\\a%20b/c]\nHostName=h\nPingType=2\nPingIntervalSecs=5\n".getBytes(
                StandardCharsets.UTF_8);
        Random random = new Random(7);
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        int runs = 0;
        while (System.nanoTime() < deadline) {
            Files.write(reg, mutate(regSeed, random));
            Files.write(ini, mutate(iniSeed, random));
            try {
                new PuttyImporter().read(reg);
            } catch (ImportException expected) {
                assertTrue(expected.getMessage().startsWith(reg.toString()), expected.getMessage());
            }
            try {
                new WinScpImporter().read(ini);
            } catch (ImportException expected) {
                assertTrue(expected.getMessage().startsWith(ini.toString()), expected.getMessage());
            }
            runs++;
        }
        assertTrue(runs > 100, "ran " + runs);
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] bytes = seed.clone();
        for (int m = 0; m < 1 + random.nextInt(6); m++) {
            if (bytes.length == 0) {
                break;
            }
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(4)) {
                case 0 -> bytes[at] = (byte) random.nextInt(256);
                case 1 -> bytes[at] = "\"=[]%\\\n:".getBytes(StandardCharsets.US_ASCII)[random.nextInt(8)];
                case 2 -> bytes = java.util.Arrays.copyOf(bytes, at);
                default -> bytes[at] = (byte) ('0' + random.nextInt(10));
            }
        }
        return bytes;
    }
}
