package dev.holdfast.ui.terminal;

import dev.holdfast.lifecycle.LinkStatus;
import dev.holdfast.ssh.ConnectFailure;
import dev.holdfast.ssh.ConnectSpec;
import dev.holdfast.ui.FxTicker;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * A lost connection ("Connection lost", the cause, Reconnect) or a failed attempt (what failed, Retry
 * where retrying can help), with the automatic reconnect's countdown or note below.
 */
final class ProblemCard {
    private final StackPane node;
    private final VBox box;
    private final Object shows;
    private HBox countdownLine;
    private Label note;
    /** The countdown's clock: FxTicker, which, unlike a Timeline, does not keep every pulse running. */
    private FxTicker.Ticking ticker;

    private ProblemCard(VBox box, boolean dimmed, Object shows) {
        this.box = box;
        this.shows = shows;
        node = Cards.card(box, dimmed);
    }

    /** The connection was lost: keep the terminal visible, dimmed, and offer Reconnect (Enter or R). */
    static ProblemCard lost(String cause, Runnable reconnect, Runnable close) {
        Button again = Cards.button("Reconnect", "reconnect", reconnect);
        again.setDefaultButton(true);
        HBox buttons = new HBox(10, again, Cards.button("Close", "closeLostTab", close));
        buttons.setAlignment(Pos.CENTER);
        Label hint = new Label("Enter or R reconnects in this tab; the text above stays.");
        hint.getStyleClass().add("derived");
        VBox box = new VBox(12, Cards.title("Connection lost"), Cards.text(cause, "lostCause"), buttons, hint);
        box.setId("lostPane");
        ProblemCard card = new ProblemCard(box, true, cause);
        card.node.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.R) {
                e.consume();
                reconnect.run();
            }
        });
        again.sceneProperty().addListener((o, was, scene) -> {
            if (scene != null) {
                again.requestFocus();
            }
        });
        return card;
    }

    /**
     * An attempt failed: its title and words (the changed-key warning for a changed key), Retry, Edit Session
     * (when the tab is a saved session's) and Close.
     */
    static ProblemCard failed(ConnectFailure failure, ConnectSpec spec, boolean overTerminal, Runnable retry,
                              Optional<Runnable> edit, Runnable close) {
        Label title = Cards.title(failure.kind().title());
        title.setId("failureTitle");
        VBox box = new VBox(12, title);
        box.setId("failurePane");
        if (failure.hostKeyCheck().flatMap(c -> c.conflicting()).isPresent()) {
            box.getChildren().add(HostKeyWarning.of(failure.hostKeyCheck().orElseThrow(), spec));
        } else {
            box.getChildren().add(Cards.text(failure.getMessage(), "failureMessage"));
        }
        HBox buttons = new HBox(10);
        buttons.setAlignment(Pos.CENTER);
        if (failure.kind().retryable()) {
            Button again = Cards.button("Retry", "retryConnect", retry);
            again.setDefaultButton(true);
            buttons.getChildren().add(again);
        }
        edit.ifPresent(action -> buttons.getChildren().add(Cards.button("Edit Session\u2026", "editFailedSession", action)));
        buttons.getChildren().add(Cards.button("Close", "closeFailedTab", close));
        box.getChildren().add(buttons);
        return new ProblemCard(box, overTerminal, failure);
    }

    StackPane node() {
        return node;
    }

    /** Whether this card already shows {@code what} (the same cause or the same failure). */
    boolean shows(Object what) {
        return shows == what || shows.equals(what);
    }

    /** Shows the automatic reconnect: its countdown with Stop, or a note, or nothing. */
    void automatic(Optional<LinkStatus.Countdown> countdown, String text, Supplier<Optional<Duration>> left,
                   Runnable stop) {
        stopTicker();
        if (countdownLine != null) {
            box.getChildren().remove(countdownLine);
        }
        if (note != null) {
            box.getChildren().remove(note);
        }
        countdownLine = null;
        note = null;
        if (countdown.isPresent()) {
            LinkStatus.Countdown c = countdown.get();
            Label label = Cards.text("", "reconnectCountdown");
            Runnable update = () -> label.setText("Reconnecting in "
                    + (long) Math.ceil(left.get().orElse(Duration.ZERO).toNanos() / 1e9) + " s (attempt "
                    + c.attempt() + " of " + c.of() + ")");
            update.run();
            countdownLine = new HBox(10, label, Cards.button("Stop", "stopReconnect", stop));
            countdownLine.setAlignment(Pos.CENTER);
            box.getChildren().add(countdownLine);
            stopTicker();
            ticker = FxTicker.every(update);
        } else if (!text.isEmpty()) {
            note = Cards.text(text, "reconnectCountdown");
            box.getChildren().add(note);
        }
    }

    void stopTicker() {
        if (ticker != null) {
            ticker.close();
            ticker = null;
        }
    }
}
