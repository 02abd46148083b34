package dev.holdfast.interop;

import static dev.holdfast.interop.ImportChecks.HOLDFAST_DEFAULTS;
import static dev.holdfast.interop.ImportChecks.assertConnects;
import static dev.holdfast.interop.ImportChecks.effective;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.session.EffectiveSettings;
import dev.holdfast.session.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each of WinSCP's rules with a sample (issue 15, items 12-15 and what is kept), checked through the settings
 * the imported session would connect with. WinSCP saves a site without the values equal to its factory
 * defaults, so a missing value means that default.
 */
class WinScpImportRulesTest {
    @TempDir
    Path dir;

    private ImportResult read(String... lines) throws Exception {
        return new WinScpImporter().read(Files.writeString(dir.resolve("WinSCP.ini"), String.join("\r\n", lines)
                + "\r\n"));
    }

    @Test
    void theIntervalIsMinutesTimesSixtyPlusSecondsWithWinScpsDefaults() throws Exception {
        ImportResult result = read(
                "[Sessions\\minute]", "HostName=minute.example.com", "PingType=1", "PingInterval=1",
                "[Sessions\\both]", "HostName=both.example.com", "PingType=1", "PingInterval=2", "PingIntervalSecs=15",
                "[Sessions\\zero]", "HostName=zero.example.com", "PingType=1", "PingIntervalSecs=0",
                "[Sessions\\none]", "HostName=none.example.com", "PingType=1",
                "[Sessions\\seconds]", "HostName=seconds.example.com", "PingType=1", "PingIntervalSecs=10",
                "[Sessions\\obsolete]", "HostName=obsolete.example.com", "PingType=1", "PingIntervalSec=40",
                "[Sessions\\off]", "HostName=off.example.com", "PingInterval=3");
        assertConnects(effective(result, "minute"), "minute.example.com", 22, "", "", KeepaliveMode.NULL_PACKET, 90,
                false);
        assertConnects(effective(result, "both"), "both.example.com", 22, "", "", KeepaliveMode.NULL_PACKET, 135, false);
        assertConnects(effective(result, "zero"), "zero.example.com", 22, "", "", KeepaliveMode.NULL_PACKET, 30, false);
        assertConnects(effective(result, "none"), "none.example.com", 22, "", "", KeepaliveMode.NULL_PACKET, 30, false);
        assertConnects(effective(result, "seconds"), "seconds.example.com", 22, "", "", KeepaliveMode.NULL_PACKET, 10,
                false);
        assertConnects(effective(result, "obsolete"), "obsolete.example.com", 22, "", "", KeepaliveMode.NULL_PACKET,
                40, false);
        assertConnects(effective(result, "off"), "off.example.com", 22, "", "", KeepaliveMode.OFF, 0, false);
    }

    @Test
    void workspacesAreListedAndSkipped() throws Exception {
        ImportResult result = read(
                "[Sessions\\site]", "HostName=site.example.com",
                "[Sessions\\My%20workspace/0000]", "HostName=site.example.com", "IsWorkspace=1", "Link=site",
                "[Sessions\\My%20workspace/0001]", "HostName=192.0.2.20", "IsWorkspace=1");
        assertEquals(List.of("site"), result.sessions().stream().map(ImportedSession::name).toList());
        assertEquals(List.of("\"My workspace\": a WinSCP workspace (2 tabs), skipped: a workspace is not a site"),
                result.notes());
    }

    @Test
    void aStoredPasswordIsNeverImportedAndThePreviewSaysSo() throws Exception {
        ImportResult result = read(
                "[Sessions\\encrypted]", "HostName=enc.example.com", "UserName=anna",
                "Password=A35C7659656B6F6B6E6F",
                "[Sessions\\plain]", "HostName=plain.example.com", "UserName=ben", "PasswordPlain=hunter2",
                "[Sessions\\none]", "HostName=none.example.com");
        for (ImportedSession session : result.sessions()) {
            assertFalse(session.overrides().toString().contains("hunter2"), session.toString());
            assertFalse(session.skipped().toString().contains("hunter2"), session.skipped().toString());
            assertFalse(session.skipped().toString().contains("A35C7659"), session.skipped().toString());
            boolean had = !session.name().equals("none");
            assertEquals(had, session.skipped().stream().anyMatch(n -> n.startsWith("password not imported")),
                    session.name() + ": " + session.skipped());
        }
    }

    @Test
    void tcpKeepaliveIsOffAndDummyCommandsAreProbesWithCountMaxInherited() throws Exception {
        ImportResult result = read(
                "[Sessions\\Work/Prod/web%20server]", "HostName=web.example.com", "PortNumber=2222",
                "UserName=deploy", "PingType=2", "PingIntervalSecs=20", "PublicKeyFile=C:%5Ckeys%5Cid.ppk",
                "[Sessions\\nulls]", "HostName=ops@192.0.2.5", "PingType=1", "PingIntervalSecs=25");
        EffectiveSettings web = effective(result, "web server");
        assertEquals("Work/Prod", web.profile().folder());
        assertConnects(web, "web.example.com", 2222, "deploy", "C:\\keys\\id.ppk", KeepaliveMode.PROBE, 20, false);
        assertEquals(HOLDFAST_DEFAULTS.get(Settings.KEEPALIVE_COUNT_MAX), web.get(Settings.KEEPALIVE_COUNT_MAX));
        ImportedSession imported = result.sessions().get(0);
        assertTrue(imported.skipped().stream().anyMatch(n -> n.startsWith("PingType 2 (dummy commands")
                && n.contains("CountMax") && n.contains("inherited from Default Settings")), imported.skipped().toString());
        assertConnects(effective(result, "nulls"), "192.0.2.5", 22, "ops", "", KeepaliveMode.NULL_PACKET, 25, false);
    }

    @Test
    void nonSshSitesAreListedAndUtf8NamesDecoded() throws Exception {
        ImportResult result = read(
                "[Sessions\\ftp]", "HostName=ftp.example.com", "FSProtocol=5",
                "[Sessions\\%EF%BB%BFCaf%C3%A9/B%C3%BCro]", "HostName=cafe.example.com",
                "[Sessions\\Caf%E9]", "HostName=ansi.example.com");
        assertEquals(List.of("\"ftp\": an FTP/WebDAV/S3 site (only SSH sites are imported)"), result.notes());
        EffectiveSettings buero = effective(result, "B\u00fcro");
        assertEquals("Caf\u00e9", buero.profile().folder(), "WinSCP's escaped BOM marks UTF-8; it is dropped");
        assertConnects(buero, "cafe.example.com", 22, "", "", KeepaliveMode.OFF, 0, false);
        assertConnects(effective(result, "Caf\u00e9"), "ansi.example.com", 22, "", "", KeepaliveMode.OFF, 0, false);
    }
}
