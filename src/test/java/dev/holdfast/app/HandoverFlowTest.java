package dev.holdfast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.app.instance.Reply;
import dev.holdfast.app.instance.SingleInstance;
import dev.holdfast.session.Catalog;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.SessionStore;
import dev.holdfast.session.SettingValues;
import dev.holdfast.session.Settings;
import dev.holdfast.ui.window.MainWindow;
import java.nio.file.Path;
import java.time.Duration;
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

/**
 * A second launch's command line, handed over the real socket to the window of the running instance: the
 * tab opens and the window comes to the front; what it cannot open is answered, not shown.
 */
@ExtendWith(ApplicationExtension.class)
class HandoverFlowTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path configDir;

    private Services services;
    private MainWindow window;
    private SingleInstance instance;

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
        if (instance != null) {
            instance.close();
        }
        services.close();
    }

    /** Serves the directory with a hand-over whose window is ready now. */
    private void serve(Handover handover) throws Exception {
        instance = SingleInstance.claim(configDir).orElseThrow();
        instance.serve(handover::receive);
    }

    private Handover ready() throws Exception {
        Handover handover = new Handover(Handover.ANSWER_WITHIN);
        WaitForAsyncUtils.asyncFx(() -> handover.ready(window, services.library())).get(5, TimeUnit.SECONDS);
        serve(handover);
        return handover;
    }

    private List<Tab> tabs() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        return WaitForAsyncUtils.asyncFx(() -> List.copyOf(window.tabArea().tabPane().getTabs()))
                .get(5, TimeUnit.SECONDS);
    }

    @Test
    void aSavedSessionOpensInATabAndTheMinimizedWindowComesToTheFront() throws Exception {
        ready();
        WaitForAsyncUtils.asyncFx(() -> window.stage().setIconified(true)).get(5, TimeUnit.SECONDS);
        assertTrue(WaitForAsyncUtils.asyncFx(() -> window.stage().isIconified()).get(5, TimeUnit.SECONDS));

        Reply reply = SingleInstance.handOver(configDir, List.of("--session", "web"), TIMEOUT);

        assertEquals(Reply.Status.HANDED_OVER, reply.status(), reply.message());
        List<Tab> tabs = tabs();
        assertEquals(1, tabs.size());
        assertEquals("web", tabs.get(0).getText());
        assertEquals("deploy@web.invalid", tabs.get(0).getTooltip().getText());
        assertFalse(WaitForAsyncUtils.asyncFx(() -> window.stage().isIconified()).get(5, TimeUnit.SECONDS),
                "the window was brought back from the task bar");
    }

    @Test
    void anAdHocDestinationOpensUnsaved() throws Exception {
        ready();
        Reply reply = SingleInstance.handOver(configDir, List.of("ssh://ops@ad-hoc.invalid:2222"), TIMEOUT);
        assertEquals(Reply.Status.HANDED_OVER, reply.status(), reply.message());
        List<Tab> tabs = tabs();
        assertEquals(1, tabs.size());
        assertEquals("ops@ad-hoc.invalid:2222", tabs.get(0).getText());
        assertEquals(1, services.library().catalog().sessions().size(), "nothing saved");
    }

    @Test
    void anUnknownSessionIsAnsweredWithTheSavedNamesAndOpensNothing() throws Exception {
        ready();
        Reply reply = SingleInstance.handOver(configDir, List.of("--session", "nosuch"), TIMEOUT);
        assertEquals(new Reply(Reply.Status.REFUSED, "no saved session is called \"nosuch\". Saved sessions: web"),
                reply);
        assertEquals(List.of(), tabs());
    }

    @Test
    void argumentsTheRunningInstanceCannotParseAreRefusedWithTheSameMessageAsAtStart() throws Exception {
        ready();
        Reply reply = SingleInstance.handOver(configDir, List.of("--bogus"), TIMEOUT);
        assertEquals(new Reply(Reply.Status.REFUSED, "Unknown option: --bogus"), reply);
        assertEquals(List.of(), tabs());
    }

    @Test
    void aWindowThatIsQuittingOpensNothingAndStaysClosed() throws Exception {
        ready();
        WaitForAsyncUtils.asyncFx(() -> {
            window.setOnExit(() -> { });
            window.quit();
        }).get(5, TimeUnit.SECONDS);
        Reply reply = SingleInstance.handOver(configDir, List.of("--session", "web"), TIMEOUT);
        assertEquals(Reply.Status.BUSY, reply.status());
        assertTrue(reply.message().startsWith("it is quitting"), reply.message());
        assertEquals(List.of(), tabs());
        assertFalse(WaitForAsyncUtils.asyncFx(() -> window.stage().isShowing()).get(5, TimeUnit.SECONDS));
    }

    @Test
    void aWindowThatIsNotReadyInTimeIsAnsweredBusyAndDoesNotOpenTheTabLater() throws Exception {
        Handover handover = new Handover(Duration.ofMillis(300));
        serve(handover);
        Reply reply = SingleInstance.handOver(configDir, List.of("--session", "web"), TIMEOUT);
        assertEquals(Reply.Status.BUSY, reply.status());
        assertTrue(reply.message().contains("nothing was opened"), reply.message());

        WaitForAsyncUtils.asyncFx(() -> handover.ready(window, services.library())).get(5, TimeUnit.SECONDS);
        assertEquals(List.of(), tabs(), "the dropped hand-over must not open a tab after all");
        Reply next = SingleInstance.handOver(configDir, List.of("--session", "web"), TIMEOUT);
        assertEquals(Reply.Status.HANDED_OVER, next.status(), next.message());
        assertEquals(1, tabs().size());
    }
}
