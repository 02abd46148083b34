package dev.holdfast.ui.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.holdfast.session.PortForward;
import dev.holdfast.ssh.forward.ForwardState;
import dev.holdfast.ssh.forward.ForwardState.Phase;
import dev.holdfast.testing.Await;
import dev.holdfast.testing.Clicks;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.control.Button;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The forwards window shows each forward's words and follows its state while open. */
@ExtendWith(ApplicationExtension.class)
class ForwardsViewTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final AtomicReference<Optional<List<ForwardState>>> states = new AtomicReference<>(Optional.empty());
    private final AtomicReference<Dialog<Void>> dialog = new AtomicReference<>();

    @Start
    void start(Stage stage) {
        Button open = new Button("Forwards\u2026");
        open.setId("open");
        open.setOnAction(e -> dialog.set(ForwardsView.show(stage, "db", states::get)));
        stage.setScene(new javafx.scene.Scene(new javafx.scene.layout.StackPane(open), 300, 200));
        stage.show();
    }

    private static PortForward forward(String line) {
        return PortForward.parse(line).value();
    }

    private static String text(FxRobot robot, String id) {
        return Clicks.onFx(() -> robot.lookup("#" + id).queryAs(Label.class).getText());
    }

    @Test
    void rowsFollowTheForwardsWhileOpen(FxRobot robot) throws Exception {
        PortForward local = forward("L 8080:db:5432");
        PortForward remote = forward("R 9000:localhost:3000");
        states.set(Optional.of(List.of(ForwardState.starting(local), new ForwardState(remote, Phase.FAILED, 0,
                "the server refused to listen on port 9000 (its AllowTcpForwarding or PermitListen settings)",
                0, 0, 0, 0, 0))));
        Clicks.on(robot, "#open");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("localhost:8080 \u2192 db:5432 (from the server)", text(robot, "forward-0-0"));
        assertEquals("starting\u2026", text(robot, "forward-0-1"));
        assertEquals("failed: the server refused to listen on port 9000 (its AllowTcpForwarding or PermitListen"
                + " settings)", text(robot, "forward-1-1"));

        states.set(Optional.of(List.of(new ForwardState(local, Phase.LISTENING, 8080, "", 1, 3, 0, 2048, 10),
                states.get().orElseThrow().get(1))));
        Await.until("the listening state shown", WAIT, () -> text(robot, "forward-0-1").equals("listening on port 8080"));
        assertEquals("1", text(robot, "forward-0-2"));
        assertEquals("3", text(robot, "forward-0-3"));
        assertEquals("in 2.0 KB \u00b7 out 10 B", text(robot, "forward-0-4"));

        states.set(Optional.empty());
        Await.until("not connected said", WAIT, () -> text(robot, "forwardsEmpty").startsWith("Not connected"));
        assertEquals(0, (int) Clicks.onFx(() -> robot.lookup("#forwardsGrid")
                .queryAs(javafx.scene.layout.GridPane.class).getChildren().size()));

        Clicks.on(robot, Clicks.onFx(() -> dialog.get().getDialogPane().lookupButton(
                javafx.scene.control.ButtonType.CLOSE)));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(Clicks.onFx(() -> dialog.get().isShowing()));
    }
}
