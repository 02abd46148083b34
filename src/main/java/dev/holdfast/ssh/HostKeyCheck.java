package dev.holdfast.ssh;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the known_hosts files say about the key a server presented.
 *
 * @param verdict the decision
 * @param presented the key the server sent
 * @param conflicting for {@link Verdict#CHANGED} and {@link Verdict#REVOKED}: the line that holds the old
 *                    or revoked key
 * @param otherKnownTypes for {@link Verdict#UNKNOWN}: key types this host is already known by
 * @param unreadable for {@link Verdict#UNVERIFIABLE}: the file that could not be read, and why
 */
public record HostKeyCheck(Verdict verdict, HostKey presented, Optional<KnownHostsFile.Entry> conflicting,
                           List<String> otherKnownTypes, Optional<Unreadable> unreadable) {

    public HostKeyCheck {
        otherKnownTypes = List.copyOf(otherKnownTypes);
    }

    /** A check with no unreadable file. */
    public HostKeyCheck(Verdict verdict, HostKey presented, Optional<KnownHostsFile.Entry> conflicting,
                        List<String> otherKnownTypes) {
        this(verdict, presented, conflicting, otherKnownTypes, Optional.empty());
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
        /** The key is marked {@code @revoked}: refuse. */
        REVOKED,
        /**
         * No readable line holds this key, and a known_hosts file exists but cannot be read: it may hold a
         * different key for the host, so refuse rather than ask as if the host were new.
         */
        UNVERIFIABLE
    }
}
