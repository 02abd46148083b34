package dev.holdfast.ssh.agent;

/** The SSH agent could not be used; the message says why in plain words. */
public final class AgentException extends Exception {
    private static final long serialVersionUID = 1L;

    public AgentException(String message, Throwable cause) {
        super(message, cause);
    }
}
