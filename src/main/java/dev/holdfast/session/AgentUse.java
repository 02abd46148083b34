package dev.holdfast.session;

/**
 * Whether public-key authentication uses the keys an SSH agent holds ({@code SSH_AUTH_SOCK}), as ssh does
 * unless {@code IdentitiesOnly} or {@code IdentityAgent none} says otherwise.
 */
public enum AgentUse {
    /** The agent's keys first, then the key file (a key file whose public half the agent holds is signed there). */
    FIRST("Agent's keys first, then the key file"),
    /** Only the agent's keys. */
    ONLY("Only the agent's keys"),
    /** The agent is not asked. */
    OFF("Not used");

    private final String label;

    AgentUse(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
