package dev.holdfast.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.session.AuthMethod;
import dev.holdfast.session.Catalog;
import dev.holdfast.session.EffectiveSettings;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.SettingValues;
import dev.holdfast.session.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenSshExportTest {
    @TempDir
    Path dir;

    private EffectiveSettings web() {
        return Catalog.empty().effective(SessionProfile.create("web 1").withOverrides(SettingValues.empty()
                .with(Settings.HOST, "web.example.com").with(Settings.USER, "deploy").with(Settings.PORT, 2222)
                .with(Settings.AUTH, AuthMethod.PUBLIC_KEY).with(Settings.KEY_FILE, "/home/me/.ssh/id ed25519")
                .with(Settings.KEEPALIVE_INTERVAL, 30).with(Settings.TCP_KEEPALIVE, false)));
    }

    @Test
    void anSshCommandLineWithTheKeepaliveOptions() {
        assertEquals("ssh -p 2222 -i '/home/me/.ssh/id ed25519' -o ServerAliveInterval=30 -o ServerAliveCountMax=3"
                + " -o TCPKeepAlive=no deploy@web.example.com", OpenSshExport.command(web()));
    }

    @Test
    void aHostBlockThatTheImporterReadsBackTheSame() throws Exception {
        String block = OpenSshExport.configBlock(web());
        assertEquals("""
                Host web-1
                    HostName web.example.com
                    Port 2222
                    User deploy
                    IdentityFile "/home/me/.ssh/id ed25519"
                    ServerAliveInterval 30
                    ServerAliveCountMax 3
                    TCPKeepAlive no
                """, block);
        Path key = Files.writeString(dir.resolve("id ed25519 100%"), "not really a key");
        EffectiveSettings withKey = Catalog.empty().effective(SessionProfile.create("web 1").withOverrides(web()
                .profile().overrides().with(Settings.KEY_FILE, key.toString())));
        Path config = dir.resolve("config");
        Files.writeString(config, OpenSshExport.configBlock(withKey));
        ImportedSession back = new OpenSshConfigImporter(dir).read(config).sessions().get(0);
        assertEquals("web-1", back.name());
        assertEquals(Optional.of("web.example.com"), back.overrides().get(Settings.HOST));
        assertEquals(Optional.of(2222), back.overrides().get(Settings.PORT));
        assertEquals(Optional.of(30), back.overrides().get(Settings.KEEPALIVE_INTERVAL));
        assertEquals(Optional.of(false), back.overrides().get(Settings.TCP_KEEPALIVE));
        // written as "%%" for ssh; Holdfast's own importer reads the file name back as ssh would use it
        assertEquals(Optional.of(key.toString()), back.overrides().get(Settings.KEY_FILE), back.skipped().toString());
    }

    @Test
    void keepalivesOffAndNullPackets() {
        EffectiveSettings off = Catalog.empty().effective(SessionProfile.create("pi").withOverrides(SettingValues
                .empty().with(Settings.HOST, "pi.local").with(Settings.KEEPALIVE_MODE, KeepaliveMode.OFF)));
        assertEquals("ssh -o ServerAliveInterval=0 -o TCPKeepAlive=yes pi.local", OpenSshExport.command(off));
        EffectiveSettings nulls = Catalog.empty().effective(SessionProfile.create("nas").withOverrides(SettingValues
                .empty().with(Settings.HOST, "nas").with(Settings.KEEPALIVE_MODE, KeepaliveMode.NULL_PACKET)));
        assertEquals(true, OpenSshExport.configBlock(nulls).contains("# Holdfast sends null packets every 15 s"));
    }

    @Test
    void whatAnExportLeftOutOrRefusedIsListedForTheUser() {
        EffectiveSettings quote = Catalog.empty().effective(SessionProfile.create("q").withOverrides(SettingValues.empty()
                .with(Settings.HOST, "q.example").with(Settings.AUTH, dev.holdfast.session.AuthMethod.PUBLIC_KEY)
                .with(Settings.KEY_FILE, "/keys/it\"s")));
        assertEquals(1, OpenSshExport.leftOut(OpenSshExport.configBlock(quote)).size());
        assertEquals(true, OpenSshExport.leftOut(OpenSshExport.configBlock(quote)).get(0).startsWith("IdentityFile left out"));
        assertEquals(java.util.List.of(), OpenSshExport.leftOut(OpenSshExport.configBlock(web())), "nothing left out");
        EffectiveSettings noHost = Catalog.empty().effective(SessionProfile.create("none"));
        assertEquals(true, OpenSshExport.leftOut(OpenSshExport.configBlock(noHost)).get(0)
                .startsWith("Holdfast did not export this session"));
    }
}
