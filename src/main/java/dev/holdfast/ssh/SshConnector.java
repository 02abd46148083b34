package dev.holdfast.ssh;

import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * Opens SSH connections with SSHJ: TCP connect with the session's timeout, key exchange with the trimmed
 * algorithm lists of {@link SshCrypto}, the host-key check, authentication by key, password or
 * keyboard-interactive, then a shell on a PTY. Each connection is one {@link ConnectAttempt}, made here
 * on any thread (the FX thread too) and run on a background thread.
 */
public final class SshConnector {
    private final KnownHosts knownHosts;
    private final SecretCache secrets;
    private final Path sshDir;
    private final ScheduledExecutorService scheduler;
    private volatile RemoteShellMemory remoteShells = RemoteShellMemory.inMemory();

    /**
     * @param sshDir the user's OpenSSH directory ({@code ~/.ssh}), where keys are looked for when a session
     *               names none
     * @param scheduler runs the handshake deadlines; owned (and shut down) by the caller
     */
    public SshConnector(KnownHosts knownHosts, SecretCache secrets, Path sshDir, ScheduledExecutorService scheduler) {
        this.knownHosts = knownHosts;
        this.secrets = secrets;
        this.sshDir = sshDir;
        this.scheduler = scheduler;
    }

    public KnownHosts knownHosts() {
        return knownHosts;
    }

    public SecretCache secrets() {
        return secrets;
    }

    /** Where servers without tmux or screen are remembered (the app keeps them in the settings file). */
    public void setRemoteShellMemory(RemoteShellMemory memory) {
        this.remoteShells = memory;
    }

    public RemoteShellMemory remoteShellMemory() {
        return remoteShells;
    }

    /** Prepares one connection attempt; {@link ConnectAttempt#run} makes it, {@link ConnectAttempt#cancel} stops it. */
    public ConnectAttempt attempt(ConnectSpec spec, Interaction interaction, int columns, int rows) {
        return attempt(spec, interaction, () -> new int[] {columns, rows});
    }

    /**
     * Like {@link #attempt(ConnectSpec, Interaction, int, int)}, with the PTY size asked for only when the
     * PTY is requested, so it matches the terminal as laid out by then.
     *
     * @param size gives {columns, rows}; called on the connecting thread
     */
    public ConnectAttempt attempt(ConnectSpec spec, Interaction interaction, Supplier<int[]> size) {
        return attempt(spec, interaction, size, RemoteShell.plain());
    }

    /** Like {@link #attempt(ConnectSpec, Interaction, Supplier)}, running {@code remote} instead of a plain shell. */
    public ConnectAttempt attempt(ConnectSpec spec, Interaction interaction, Supplier<int[]> size, RemoteShell remote) {
        return new ConnectAttempt(spec, interaction, size, knownHosts, secrets, sshDir, scheduler, remote, remoteShells);
    }
}
