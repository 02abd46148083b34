package dev.holdfast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.holdfast.session.Catalog;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.SessionStore;
import dev.holdfast.session.SettingValues;
import dev.holdfast.session.Settings;
import dev.holdfast.ui.window.MainWindow;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Tab;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** {@code holdfast --session NAME} and {@code holdfast user@host:port} open their tab at start. */
@ExtendWith(ApplicationExtension.class)
class StartupTargetsFlowTest {
    @TempDir
    Path configDir;

    private Services services;
    private MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        new SessionStore(configDir).save(Catalog.empty().withSessions(List.of(SessionProfile.create("web")
                .withOverrides(SettingValues.empty().with(Settings.HOST, "web.invalid")
                        .with(Settings.USER, "deploy")))));
        services = Services.open(configDir);
        window = new MainWindow(stage, services.library(), services.store().file(), false, services.connections());
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.tabArea().closeAll()).get(5, TimeUnit.SECONDS);
        services.close();
    }

    private List<Tab> openAtStart(String... args) throws Exception {
        CommandLine commandLine = CommandLine.parse(List.of(args));
        WaitForAsyncUtils.asyncFx(() -> StartupTargets.open(commandLine, services.library().catalog(), window))
                .get(5, TimeUnit.SECONDS);
        return window.tabArea().tabPane().getTabs();
    }

    @Test
    void aSavedSessionByName() throws Exception {
        List<Tab> tabs = openAtStart("--session", "web");
        assertEquals(1, tabs.size());
        assertEquals("web", tabs.get(0).getText());
        assertEquals("deploy@web.invalid", tabs.get(0).getTooltip().getText());
    }

    @Test
    void anAdHocDestinationWithTheDefaultSettingsUnsaved() throws Exception {
        List<Tab> tabs = openAtStart("ssh://ops@ad-hoc.invalid:2222");
        assertEquals(1, tabs.size());
        assertEquals("ops@ad-hoc.invalid:2222", tabs.get(0).getText());
        assertEquals("ops@ad-hoc.invalid:2222", tabs.get(0).getTooltip().getText());
        assertEquals(1, services.library().catalog().sessions().size(), "nothing saved");
    }
}
