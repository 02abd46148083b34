package dev.holdfast.ui.terminal;

import dev.holdfast.testing.Clicks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.ssh.Secret;
import dev.holdfast.testing.Await;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** In the password dialog Enter presses OK, also once the "Remember" box has been clicked. */
@ExtendWith(ApplicationExtension.class)
class SecretDialogFlowTest {
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.setScene(new javafx.scene.Scene(new javafx.scene.layout.StackPane(), 300, 200));
        stage.show();
    }

    @Test
    void enterAfterClickingRememberPressesOk(FxRobot robot) throws Exception {
        AtomicReference<Optional<Secret>> answer = new AtomicReference<>();
        Dialog<Optional<Secret>> dialog = WaitForAsyncUtils.asyncFx(() -> ConnectDialogs.secret(stage, "Password",
                "Password for me@host", "Password:", false, answer::set)).get();
        WaitForAsyncUtils.waitForFxEvents();
        Clicks.on(robot, "#secretField").write("hunter2");
        Clicks.on(robot, "#rememberSecret");
        CheckBox remember = robot.lookup("#rememberSecret").queryAs(CheckBox.class);
        assertTrue(remember.isSelected());
        assertTrue(remember.isFocused(), "the click leaves the focus on the box");
        robot.push(KeyCode.ENTER);
        Await.until("the dialog answered", Duration.ofSeconds(5), () -> answer.get() != null);
        assertTrue(answer.get().isPresent(), "OK, not Cancel");
        assertTrue(answer.get().get().remember(), "Enter did not toggle the box off");
        assertEquals("hunter2", new String(answer.get().get().value()));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(dialog.isShowing());
    }
}
