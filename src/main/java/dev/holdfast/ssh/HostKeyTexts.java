package dev.holdfast.ssh;

/**
 * The one source of the words Holdfast shows when a server's host key has changed or is revoked: the
 * headline, the explanation, the facts block, the fix (with the {@code ssh-keygen -R} command) and the
 * one-line {@link ConnectFailure} message. Pure functions of a {@link HostKeyCheck}; any thread.
 *
 * <p>Every method expects a check whose verdict is {@link HostKeyCheck.Verdict#CHANGED} or
 * {@link HostKeyCheck.Verdict#REVOKED}, so that {@link HostKeyCheck#conflicting()} holds the line on record.
 */
public final class HostKeyTexts {
    private HostKeyTexts() {
    }

    /** The warning's headline, in OpenSSH's words for a changed key. */
    public static String headline(HostKeyCheck check) {
        return revoked(check) ? "WARNING: THIS HOST KEY IS REVOKED" : "WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED";
    }

    /** What happened and what Holdfast did about it, as one paragraph. */
    public static String explanation(HostKeyCheck check) {
        return revoked(check)
                ? "The key this server presented is marked @revoked. Holdfast will not connect with it."
                : "The server presented a different host key from the one on record. Someone could be "
                + "intercepting the connection (a man-in-the-middle attack), or the server was reinstalled or "
                + "given a new key. Holdfast will not connect and sent nothing, not even your user name.";
    }

    /** The facts, one per line: the key presented, the key on record (for a change), the file and line. */
    public static String facts(HostKeyCheck check) {
        KnownHostsFile.Entry old = onRecord(check);
        HostKey presented = check.presented();
        return "Presented now:   " + presented.displayType() + " " + presented.sha256Fingerprint() + "\n"
                + (revoked(check) ? "" : "On record:       " + old.key().displayType() + " "
                + old.key().sha256Fingerprint() + "\n")
                + "Recorded in:     " + old.file() + ", line " + old.line();
    }

    /** What the person can do about it; for a changed key this includes {@link #removeCommand}. */
    public static String fix(HostKeyCheck check, ConnectSpec spec) {
        if (revoked(check)) {
            return "Ask the server's administrator for the current key.";
        }
        KnownHostsFile.Entry old = onRecord(check);
        return "Check with the server's administrator. If the change is expected, remove line " + old.line()
                + " from " + old.file() + " (or run: " + removeCommand(check, spec) + ") and open the session again.";
    }

    /** The OpenSSH command that removes the host's lines from the file that holds the old key. */
    public static String removeCommand(HostKeyCheck check, ConnectSpec spec) {
        return "ssh-keygen -R \"" + KnownHostsFile.hostPatternName(spec.host(), spec.port()) + "\" -f \""
                + onRecord(check).file() + "\"";
    }

    /** The {@link ConnectFailure} message: the same facts in one or two sentences. */
    public static String failureMessage(HostKeyCheck check, ConnectSpec spec) {
        HostKey presented = check.presented();
        KnownHostsFile.Entry old = onRecord(check);
        if (revoked(check)) {
            return "The " + presented.displayType() + " key " + presented.sha256Fingerprint() + " of "
                    + spec.endpoint() + " is marked @revoked in " + old.file() + " line " + old.line() + ".";
        }
        return "The " + presented.displayType() + " host key of " + spec.endpoint() + " has changed. It is now "
                + presented.sha256Fingerprint() + "; " + old.file() + " line " + old.line() + " holds "
                + old.key().sha256Fingerprint() + ". Someone could be intercepting the connection, or the "
                + "server was reinstalled. If you know why it changed, remove that line and connect again.";
    }

    /**
     * The {@link ConnectFailure} message for {@link HostKeyCheck.Verdict#UNVERIFIABLE}: which file could not
     * be read, why, and what to do. The only method here for that verdict.
     */
    public static String unverifiableMessage(HostKeyCheck check, ConnectSpec spec) {
        HostKeyCheck.Unreadable unreadable = check.unreadable().orElseThrow(() -> new IllegalArgumentException(
                "no unreadable file for a " + check.verdict() + " host key"));
        return "Holdfast cannot check the host key of " + spec.endpoint() + ": " + unreadable.file()
                + " exists but cannot be read (" + unreadable.error() + "). It may hold a different key for "
                + "this server, so Holdfast did not connect and sent nothing. Make the file readable (or move "
                + "it aside) and connect again.";
    }

    private static boolean revoked(HostKeyCheck check) {
        return check.verdict() == HostKeyCheck.Verdict.REVOKED;
    }

    private static KnownHostsFile.Entry onRecord(HostKeyCheck check) {
        return check.conflicting().orElseThrow(() -> new IllegalArgumentException(
                "no known_hosts line for a " + check.verdict() + " host key"));
    }
}
