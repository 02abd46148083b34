package dev.holdfast.interop;

import static dev.holdfast.interop.ImportChecks.assertConnects;
import static dev.holdfast.interop.ImportChecks.effective;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.session.Settings;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each of PuTTY's rules with a sample (issue 15, items 7-11), checked through the settings the imported
 * session would connect with: same host, port, user, key and keepalives as PuTTY.
 */
class PuttyImportRulesTest {
    private static final String KEY = "[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\";

    @TempDir
    Path dir;

    private Path reg(String... lines) throws Exception {
        return Files.writeString(dir.resolve("putty.reg"), "Windows Registry Editor Version 5.00\r\n\r\n"
                + String.join("\r\n", lines) + "\r\n");
    }

    @Test
    void hexValuesContinuedOverLinesAreReadAndPassedOver() throws Exception {
        // as regedit writes long binary and multi-string values: a '\' ends every line but the last
        Path file = reg(KEY + "wrapped]",
                "\"HostName\"=\"wrapped.example.com\"",
                "\"Colours\"=hex:00,bb,00,ff,ff,55,bb,bb,bb,00,00,00,55,55,55,ff,55,ff,ff,ff,55,\\",
                "  00,55,55,ff,00,00,ff,55,55,bb,00,00,00,bb,00",
                "\"WordList\"=hex(7):61,00,62,00,00,00,\\",
                "  63,00,64,00,\\",
                "  00,00,00,00",
                "\"PortNumber\"=dword:00000a2a",
                "\"UserName\"=\"ops\"",
                "\"PingIntervalSecs\"=dword:0000000f");
        ImportResult result = new PuttyImporter().read(file);
        assertConnects(effective(result, "wrapped"), "wrapped.example.com", 2602, "ops", "",
                KeepaliveMode.NULL_PACKET, 15, false);

        Path cut = reg(KEY + "cut]", "\"HostName\"=\"cut.example.com\"", "\"Colours\"=hex:00,bb,\\");
        assertEquals(cut + ", line 5: a hex value ends with '\\' but is not continued on the next line (was the file cut short?)",
                assertThrows(ImportException.class, () -> new PuttyImporter().read(cut)).getMessage());
        Path junk = reg(KEY + "junk]", "\"Colours\"=hex:00,bb,\\", "\"HostName\"=\"junk.example.com\"");
        assertTrue(assertThrows(ImportException.class, () -> new PuttyImporter().read(junk)).getMessage()
                .contains("line 5: a hex value continued from line 4 goes on with something that is not hex"));
    }

    @Test
    void anAnsiRegedit4ExportIsWindows1252AndEscapedNamesAreUtf8ElseWindows1252() throws Exception {
        String text = String.join("\r\n", "REGEDIT4", "",
                KEY + "Caf%E9]", "\"HostName\"=\"cafe.example.com\"", "\"UserName\"=\"jos\u00e9\"", "",
                KEY + "B%C3%BCro]", "\"HostName\"=\"192.0.2.10\"", "\"UserName\"=\"\u20acuro\"", "");
        Path file = Files.write(dir.resolve("ansi.reg"), text.getBytes(Charset.forName("windows-1252")));
        ImportResult result = new PuttyImporter().read(file);
        assertEquals(List.of("Caf\u00e9", "B\u00fcro"), result.sessions().stream().map(ImportedSession::name).toList());
        assertConnects(effective(result, "Caf\u00e9"), "cafe.example.com", 22, "jos\u00e9", "", KeepaliveMode.OFF, 0,
                false);
        assertConnects(effective(result, "B\u00fcro"), "192.0.2.10", 22, "\u20acuro", "", KeepaliveMode.OFF, 0, false);

        // the same names in regedit 5's UTF-16: the escapes decide, not the file's encoding
        String utf16 = text.replace("REGEDIT4", "Windows Registry Editor Version 5.00");
        byte[] body = utf16.getBytes(StandardCharsets.UTF_16LE);
        byte[] bytes = new byte[body.length + 2];
        bytes[0] = (byte) 0xff;
        bytes[1] = (byte) 0xfe;
        System.arraycopy(body, 0, bytes, 2, body.length);
        Path unicode = Files.write(dir.resolve("unicode.reg"), bytes);
        assertEquals(List.of("Caf\u00e9", "B\u00fcro"), new PuttyImporter().read(unicode).sessions().stream()
                .map(ImportedSession::name).toList());
    }

    @Test
    void thePingIntervalIsMinutesTimesSixtyPlusSecondsAsInPuttysSettingsC() throws Exception {
        Path file = reg(
                KEY + "both]", "\"HostName\"=\"both.example.com\"", "\"PingInterval\"=dword:00000001",
                "\"PingIntervalSecs\"=dword:0000001e",
                KEY + "minutes]", "\"HostName\"=\"minutes.example.com\"", "\"PingInterval\"=dword:00000002",
                KEY + "seconds]", "\"HostName\"=\"seconds.example.com\"", "\"PingIntervalSecs\"=dword:0000002d",
                KEY + "zero]", "\"HostName\"=\"zero.example.com\"", "\"PingInterval\"=dword:00000000",
                "\"PingIntervalSecs\"=dword:00000000",
                KEY + "tcp]", "\"HostName\"=\"tcp.example.com\"", "\"TCPKeepalives\"=dword:00000001",
                "\"PingInterval\"=dword:00000000", "\"PingIntervalSecs\"=dword:0000003c");
        ImportResult result = new PuttyImporter().read(file);
        assertConnects(effective(result, "both"), "both.example.com", 22, "", "", KeepaliveMode.NULL_PACKET, 90, false);
        assertConnects(effective(result, "minutes"), "minutes.example.com", 22, "", "", KeepaliveMode.NULL_PACKET, 120,
                false);
        assertConnects(effective(result, "seconds"), "seconds.example.com", 22, "", "", KeepaliveMode.NULL_PACKET, 45,
                false);
        assertConnects(effective(result, "zero"), "zero.example.com", 22, "", "", KeepaliveMode.OFF, 0, false);
        assertConnects(effective(result, "tcp"), "tcp.example.com", 22, "", "", KeepaliveMode.NULL_PACKET, 60, true);
    }

    @Test
    void missingKeysArePuttysDefaultsNotHoldfasts() throws Exception {
        // PuTTY reads a missing key as its built-in default (no ping, no TCP keepalives, port 22), never as
        // Holdfast's Default Settings (here probes, TCP keepalive on, port 2222)
        Path file = reg(KEY + "bare]", "\"HostName\"=\"deploy@bare.example.com\"",
                "\"PublicKeyFile\"=\"/home/deploy/.ssh/id_ed25519\"");
        ImportResult result = new PuttyImporter().read(file);
        assertConnects(effective(result, "bare"), "bare.example.com", 22, "deploy", "/home/deploy/.ssh/id_ed25519",
                KeepaliveMode.OFF, 0, false);
    }

    @Test
    void aSessionsFileLineWithoutAnEqualsSignIsPassedOverAsPuttyDoes() throws Exception {
        Path sessions = Files.createDirectories(dir.resolve("sessions"));
        Files.writeString(sessions.resolve("My%20Pi"), "HostName=192.0.2.7\nthis line has no equals sign\n"
                + "UserName=pi\n\nPortNumber=2200\nPingInterval=1\nPingIntervalSecs=5\nTCPKeepalives=1\n");
        Files.writeString(sessions.resolve("plain"), "HostName=plain.example.com\n");
        ImportResult result = new PuttyImporter().read(sessions);
        assertConnects(effective(result, "My Pi"), "192.0.2.7", 2200, "pi", "", KeepaliveMode.NULL_PACKET, 65, true);
        assertConnects(effective(result, "plain"), "plain.example.com", 22, "", "", KeepaliveMode.OFF, 0, false);
    }

    @Test
    void defaultSettingsMeanPuttysDefaultsToo() throws Exception {
        Path file = reg(KEY + "Default%20Settings]", "\"PingIntervalSecs\"=dword:00000014",
                KEY + "web]", "\"HostName\"=\"web.example.com\"");
        ImportResult result = new PuttyImporter().read(file);
        assertEquals(KeepaliveMode.NULL_PACKET, result.defaults().get(Settings.KEEPALIVE_MODE)
                .orElseThrow());
        assertEquals(20, result.defaults().get(Settings.KEEPALIVE_INTERVAL).orElseThrow());
        assertEquals(false, result.defaults().get(Settings.TCP_KEEPALIVE).orElseThrow());
        // a PuTTY session does not inherit from PuTTY's Default Settings when it is loaded: web has no ping
        assertConnects(effective(result, "web"), "web.example.com", 22, "", "", KeepaliveMode.OFF, 0, false);
    }
}
