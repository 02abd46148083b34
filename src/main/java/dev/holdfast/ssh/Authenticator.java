package dev.holdfast.ssh;

import java.io.IOException;
import net.schmizz.sshj.SSHClient;

/**
 * One way of proving who the user is to an SSH server (password, key, keyboard-interactive). Called once
 * per attempt on the connecting thread, after the host key is accepted; blocks while it asks the person.
 * On success the client is authenticated; otherwise it throws a {@link ConnectFailure} in plain words
 * (or {@link CancelledByUser}, or SSHJ's own I/O error). Secrets it is given are wiped once used.
 */
interface Authenticator {
    /** How many times a refused secret is asked for again, as OpenSSH's NumberOfPasswordPrompts. */
    int ATTEMPTS = 3;

    void authenticate(SSHClient client) throws IOException, ConnectFailure;

    /** Throws CANCELLED if the attempt was cancelled meanwhile. */
    @FunctionalInterface
    interface CancelCheck {
        void check() throws ConnectFailure;
    }

    /** What every authenticator needs from its attempt. */
    record Context(ConnectSpec spec, Interaction interaction, SecretCache secrets, CancelCheck cancelled) {
    }
}
