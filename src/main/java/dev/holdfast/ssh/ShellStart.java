package dev.holdfast.ssh;

import dev.holdfast.session.RemoteSession;

/**
 * How a connection's shell was started.
 *
 * @param asked what the tab asked for
 * @param used what runs: {@code asked}, or a plain shell when the program is missing on the server
 * @param resumed whether an existing tmux or screen session was attached (the same processes go on)
 * @param fallback why a plain shell runs instead of the one asked for, in words; empty otherwise
 */
public record ShellStart(RemoteShell asked, RemoteShell used, boolean resumed, String fallback) {

    /** A plain shell, as asked. */
    public static ShellStart plain() {
        return new ShellStart(RemoteShell.plain(), RemoteShell.plain(), false, "");
    }

    /** Whether the program asked for was missing and a plain shell runs instead. */
    public boolean fellBack() {
        return !fallback.isEmpty();
    }

    /** The shell in a few words, for the tab's details: "tmux session holdfast-web1-1 (resumed)". */
    public String describe() {
        if (used.kind() == RemoteSession.PLAIN) {
            return fellBack() ? "plain shell (" + asked.kind().program() + " not found on the server)" : "plain shell";
        }
        return used.kind().program() + " session " + used.name() + (resumed ? " (resumed)" : " (new)");
    }
}
