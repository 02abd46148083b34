package dev.holdfast.ssh;

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
 */
public record HostKeyCheck(Verdict verdict, HostKey presented, Optional<KnownHostsFile.Entry> conflicting,
                           List<String> otherKnownTypes) {

    public HostKeyCheck {
        otherKnownTypes = List.copyOf(otherKnownTypes);
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
        REVOKED
    }
}
