package dev.holdfast.session;

/**
 * What runs in a tab on the server: the login shell, or a shell inside a terminal multiplexer that outlives
 * the connection, so that a reconnect resumes the same remote processes instead of starting a new shell.
 */
public enum RemoteSession {
    PLAIN("Plain shell", ""),
    TMUX("tmux", "tmux"),
    SCREEN("GNU screen", "screen");

    private final String label;
    private final String program;

    RemoteSession(String label, String program) {
        this.label = label;
        this.program = program;
    }

    public String label() {
        return label;
    }

    /** The program's name on the server; empty for the plain shell. */
    public String program() {
        return program;
    }

    /** Whether the shell outlives the connection. */
    public boolean survives() {
        return this != PLAIN;
    }

    @Override
    public String toString() {
        return label;
    }
}
