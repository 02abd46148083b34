package dev.holdfast.ui;

import dev.holdfast.testing.Clicks;
import static dev.holdfast.ui.UiFlows.in;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.app.Services;
import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.session.Catalog;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.SessionStore;
import dev.holdfast.session.Settings;
import dev.holdfast.ui.window.MainWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Import an OpenSSH config through the preview: uncheck one entry, confirm, find the rest in the list. */
@ExtendWith(ApplicationExtension.class)
class ImportFlowTest {
    @TempDir
    Path configDir;
    @TempDir
    Path ssh;

    private Services services;
    private MainWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        services = UiFlows.services(configDir);
        window = new MainWindow(stage, services.library(), services.store().file(), false, services.connections());
        stage.show();
    }

    @AfterEach
    void stop() {
        services.close();
    }

    @Test
    void importTwoOfThreeHostsWithTheirKeepaliveValues(FxRobot robot) throws Exception {
        Path config = ssh.resolve("config");
        Files.writeString(config, "Host web\n  HostName web.example.com\n  User deploy\n  ServerAliveInterval 30\n"
                + "  ServerAliveCountMax 5\n\nHost db\n  HostName 10.0.0.5\n  Port 2222\n  ProxyJump bastion\n\n"
                + "Host pi\n  HostName pi.local\n  ServerAliveInterval 0\n\nHost *\n  ServerAliveInterval 20\n");
        WaitForAsyncUtils.asyncFx(() -> window.importOpenSshConfig(config)).get(5, TimeUnit.SECONDS);
        Stage dialog = UiFlows.window("Import sessions");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#import-db").tryQuery().isPresent());
        assertEquals("3 sessions found.", ((Label) in(robot, dialog, "#importStatus")).getText());
        Clicks.on(robot, (Node) in(robot, dialog, "#import-db"));
        Clicks.on(robot, (Node) in(robot, dialog, "#importConfirm"));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !dialog.isShowing());

        assertEquals(List.of("pi", "web"), UiFlows.sessionNames(robot, stage).stream().sorted().toList());
        Catalog catalog = services.library().catalog();
        SessionProfile web = catalog.byName("web").orElseThrow();
        assertEquals(30, catalog.effective(web).get(Settings.KEEPALIVE_INTERVAL));
        assertEquals(5, catalog.effective(web).get(Settings.KEEPALIVE_COUNT_MAX));
        assertEquals("deploy@web.example.com", catalog.effective(web).target());
        assertEquals(KeepaliveMode.OFF, catalog.effective(catalog.byName("pi").orElseThrow()).keepaliveMode());
        assertEquals(15, catalog.defaults().get(Settings.KEEPALIVE_INTERVAL), "Host * (20) is not applied unless asked");

        services.library().flush(Duration.ofSeconds(5));
        assertTrue(new SessionStore(configDir).load().catalog().byName("web").isPresent(), "saved");
    }

    /** Issue 15 item 5: unticked, Host * still reaches every session; the check box names what it replaces. */
    @Test
    void hostStarReachesEachSessionUntickedAndThePreviewNamesTheReplacedDefaults(FxRobot robot) throws Exception {
        services.library().update(c -> c.withDefaults(c.defaults().with(Settings.USER, "me")));
        Path config = ssh.resolve("config");
        Files.writeString(config, "Host web\n  HostName web.example.com\n\nHost *\n  User all\n"
                + "  ServerAliveInterval 25\n  IdentityFile ~/.ssh/id_all\n");
        WaitForAsyncUtils.asyncFx(() -> window.importOpenSshConfig(config)).get(5, TimeUnit.SECONDS);
        Stage dialog = UiFlows.window("Import sessions");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#import-web").tryQuery().isPresent());
        String offer = ((javafx.scene.control.CheckBox) in(robot, dialog, "#importDefaults")).getText();
        assertTrue(offer.contains("This replaces: User me \u2192 all, Interval 15 \u2192 25"), offer);
        Clicks.on(robot, (Node) in(robot, dialog, "#importConfirm"));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !dialog.isShowing());

        Catalog catalog = services.library().catalog();
        assertEquals("me", catalog.defaults().get(Settings.USER), "unticked: Default Settings unchanged");
        var web = catalog.effective(catalog.byName("web").orElseThrow());
        assertEquals("all@web.example.com", web.target(), "Host *'s user, as ssh would use it");
        assertEquals(KeepaliveMode.PROBE, web.keepaliveMode());
        assertEquals(25, web.get(Settings.KEEPALIVE_INTERVAL));
        assertEquals(3, web.get(Settings.KEEPALIVE_COUNT_MAX));
        assertEquals(System.getProperty("user.home") + "/.ssh/id_all", web.get(Settings.KEY_FILE));
    }

    @Test
    void aWinScpSiteArrivesInItsFolder(FxRobot robot) throws Exception {
        Path ini = ssh.resolve("WinSCP.ini");
        Files.writeString(ini, "[Sessions\\Work/web%20server]\r\nHostName=web.example.com\r\nUserName=deploy\r\n"
                + "PingType=2\r\nPingIntervalSecs=10\r\n");
        WaitForAsyncUtils.asyncFx(() -> window.importSessions(dev.holdfast.ui.importer.ImportDialog.Format.WINSCP, ini))
                .get(5, TimeUnit.SECONDS);
        Stage dialog = UiFlows.window("Import sessions");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#import-web_server").tryQuery().isPresent());
        Clicks.on(robot, (Node) in(robot, dialog, "#importConfirm"));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !dialog.isShowing());
        assertEquals(List.of("Work"), UiFlows.folderNames(robot, stage));
        SessionProfile web = services.library().catalog().byName("web server").orElseThrow();
        assertEquals("Work", web.folder());
        assertEquals(KeepaliveMode.PROBE, services.library().catalog().effective(web).keepaliveMode());
        assertEquals(10, services.library().catalog().effective(web).get(Settings.KEEPALIVE_INTERVAL));
    }

    @Test
    void hostileWinScpNamesAndValuesArriveCleanAndTheNextStartNeedsNoRepair(FxRobot robot) throws Exception {
        services.library().put(SessionProfile.create("web").withOverrides(dev.holdfast.session.SettingValues.empty()
                .with(Settings.HOST, "old.example.com")));
        Path ini = ssh.resolve("WinSCP.ini");
        Files.writeString(ini, "[Sessions\\WEB]\r\nHostName=web.example.com\r\nPortNumber=99999\r\n"
                + "[Sessions\\web%0AProxyCommand%20x]\r\nHostName=evil.example.com\r\n"
                + "[Sessions\\Folder/]\r\nHostName=f.example.com\r\n"
                + "[Sessions\\%20%20" + "n".repeat(120) + "]\r\nHostName=long.example.com\r\n");
        WaitForAsyncUtils.asyncFx(() -> window.importSessions(dev.holdfast.ui.importer.ImportDialog.Format.WINSCP, ini))
                .get(5, TimeUnit.SECONDS);
        Stage dialog = UiFlows.window("Import sessions");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#import-WEB").tryQuery().isPresent());
        assertEquals("4 sessions found; 1 already exists (choose what to do with it).",
                ((Label) in(robot, dialog, "#importStatus")).getText());
        String notes = ((Label) in(robot, dialog, "#importSkipped-WEB")).getText();
        assertTrue(notes.contains("PortNumber \"99999\" left out: Port must be between 1 and 65535"), notes);
        assertTrue(((Label) in(robot, dialog, "#importSkipped-web_ProxyCommand_x")).getText()
                .contains("Name must not contain control characters"));
        Clicks.on(robot, (Node) in(robot, dialog, "#conflict-WEB"));
        Clicks.on(robot, dev.holdfast.interop.ImportPlan.Conflict.RENAME.toString());
        Clicks.on(robot, (Node) in(robot, dialog, "#importConfirm"));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !dialog.isShowing());

        assertEquals(List.of("web", "WEB (2)", "web ProxyCommand x", "Folder", "n".repeat(100)),
                services.library().catalog().sessions().stream().map(SessionProfile::name).toList());
        SessionProfile renamed = services.library().catalog().byName("WEB (2)").orElseThrow();
        assertEquals(22, services.library().catalog().effective(renamed).get(Settings.PORT), "99999 left out");
        services.library().flush(Duration.ofSeconds(5));
        SessionStore.LoadResult next = new SessionStore(configDir).load();
        assertEquals(java.util.Optional.empty(), next.problem(), "no repair dialog at the next start");
        assertEquals(5, next.catalog().sessions().size());
    }

    @Test
    void exportBackupWritesEverySessionAndSaysWhere(FxRobot robot) throws Exception {
        services.library().put(SessionProfile.create("web").withOverrides(dev.holdfast.session.SettingValues.empty()
                .with(Settings.HOST, "web.example.com")));
        Path backup = ssh.resolve("backup.json");
        WaitForAsyncUtils.asyncFx(() -> window.exportBackup(backup)).get(5, TimeUnit.SECONDS);
        Stage done = UiFlows.window("Export Backup");
        assertTrue(((Label) robot.from(done.getScene().getRoot()).lookup(".content").query()).getText()
                .contains(backup.toString()));
        assertEquals(List.of("web"), SessionStore.readBackup(backup).sessions().stream().map(SessionProfile::name)
                .toList());
        if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(backup)), "a backup is as private as the settings file");
        }
    }
}
