package dev.holdfast.ssh;

/**
 * The one source of the words Holdfast shows when a server's host key has changed or is revoked: the
 * headline, the explanation, the facts block, the fix (with the {@code ssh-keygen -R} command) and the
 * one-line {@link ConnectFailure} message. Pure functions of a {@link HostKeyCheck}; any thread.
 *
 * <p>Every method expects a check whose verdict is {@link HostKeyCheck.Verdict#CHANGED} or
 * {@link HostKeyCheck.Verdict#REVOKED}, so that {@link HostKeyCheck#conflicting()} holds the line on record;
 * {@link #failureMessage} also takes {@link HostKeyCheck.Verdict#INVALID_CERTIFICATE}. Where the server sent
 * a host certificate, the key shown is the plain key inside it, and a line says what became of the certificate.
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
        if (revoked(check) && caRevoked(check)) {
            return "The certificate authority that signed this server's host certificate is marked @revoked. "
                    + "Holdfast will not connect with it.";
        }
        return revoked(check)
                ? "The key this server presented is marked @revoked. Holdfast will not connect with it."
                : "The server presented a different host key from the one on record. Someone could be "
                + "intercepting the connection (a man-in-the-middle attack), or the server was reinstalled or "
                + "given a new key. Holdfast will not connect and sent nothing, not even your user name.";
    }

    /**
     * The facts, one per line: the key presented, its certificate if there was one, the key on record (for a
     * change), the file and line.
     */
    public static String facts(HostKeyCheck check) {
        KnownHostsFile.Entry old = onRecord(check);
        HostKey presented = check.presented();
        return "Presented now:   " + presented.displayType() + " " + presented.sha256Fingerprint() + "\n"
                + check.certificate().map(c -> "Certificate:     " + describe(c) + "\n").orElse("")
                + (revoked(check) ? "" : "On record:       " + old.key().displayType() + " "
                + old.key().sha256Fingerprint() + "\n")
                + "Recorded in:     " + old.file() + ", line " + old.line();
    }

    /**
     * For the unknown-key question: what became of the host certificate the server sent, or empty if it sent
     * none. The fingerprint asked about is the plain key's, which is what is saved.
     */
    public static java.util.Optional<String> certificateNote(HostKeyCheck check) {
        return check.certificate().map(c -> "The server also sent a host certificate, " + describe(c)
                + ". The fingerprint above is of the server's own key, and \u201cAccept and save\u201d saves that key, "
                + "not the certificate, so a renewed certificate of the same key is still recognised.");
    }

    /** A certificate in one line: CA, ID, serial, validity and, if it was not accepted, why. */
    static String describe(HostKeyCheck.Certificate c) {
        HostKeyCertificate cert = c.certificate();
        return "signed by CA " + cert.caKey().displayType() + " " + cert.caKey().sha256Fingerprint() + " (ID \""
                + cert.keyId() + "\", serial " + cert.serial() + ", valid " + cert.validityText() + ")"
                + c.problem().map(p -> ", not accepted: " + p).orElse(", accepted");
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
        if (check.verdict() == HostKeyCheck.Verdict.INVALID_CERTIFICATE) {
            return "The host certificate of " + spec.endpoint() + " is not valid"
                    + check.certificate().flatMap(HostKeyCheck.Certificate::problem).map(p -> ": " + p).orElse(
                    ": it cannot be read") + ". Someone could be intercepting the connection, or the server is "
                    + "misconfigured. Holdfast did not connect and sent nothing; ask the server's administrator.";
        }
        KnownHostsFile.Entry old = onRecord(check);
        if (revoked(check) && caRevoked(check)) {
            HostKey ca = check.certificate().orElseThrow().certificate().caKey();
            return "The host certificate of " + spec.endpoint() + " is signed by the CA key " + ca.displayType() + " "
                    + ca.sha256Fingerprint() + ", which is marked @revoked in " + old.file() + " line " + old.line()
                    + ".";
        }
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

    /** Whether the revoked line names the CA of the presented certificate rather than the host's key. */
    private static boolean caRevoked(HostKeyCheck check) {
        return check.certificate().isPresent() && check.conflicting().isPresent()
                && HostKeyCertificate.sameKey(check.conflicting().get().key(),
                check.certificate().get().certificate().caKey());
    }

    private static KnownHostsFile.Entry onRecord(HostKeyCheck check) {
        return check.conflicting().orElseThrow(() -> new IllegalArgumentException(
                "no known_hosts line for a " + check.verdict() + " host key"));
    }
}
