package dev.holdfast.ui.terminal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.session.RemoteSession;
import dev.holdfast.ssh.RemoteShell;
import dev.holdfast.ssh.ShellStart;
import org.junit.jupiter.api.Test;

/** The line above a new connection's output says what happened, after the modes the last program left are off. */
class ReconnectMarkerTest {
    private final RemoteShell tmux = new RemoteShell(RemoteSession.TMUX, "holdfast-web1-1");

    @Test
    void resumedNewAndPlainSayDifferentThings() {
        String resumed = TerminalTab.marker(new ShellStart(tmux, tmux, true, ""), "12:04:05");
        assertTrue(resumed.contains("-- resumed 12:04:05 (tmux session holdfast-web1-1) --"), resumed);
        String fresh = TerminalTab.marker(new ShellStart(tmux, tmux, false, ""), "12:04:05");
        assertTrue(fresh.contains("-- reconnected 12:04:05: a new tmux session holdfast-web1-1 (the last one had ended) --"),
                fresh);
        String plain = TerminalTab.marker(ShellStart.plain(), "12:04:05");
        assertTrue(plain.contains("-- reconnected 12:04:05 --"), plain);
        String fellBack = TerminalTab.marker(new ShellStart(tmux, RemoteShell.plain(), false, "not there"), "12:04:05");
        assertTrue(fellBack.contains("-- reconnected 12:04:05: a plain shell, tmux is not there --"), fellBack);
    }

    @Test
    void theModesALastProgramLeftOnAreSwitchedOffFirst() {
        String marker = TerminalTab.marker(ShellStart.plain(), "12:04:05");
        int text = marker.indexOf("-- reconnected");
        for (String off : new String[] {"\u001b[?1049l", "\u001b[?1000l", "\u001b[?1006l", "\u001b[?2004l", "\u001b[r"}) {
            int at = marker.indexOf(off);
            assertTrue(at >= 0 && at < text, "switches " + off.substring(1) + " off before the text");
        }
    }
}
