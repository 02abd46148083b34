package dev.holdfast.ssh;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the known_hosts files say about the key a server presented.
 *
 * <p>When the server sent a host certificate, {@code presented} is the plain key inside it (what
 * {@code ssh-keygen -lf} shows, and what "Accept and save" saves) and {@code certificate} says what became of the
 * certificate itself.
 *
 * @param verdict the decision
 * @param presented the key the server sent; for a certificate, the plain key it certifies
 * @param conflicting for {@link Verdict#CHANGED} and {@link Verdict#REVOKED}: the line that holds the old
 *                    or revoked key
 * @param otherKnownTypes for {@link Verdict#UNKNOWN}: key types this host is already known by
 * @param unreadable for {@link Verdict#UNVERIFIABLE}: the file that could not be read, and why
 * @param certificate the host certificate the server sent, if it sent one
 */
public record HostKeyCheck(Verdict verdict, HostKey presented, Optional<KnownHostsFile.Entry> conflicting,
                           List<String> otherKnownTypes, Optional<Unreadable> unreadable,
                           Optional<Certificate> certificate) {

    public HostKeyCheck {
        otherKnownTypes = List.copyOf(otherKnownTypes);
    }

    /** A check with no unreadable file. */
    public HostKeyCheck(Verdict verdict, HostKey presented, Optional<KnownHostsFile.Entry> conflicting,
                        List<String> otherKnownTypes) {
        this(verdict, presented, conflicting, otherKnownTypes, Optional.empty(), Optional.empty());
    }

    /** A check of a plain key. */
    public HostKeyCheck(Verdict verdict, HostKey presented, Optional<KnownHostsFile.Entry> conflicting,
                        List<String> otherKnownTypes, Optional<Unreadable> unreadable) {
        this(verdict, presented, conflicting, otherKnownTypes, unreadable, Optional.empty());
    }

    /** The same check, about a host certificate. */
    HostKeyCheck about(Certificate cert) {
        return new HostKeyCheck(verdict, presented, conflicting, otherKnownTypes, unreadable, Optional.of(cert));
    }

    /**
     * A host certificate and what became of it.
     *
     * @param certificate the certificate
     * @param authority the {@code @cert-authority} line that vouched for it (the verdict is then
     *                  {@link Verdict#KNOWN}), or empty
     * @param problem why it was not accepted, in words ("it expired at ..."), or empty if it was
     */
    public record Certificate(HostKeyCertificate certificate, Optional<KnownHostsFile.Entry> authority,
                              Optional<String> problem) {
        /** Whether a {@code @cert-authority} line vouched for the certificate. */
        public boolean accepted() {
            return authority.isPresent() && problem.isEmpty();
        }
    }

    /**
     * A known_hosts file that exists but could not be read.
     *
     * @param file the file
     * @param error what reading it threw, in words
     */
    public record Unreadable(Path file, String error) {
    }

    /** The outcome of looking a key up. */
    public enum Verdict {
        /** A known_hosts line holds exactly this key. */
        KNOWN,
        /** No line holds a key of this kind for the host: ask the user. */
        UNKNOWN,
        /** A line holds a different key of the same kind for the host: refuse, it may be an attack. */
        CHANGED,
        /** The key, or the CA that signed its certificate, is marked {@code @revoked}: refuse. */
        REVOKED,
        /**
         * The server sent a host certificate that cannot be read or whose CA signature is not valid: refuse,
         * as OpenSSH does (it drops the connection while reading the key).
         */
        INVALID_CERTIFICATE,
        /**
         * No readable line holds this key, and a known_hosts file exists but cannot be read: it may hold a
         * different key for the host, so refuse rather than ask as if the host were new.
         */
        UNVERIFIABLE
    }
}
