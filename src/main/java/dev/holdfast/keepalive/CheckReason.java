package dev.holdfast.keepalive;

/** Why every connection is checked at once, outside its keepalive schedule. */
public enum CheckReason {
    /** The wall clock jumped ahead of the monotonic one: the computer slept, and timers did not count it. */
    WAKE("after the computer woke from sleep", "checking after wake"),
    /** A network interface or address appeared, went away or changed. */
    NETWORK_CHANGE("after the network changed", "network changed: checking");

    private final String phrase;
    private final String strip;

    CheckReason(String phrase, String strip) {
        this.phrase = phrase;
        this.strip = strip;
    }

    /** For sentences: "No answer within 5 s after the network changed". */
    public String phrase() {
        return phrase;
    }

    /** For the health strip while the check runs. */
    public String strip() {
        return strip;
    }
}
