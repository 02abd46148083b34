package dev.holdfast.ui.terminal;

import dev.holdfast.ssh.ConnectSpec;
import dev.holdfast.ssh.HostKeyCheck;
import dev.holdfast.ssh.HostKeyTexts;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;

/**
 * The changed-key warning: both fingerprints, the file and line, and no button that connects anyway. The
 * words come from {@link HostKeyTexts}, as the failure's message does.
 */
final class HostKeyWarning {
    private HostKeyWarning() {
    }

    static Node of(HostKeyCheck check, ConnectSpec spec) {
        Label headline = new Label(HostKeyTexts.headline(check));
        headline.getStyleClass().add("warning-headline");
        Label explain = new Label(HostKeyTexts.explanation(check));
        explain.setWrapText(true);
        TextArea facts = new TextArea(HostKeyTexts.facts(check));
        facts.setId("hostKeyFacts");
        facts.setEditable(false);
        facts.setWrapText(true);
        facts.setPrefRowCount(4);
        facts.getStyleClass().add("monospace");
        Label fix = new Label(HostKeyTexts.fix(check, spec));
        fix.setWrapText(true);
        VBox box = new VBox(10, headline, explain, facts, fix);
        box.setId("hostKeyWarning");
        box.getStyleClass().add("host-key-warning");
        return box;
    }
}
