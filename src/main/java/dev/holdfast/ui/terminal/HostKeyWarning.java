package dev.holdfast.ui.terminal;

import dev.holdfast.ssh.ConnectSpec;
import dev.holdfast.ssh.HostKeyCheck;
import dev.holdfast.ssh.KnownHostsFile;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;

/** The changed-key warning: both fingerprints, the file and line, and no button that connects anyway. */
final class HostKeyWarning {
    private HostKeyWarning() {
    }

    static Node of(HostKeyCheck check, ConnectSpec spec) {
        KnownHostsFile.Entry old = check.conflicting().orElseThrow();
        boolean revoked = check.verdict() == HostKeyCheck.Verdict.REVOKED;
        Label headline = new Label(revoked ? "WARNING: THIS HOST KEY IS REVOKED"
                : "WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED");
        headline.getStyleClass().add("warning-headline");
        Label explain = new Label(revoked
                ? "The key this server presented is marked @revoked. Holdfast will not connect with it."
                : "The server presented a different host key from the one on record. Someone could be "
                + "intercepting the connection (a man-in-the-middle attack), or the server was reinstalled or "
                + "given a new key. Holdfast will not connect and sent nothing, not even your user name.");
        explain.setWrapText(true);
        TextArea facts = new TextArea("Presented now:   " + check.presented().displayType() + " "
                + check.presented().sha256Fingerprint() + "\n"
                + (revoked ? "" : "On record:       " + old.key().displayType() + " " + old.key().sha256Fingerprint()
                + "\n") + "Recorded in:     " + old.file() + ", line " + old.line());
        facts.setId("hostKeyFacts");
        facts.setEditable(false);
        facts.setWrapText(true);
        facts.setPrefRowCount(4);
        facts.getStyleClass().add("monospace");
        Label fix = new Label(revoked ? "Ask the server's administrator for the current key."
                : "Check with the server's administrator. If the change is expected, remove line " + old.line()
                + " from " + old.file() + " (or run: ssh-keygen -R \""
                + KnownHostsFile.hostPatternName(spec.host(), spec.port()) + "\" -f \"" + old.file()
                + "\") and open the session again.");
        fix.setWrapText(true);
        VBox box = new VBox(10, headline, explain, facts, fix);
        box.setId("hostKeyWarning");
        box.getStyleClass().add("host-key-warning");
        return box;
    }
}
