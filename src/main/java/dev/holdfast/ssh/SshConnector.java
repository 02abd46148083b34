package dev.holdfast.ssh;

import dev.holdfast.session.AuthMethod;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.common.SSHException;
import net.schmizz.sshj.connection.channel.direct.PTYMode;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthKeyboardInteractive;
import net.schmizz.sshj.userauth.method.AuthPassword;
import net.schmizz.sshj.userauth.method.ChallengeResponseProvider;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens SSH connections with SSHJ: TCP connect with the session's timeout, key exchange with the trimmed
 * algorithm lists of {@link SshCrypto}, the host-key check, authentication by key, password or
 * keyboard-interactive, then a shell on a PTY. Blocking: run it on a background thread.
 */
public final class SshConnector {
    private static final Logger LOG = LoggerFactory.getLogger(SshConnector.class);
    private static final int ATTEMPTS = 3;
    private static final List<String> DEFAULT_KEY_FILES = List.of("id_ed25519", "id_ecdsa", "id_rsa");
    /** How long SSHJ waits for a reply while a person may be answering a question inside the handshake. */
    private static final int PATIENT_TIMEOUT_MS = 5 * 60_000;
    /** SSHJ's reply timeout once connected (channel opens, global requests). */
    private static final int CONNECTED_TIMEOUT_MS = 60_000;
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "holdfast-connect-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final KnownHosts knownHosts;
    private final SecretCache secrets;

    public SshConnector(KnownHosts knownHosts, SecretCache secrets) {
        this.knownHosts = knownHosts;
        this.secrets = secrets;
    }

    public KnownHosts knownHosts() {
        return knownHosts;
    }

    public SecretCache secrets() {
        return secrets;
    }

    /** Prepares one connection attempt; {@link Attempt#run} makes it, {@link Attempt#cancel} stops it. */
    public Attempt attempt(ConnectSpec spec, Interaction interaction, int columns, int rows) {
        return new Attempt(spec, interaction, () -> new int[] {columns, rows});
    }

    /**
     * Like {@link #attempt(ConnectSpec, Interaction, int, int)}, with the PTY size asked for only when the
     * PTY is requested, so it matches the terminal as laid out by then.
     *
     * @param size gives {columns, rows}; called on the connecting thread
     */
    public Attempt attempt(ConnectSpec spec, Interaction interaction, java.util.function.Supplier<int[]> size) {
        return new Attempt(spec, interaction, size);
    }

    /** One try at connecting, cancellable from another thread. */
    public final class Attempt {
        private final ConnectSpec spec;
        private final Interaction interaction;
        private final java.util.function.Supplier<int[]> size;
        /** Made by {@link #run} on the connecting thread; null until then. */
        private volatile SSHClient client;
        private final TrafficMeter meter = new TrafficMeter();
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final AtomicBoolean timedOut = new AtomicBoolean();
        private volatile long deadlineNanos;
        private volatile boolean waitingForPerson;
        private volatile boolean handshakeDone;

        private Attempt(ConnectSpec spec, Interaction interaction, java.util.function.Supplier<int[]> size) {
            this.spec = spec;
            this.interaction = interaction;
            this.size = size;
        }

        /** Stops the attempt: a blocked connect, handshake or authentication fails with CANCELLED. */
        public void cancel() {
            cancelled.set(true);
            SSHClient made = client;
            if (made == null) {
                return; // run() has not made its client yet; it checks the flag before connecting
            }
            try {
                made.disconnect();
            } catch (IOException | RuntimeException e) {
                LOG.debug("cancelling {}: {}", spec.target(), e.toString());
            }
        }

        /** Connects, authenticates and starts the shell. */
        public SshConnection run() throws ConnectFailure {
            // Made here, not when the attempt is prepared on the FX thread: the first SshCrypto.config()
            // loads every JCA provider (about a second), and it must come before any other SSHJ code.
            client = new SSHClient(SshCrypto.config());
            HostKeyGate gate = new HostKeyGate(knownHosts, spec, patient(interaction));
            ScheduledFuture<?> watchdog = null;
            try {
                checkCancelled();
                int timeoutMs = (int) Math.min(Integer.MAX_VALUE, spec.connectTimeout().toMillis());
                client.setConnectTimeout(timeoutMs);
                client.getTransport().setTimeoutMs(PATIENT_TIMEOUT_MS);
                client.addHostKeyVerifier(gate);
                client.setSocketFactory(meter.socketFactory());
                interaction.progress("Connecting to " + spec.endpoint());
                LOG.info("Connecting to {}", spec.target());
                deadlineNanos = System.nanoTime() + spec.connectTimeout().toNanos();
                watchdog = WATCHDOG.scheduleWithFixedDelay(this::enforceDeadline, 200, 200, TimeUnit.MILLISECONDS);
                client.connect(spec.host(), spec.port());
                handshakeDone = true;
                watchdog.cancel(false);
                checkCancelled();
                String tcp = spec.tcpKeepalive().applyTo(client.getSocket());
                LOG.info("TCP keepalive for {}: {}", spec.target(), tcp);
                interaction.progress("Authenticating as " + spec.user());
                authenticate();
                checkCancelled();
                interaction.progress("Starting the shell");
                Session session = client.startSession();
                int[] columnsRows = size.get();
                session.allocatePTY(spec.terminalType(), Math.max(1, columnsRows[0]), Math.max(1, columnsRows[1]), 0, 0,
                        Map.<PTYMode, Integer>of());
                Session.Shell shell = session.startShell();
                client.getTransport().setTimeoutMs(CONNECTED_TIMEOUT_MS);
                LOG.info("Connected to {}", spec.target());
                return new SshConnection(spec, client, session, shell, meter, tcp);
            } catch (ConnectFailure failure) {
                closeQuietly();
                throw failure;
            } catch (IOException | RuntimeException e) {
                closeQuietly();
                throw explain(e, gate);
            } finally {
                if (watchdog != null) {
                    watchdog.cancel(false);
                }
            }
        }

        /**
         * The connect timeout covers the TCP connect (the socket's own timeout) and the SSH handshake, but
         * not the time a person spends reading the host-key question: SSHJ has no read timeout for the
         * server's greeting, so this closes the socket when the time is up.
         */
        private void enforceDeadline() {
            if (handshakeDone || waitingForPerson || System.nanoTime() < deadlineNanos) {
                return;
            }
            if (timedOut.compareAndSet(false, true)) {
                LOG.info("No SSH handshake with {} within {} s", spec.endpoint(), spec.connectTimeout().toSeconds());
                closeQuietly();
            }
        }

        /** Stops the handshake clock while the person answers the host-key question. */
        private Interaction patient(Interaction inner) {
            return new Interaction() {
                @Override
                public void progress(String step) {
                    inner.progress(step);
                }

                @Override
                public HostKeyDecision unknownHostKey(ConnectSpec s, HostKeyCheck check) {
                    waitingForPerson = true;
                    try {
                        return inner.unknownHostKey(s, check);
                    } finally {
                        deadlineNanos = System.nanoTime() + spec.connectTimeout().toNanos();
                        waitingForPerson = false;
                    }
                }

                @Override
                public Optional<Secret> password(ConnectSpec s, int attempt) {
                    return inner.password(s, attempt);
                }

                @Override
                public Optional<Secret> passphrase(ConnectSpec s, Path keyFile, int attempt) {
                    return inner.passphrase(s, keyFile, attempt);
                }

                @Override
                public Optional<Secret> keyboardInteractive(ConnectSpec s, KeyboardPrompt prompt) {
                    return inner.keyboardInteractive(s, prompt);
                }
            };
        }

        private void checkCancelled() throws ConnectFailure {
            if (cancelled.get()) {
                throw new ConnectFailure(ConnectFailure.Kind.CANCELLED, "Connecting was cancelled.", null);
            }
        }

        private void closeQuietly() {
            try {
                client.disconnect();
            } catch (IOException | RuntimeException e) {
                LOG.debug("closing after a failed attempt: {}", e.toString());
            }
        }

        private void authenticate() throws IOException, ConnectFailure {
            AuthMethod method = spec.auth();
            switch (method) {
                case PUBLIC_KEY -> authenticateWithKey();
                case KEYBOARD_INTERACTIVE -> authenticateKeyboardInteractive();
                case PASSWORD -> authenticateWithPassword();
                default -> throw new IllegalStateException("unknown authentication method " + method);
            }
        }

        private void authenticateWithPassword() throws IOException, ConnectFailure {
            String key = SecretCache.passwordKey(spec);
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                Optional<char[]> remembered = attempt == 1 ? secrets.get(key) : Optional.empty();
                Secret secret = remembered.isPresent() ? new Secret(remembered.get(), true)
                        : ask(interaction.password(spec, attempt));
                char[] password = secret.value();
                try {
                    client.auth(spec.user(), new AuthPassword(fixed(password)));
                    if (secret.remember()) {
                        secrets.put(key, password);
                    }
                    return;
                } catch (UserAuthException e) {
                    secrets.forget(key);
                    checkCancelled();
                    LOG.info("Password refused for {} (attempt {})", spec.target(), attempt);
                } finally {
                    java.util.Arrays.fill(password, '\0');
                    secret.wipe();
                }
            }
            throw new ConnectFailure(ConnectFailure.Kind.AUTH_FAILED,
                    "The server refused the password for " + spec.user() + " at " + spec.endpoint() + " "
                            + ATTEMPTS + " times.", null);
        }

        private Secret ask(Optional<Secret> answer) {
            return answer.orElseThrow(CancelledByUser::new);
        }

        private void authenticateKeyboardInteractive() throws IOException, ConnectFailure {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                Prompter prompter = new Prompter(attempt == 1);
                try {
                    client.auth(spec.user(), new AuthKeyboardInteractive(prompter));
                    prompter.rememberAnswers();
                    return;
                } catch (UserAuthException e) {
                    prompter.forgetAnswers();
                    if (prompter.cancelled) {
                        throw new CancelledByUser();
                    }
                    checkCancelled();
                    LOG.info("Keyboard-interactive refused for {} (attempt {})", spec.target(), attempt);
                }
            }
            throw new ConnectFailure(ConnectFailure.Kind.AUTH_FAILED,
                    "The server refused the answers for " + spec.user() + " at " + spec.endpoint() + " "
                            + ATTEMPTS + " times.", null);
        }

        private void authenticateWithKey() throws IOException, ConnectFailure {
            List<Path> files = keyFiles();
            List<String> refused = new ArrayList<>();
            for (Path file : files) {
                KeyProvider keys = loadKey(file);
                try {
                    client.authPublickey(spec.user(), keys);
                    return;
                } catch (UserAuthException e) {
                    checkCancelled();
                    refused.add(file.toString());
                    LOG.info("Key {} refused for {}", file, spec.target());
                }
            }
            throw new ConnectFailure(ConnectFailure.Kind.AUTH_FAILED,
                    "The server did not accept the key " + String.join(", ", refused) + " for " + spec.user()
                            + " at " + spec.endpoint() + ".", null);
        }

        private List<Path> keyFiles() throws ConnectFailure {
            if (spec.keyFile().isPresent()) {
                Path file = spec.keyFile().get();
                if (!Files.isReadable(file)) {
                    throw new ConnectFailure(ConnectFailure.Kind.KEY_FILE,
                            "The key file " + file + " does not exist or cannot be read.", null);
                }
                return List.of(file);
            }
            Path sshDir = Path.of(System.getProperty("user.home"), ".ssh");
            List<Path> found = DEFAULT_KEY_FILES.stream().map(sshDir::resolve).filter(Files::isReadable).toList();
            if (found.isEmpty()) {
                throw new ConnectFailure(ConnectFailure.Kind.KEY_FILE, "No key file is set for this session and "
                        + "none of ~/.ssh/id_ed25519, id_ecdsa or id_rsa exists. Choose one in the session's "
                        + "settings.", null);
            }
            return found;
        }

        /** Loads and decrypts a key, asking for its passphrase (up to three times) only if it has one. */
        private KeyProvider loadKey(Path file) throws ConnectFailure {
            String key = SecretCache.passphraseKey(file);
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                PassphraseFinder finder = new PassphraseFinder(file, key, attempt);
                try {
                    KeyProvider provider = client.loadKeys(file.toString(), finder);
                    provider.getPrivate();
                    finder.remember();
                    return provider;
                } catch (IOException | RuntimeException e) {
                    finder.wipe();
                    if (finder.cancelled) {
                        throw new CancelledByUser();
                    }
                    if (!finder.asked) {
                        throw new ConnectFailure(ConnectFailure.Kind.KEY_FILE, "Cannot read the key file " + file
                                + ": " + describe(e), e);
                    }
                    secrets.forget(key);
                    LOG.info("Wrong passphrase for {} (attempt {})", file, attempt);
                }
            }
            throw new ConnectFailure(ConnectFailure.Kind.KEY_FILE,
                    "Wrong passphrase for the key file " + file + ", " + ATTEMPTS + " times.", null);
        }

        private ConnectFailure explain(Exception e, HostKeyGate gate) {
            if (e instanceof CancelledByUser || cancelled.get()) {
                return new ConnectFailure(ConnectFailure.Kind.CANCELLED, "Connecting was cancelled.", null);
            }
            if (gate.refused() != null) {
                HostKeyCheck check = gate.refused();
                boolean revoked = check.verdict() == HostKeyCheck.Verdict.REVOKED;
                return new ConnectFailure(revoked ? ConnectFailure.Kind.HOST_KEY_REVOKED
                        : ConnectFailure.Kind.HOST_KEY_CHANGED, hostKeyMessage(check), e, check);
            }
            if (gate.declined()) {
                return new ConnectFailure(ConnectFailure.Kind.CANCELLED,
                        "You did not accept the host key of " + spec.endpoint() + ", so nothing was sent.", null);
            }
            if (timedOut.get()) {
                return new ConnectFailure(ConnectFailure.Kind.TIMED_OUT, spec.endpoint() + " accepted the connection "
                        + "but did not complete the SSH handshake within " + spec.connectTimeout().toSeconds()
                        + " s.", e);
            }
            Throwable root = rootCause(e);
            String where = spec.endpoint();
            if (root instanceof UnknownHostException) {
                return new ConnectFailure(ConnectFailure.Kind.UNKNOWN_HOST, "No host called \"" + spec.host()
                        + "\" could be found. Check the name, or your network's DNS.", e);
            }
            if (root instanceof NoRouteToHostException) {
                return new ConnectFailure(ConnectFailure.Kind.UNREACHABLE, "There is no route to " + where
                        + ". Check the address and your network.", e);
            }
            if (root instanceof ConnectException) {
                String message = String.valueOf(root.getMessage()).toLowerCase(java.util.Locale.ROOT);
                if (message.contains("unreachable")) {
                    return new ConnectFailure(ConnectFailure.Kind.UNREACHABLE, "The network to " + where
                            + " is unreachable.", e);
                }
                if (message.contains("timed out")) {
                    return timedOut(e);
                }
                return new ConnectFailure(ConnectFailure.Kind.REFUSED, where + " refused the connection: no SSH "
                        + "server is listening on port " + spec.port() + ", or a firewall rejects it.", e);
            }
            if (root instanceof SocketTimeoutException || isTimeout(e)) {
                return timedOut(e);
            }
            if (e instanceof TransportException te && te.getDisconnectReason() != DisconnectReason.UNKNOWN) {
                return new ConnectFailure(ConnectFailure.Kind.CLOSED, "The server at " + where
                        + " ended the connection: " + describe(e), e);
            }
            if (root instanceof java.io.EOFException || root instanceof java.net.SocketException) {
                return new ConnectFailure(ConnectFailure.Kind.CLOSED, "The server at " + where
                        + " closed the connection during the handshake (" + describe(e) + ").", e);
            }
            return new ConnectFailure(ConnectFailure.Kind.PROTOCOL, "Connecting to " + where + " failed: "
                    + describe(e), e);
        }

        private ConnectFailure timedOut(Exception e) {
            return new ConnectFailure(ConnectFailure.Kind.TIMED_OUT, spec.endpoint() + " did not answer within "
                    + spec.connectTimeout().toSeconds() + " s.", e);
        }

        private String hostKeyMessage(HostKeyCheck check) {
            HostKey presented = check.presented();
            KnownHostsFile.Entry old = check.conflicting().orElseThrow();
            if (check.verdict() == HostKeyCheck.Verdict.REVOKED) {
                return "The " + presented.displayType() + " key " + presented.sha256Fingerprint() + " of "
                        + spec.endpoint() + " is marked @revoked in " + old.file() + " line " + old.line() + ".";
            }
            return "The " + presented.displayType() + " host key of " + spec.endpoint() + " has changed. It is now "
                    + presented.sha256Fingerprint() + "; " + old.file() + " line " + old.line() + " holds "
                    + old.key().sha256Fingerprint() + ". Someone could be intercepting the connection, or the "
                    + "server was reinstalled. If you know why it changed, remove that line and connect again.";
        }

        /** Hands SSHJ one password, once. */
        private PasswordFinder fixed(char[] password) {
            return new PasswordFinder() {
                @Override
                public char[] reqPassword(Resource<?> resource) {
                    return password.clone();
                }

                @Override
                public boolean shouldRetry(Resource<?> resource) {
                    return false;
                }
            };
        }

        /** Answers SSHJ's passphrase question from the cache or the person, and notes what happened. */
        private final class PassphraseFinder implements PasswordFinder {
            private final Path file;
            private final String key;
            private final int attempt;
            private Secret secret;
            private boolean asked;
            private boolean cancelled;

            PassphraseFinder(Path file, String key, int attempt) {
                this.file = file;
                this.key = key;
                this.attempt = attempt;
            }

            @Override
            public char[] reqPassword(Resource<?> resource) {
                asked = true;
                Optional<char[]> remembered = attempt == 1 ? secrets.get(key) : Optional.empty();
                if (remembered.isPresent()) {
                    secret = new Secret(remembered.get(), true);
                    java.util.Arrays.fill(remembered.get(), '\0');
                } else {
                    Optional<Secret> answer = interaction.passphrase(spec, file, attempt);
                    if (answer.isEmpty()) {
                        cancelled = true;
                        return null;
                    }
                    secret = answer.get();
                }
                return secret.value();
            }

            @Override
            public boolean shouldRetry(Resource<?> resource) {
                return false;
            }

            void remember() {
                if (secret != null && secret.remember()) {
                    char[] value = secret.value();
                    secrets.put(key, value);
                    java.util.Arrays.fill(value, '\0');
                }
                wipe();
            }

            void wipe() {
                if (secret != null) {
                    secret.wipe();
                }
            }
        }

        /**
         * Answers keyboard-interactive prompts, from the cache on the first round when it can. Answers the
         * person asked to remember go into the cache only once the server has accepted them.
         */
        private final class Prompter implements ChallengeResponseProvider {
            private final boolean useCache;
            private final List<String> usedKeys = new ArrayList<>();
            private final Map<String, Secret> toRemember = new java.util.LinkedHashMap<>();
            private String name = "";
            private String instruction = "";
            private volatile boolean cancelled;

            Prompter(boolean useCache) {
                this.useCache = useCache;
            }

            @Override
            public List<String> getSubmethods() {
                return List.of();
            }

            @Override
            public void init(Resource resource, String name, String instruction) {
                this.name = name == null ? "" : name;
                this.instruction = instruction == null ? "" : instruction;
            }

            @Override
            public char[] getResponse(String prompt, boolean echo) {
                String key = SecretCache.promptKey(spec, prompt);
                usedKeys.add(key);
                if (useCache && !echo) {
                    Optional<char[]> remembered = secrets.get(key);
                    if (remembered.isPresent()) {
                        return remembered.get();
                    }
                }
                if (cancelled) {
                    return new char[0];
                }
                Optional<Secret> answer = interaction.keyboardInteractive(spec,
                        new Interaction.KeyboardPrompt(name, instruction, prompt, echo));
                if (answer.isEmpty()) {
                    cancelled = true;
                    return new char[0];
                }
                if (answer.get().remember() && !echo) {
                    toRemember.put(key, answer.get());
                }
                return answer.get().value();
            }

            @Override
            public boolean shouldRetry() {
                return false;
            }

            void rememberAnswers() {
                toRemember.forEach((key, secret) -> {
                    char[] value = secret.value();
                    secrets.put(key, value);
                    java.util.Arrays.fill(value, '\0');
                    secret.wipe();
                });
            }

            void forgetAnswers() {
                usedKeys.forEach(secrets::forget);
                toRemember.values().forEach(Secret::wipe);
            }
        }
    }

    private static boolean isTimeout(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException
                    || String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("timeout")
                    || String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("timed out")) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String describe(Throwable e) {
        Throwable root = rootCause(e);
        String message = root.getMessage();
        if (e instanceof SSHException && e.getMessage() != null) {
            message = e.getMessage();
        }
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    /** Thrown when the person cancels a prompt; turned into a CANCELLED failure. */
    private static final class CancelledByUser extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CancelledByUser() {
            super("cancelled by the user", null, false, false);
        }
    }
}
