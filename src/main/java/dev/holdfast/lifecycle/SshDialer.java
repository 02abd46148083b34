package dev.holdfast.lifecycle;

import dev.holdfast.ssh.ConnectAttempt;
import dev.holdfast.ssh.ConnectFailure;
import dev.holdfast.ssh.ConnectSpec;
import dev.holdfast.ssh.Connections;
import dev.holdfast.ssh.HostKeyCheck;
import dev.holdfast.ssh.Interaction;
import dev.holdfast.ssh.RemoteShell;
import dev.holdfast.ssh.Secret;
import dev.holdfast.ssh.SshConnection;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attempts over SSHJ on {@link Connections}' background threads. Questions go to the given
 * {@link Interaction}; while one is open the lifecycle is told it waits for the user.
 */
public final class SshDialer implements Dialer<SshLink> {
    private static final Logger LOG = LoggerFactory.getLogger(SshDialer.class);

    private final Connections connections;
    private final Supplier<ConnectSpec> specs;
    private final Interaction questions;
    private final Supplier<int[]> size;
    private final Supplier<RemoteShell> remote;
    /** Whether an attempt of this dialer (this tab) has connected: later ones replace that connection. */
    private volatile boolean connectedBefore;

    /**
     * @param specs the session's connection settings, read at each attempt
     * @param size the terminal's {columns, rows}, asked for when the PTY is requested
     * @param remote what to run on the server (a plain shell, or the tab's tmux or screen session), read at
     *               each attempt
     */
    public SshDialer(Connections connections, Supplier<ConnectSpec> specs, Interaction questions,
                     Supplier<int[]> size, Supplier<RemoteShell> remote) {
        this.connections = connections;
        this.specs = specs;
        this.questions = questions;
        this.size = size;
        this.remote = remote;
    }

    @Override
    public Dialing dial(Outcome<SshLink> outcome) {
        ConnectSpec spec = specs.get();
        ConnectAttempt attempt = connections.connector().attempt(spec, new Reporting(outcome), size, remote.get());
        if (connectedBefore) {
            attempt.replacing();
        }
        connections.submit(() -> {
            try {
                SshConnection made = attempt.run();
                connectedBefore = true;
                connections.opened(made);
                outcome.connected(new SshLink(made, connections));
            } catch (ConnectFailure failure) {
                outcome.failed(failure);
            } catch (RuntimeException e) {
                LOG.error("Unexpected error connecting to {}", spec.target(), e);
                outcome.failed(new ConnectFailure(ConnectFailure.Kind.PROTOCOL, "Connecting failed: " + e, e));
            }
        });
        return attempt::cancel;
    }

    /** Passes questions on, and tells the lifecycle while one is open and what step the attempt is at. */
    private final class Reporting implements Interaction {
        private final Outcome<SshLink> outcome;

        Reporting(Outcome<SshLink> outcome) {
            this.outcome = outcome;
        }

        @Override
        public void progress(String step) {
            outcome.progress(step);
        }

        @Override
        public HostKeyDecision unknownHostKey(ConnectSpec spec, HostKeyCheck check) {
            return asking(() -> questions.unknownHostKey(spec, check));
        }

        @Override
        public void hostKeyNotSaved(ConnectSpec spec, Path file, String error) {
            outcome.progress(Interaction.notSavedMessage(file, error)); // into the tab's event log
            questions.hostKeyNotSaved(spec, file, error);
        }

        @Override
        public Optional<Secret> password(ConnectSpec spec, int attempt) {
            return asking(() -> questions.password(spec, attempt));
        }

        @Override
        public Optional<Secret> passphrase(ConnectSpec spec, Path keyFile, int attempt) {
            return asking(() -> questions.passphrase(spec, keyFile, attempt));
        }

        @Override
        public Optional<Secret> keyboardInteractive(ConnectSpec spec, KeyboardPrompt prompt) {
            return asking(() -> questions.keyboardInteractive(spec, prompt));
        }

        private <T> T asking(Supplier<T> question) {
            outcome.waitingForUser(true);
            try {
                return question.get();
            } finally {
                outcome.waitingForUser(false);
            }
        }
    }
}
