package dev.holdfast.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.app.Services;
import dev.holdfast.session.Catalog;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.SessionStore;
import dev.holdfast.session.SettingValues;
import dev.holdfast.session.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

/**
 * The settings file changed by another program while the window runs: the window's next save merges,
 * the session list shows what came from elsewhere, and a clash is told in a dialog saying what was kept.
 */
@ExtendWith(ApplicationExtension.class)
class ChangedElsewhereFlowTest {
    @TempDir
    Path configDir;
    private Services services;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void closeServices() {
        services.close();
    }

    @Test
    void aClashWithAChangeMadeElsewhereKeepsBothAndSaysSo(FxRobot robot) throws Exception {
        SessionProfile web = SessionProfile.create("web");
        new SessionStore(configDir).save(Catalog.empty().withSessions(List.of(web)));
        services = UiFlows.services(configDir);
        UiFlows.openMainWindow(stage, services);

        // another program (a sync tool, an editor) changes the file: a port for web, and a new session
        new SessionStore(configDir).save(Catalog.empty().withSessions(List.of(
                web.withOverrides(SettingValues.empty().with(Settings.PORT, 2201)), SessionProfile.create("db"))));
        // the window changes web too
        WaitForAsyncUtils.asyncFx(() -> services.library().put(
                web.withOverrides(SettingValues.empty().with(Settings.PORT, 2202)))).get(5, TimeUnit.SECONDS);

        Stage dialog = UiFlows.window("Sessions changed elsewhere");
        String shown = robot.from(dialog.getScene().getRoot()).lookup(".label").queryAllAs(Label.class).stream()
                .map(Label::getText).reduce("", (a, b) -> a + "\n" + b);
        assertTrue(shown.contains("Your sessions file was changed elsewhere"), shown);
        assertTrue(shown.contains("Session 'web' was changed both here and elsewhere"), shown);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> UiFlows.sessionNames(robot, stage)
                .containsAll(List.of("web", "web (changed elsewhere)", "db")));
        Catalog onDisk = new SessionStore(configDir).peek().orElseThrow();
        assertEquals(2202, onDisk.effective(onDisk.byName("web").orElseThrow()).get(Settings.PORT));
        assertEquals(2201, onDisk.effective(onDisk.byName("web (changed elsewhere)").orElseThrow()).get(Settings.PORT));
        assertTrue(onDisk.byName("db").isPresent(), "the session added elsewhere is kept");
    }
}
