package dev.holdfast.keepalive;

/**
 * How a connection keeps itself alive at the SSH layer.
 *
 * <p>{@link #PROBE} is OpenSSH's ServerAliveInterval: a request the server must answer, so a silent
 * server is noticed. {@link #NULL_PACKET} is PuTTY's and WinSCP's keepalive: an {@code SSH_MSG_IGNORE}
 * that keeps NAT and firewall state fresh but expects no answer, so it can never notice a dead peer.
 */
public enum KeepaliveMode {
    PROBE("probe", "SSH probes", "SSH probes: expect a reply, detect a dead connection"),
    NULL_PACKET("null-packet", "SSH null packets",
            "SSH null packets: keep NAT and firewalls awake, cannot detect a dead connection"),
    OFF("off", "Off", "Off");

    private final String jsonName;
    private final String shortLabel;
    private final String description;

    KeepaliveMode(String jsonName, String shortLabel, String description) {
        this.jsonName = jsonName;
        this.shortLabel = shortLabel;
        this.description = description;
    }

    /** A few words for summaries. */
    public String shortLabel() {
        return shortLabel;
    }

    /** The name used in the settings file. */
    public String jsonName() {
        return jsonName;
    }

    /** A sentence for the UI. */
    public String description() {
        return description;
    }

    /** Whether this mode can ever declare a connection dead. */
    public boolean detectsDeadPeer() {
        return this == PROBE;
    }
}
