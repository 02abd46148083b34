package dev.holdfast.ssh;

import dev.holdfast.session.AgentUse;
import dev.holdfast.ssh.agent.AgentAuthMethod;
import dev.holdfast.ssh.agent.AgentClient;
import dev.holdfast.ssh.agent.AgentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Public-key authentication: the session's key file, or else OpenSSH's usual {@code id_ed25519},
 * {@code id_ecdsa}, {@code id_rsa} in the given {@code ~/.ssh} directory, tried in that order. A key's
 * passphrase is asked for only if it has one (cache first, then the person, up to {@link #ATTEMPTS}
 * times). Runs on the connecting thread.
 */
final class KeyAuthenticator implements Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(KeyAuthenticator.class);
    static final List<String> DEFAULT_KEY_FILES = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    private final Context context;
    private final Path sshDir;
    private final dev.holdfast.ssh.agent.AgentLocator agents;

    /** @param sshDir the user's OpenSSH directory ({@code ~/.ssh}), searched when the session names no key */
    KeyAuthenticator(Context context, Path sshDir) {
        this(context, sshDir, dev.holdfast.ssh.agent.AgentLocator.system());
    }

    /** @param agents finds where the SSH agent listens, if one runs ({@code SSH_AUTH_SOCK}, Windows' pipes) */
    KeyAuthenticator(Context context, Path sshDir, dev.holdfast.ssh.agent.AgentLocator agents) {
        this.context = context;
        this.sshDir = sshDir;
        this.agents = agents;
    }

    @Override
    public void authenticate(SSHClient client) throws IOException, ConnectFailure {
        ConnectSpec spec = context.spec();
        AgentUse use = spec.access().agent();
        List<String> refused = new ArrayList<>();
        List<byte[]> offered = new ArrayList<>();
        if (use != AgentUse.OFF && tryAgent(client, use, refused, offered)) {
            return;
        }
        List<Path> files;
        try {
            files = keyFiles();
        } catch (ConnectFailure noFile) {
            if (refused.isEmpty() || spec.keyFile().isPresent()) {
                throw noFile;
            }
            throw new ConnectFailure(ConnectFailure.Kind.AUTH_FAILED, "The server did not accept the SSH agent's keys "
                    + String.join(", ", refused) + " for " + spec.user() + " at " + spec.endpoint()
                    + ", and no key file is set for this session.", null);
        }
        List<String> notes = new ArrayList<>();
        int tries = 0;
        for (Path file : files) {
            Optional<byte[]> publicHalf = publicHalf(file);
            if (publicHalf.isPresent() && offered.stream().anyMatch(b -> Arrays.equals(b, publicHalf.get()))) {
                LOG.info("Key {} is the agent's, already refused for {}", file, spec.target());
                refused.add(file.toString());
                continue; // its passphrase is not asked for a key the server already refused
            }
            KeyProvider keys = loadKey(client, file);
            for (KeyProvider presented : presentations(file, keys, notes)) {
                checkStillConnected(client, offered.size() + tries);
                try {
                    tries++;
                    client.authPublickey(spec.user(), presented);
                    return;
                } catch (IOException | RuntimeException e) { // a refusal, or the connection ended (a server out of patience)
                    context.cancelled().check();
                    checkStillConnected(client, offered.size() + tries, e);
                    if (!(e instanceof UserAuthException)) {
                        throw e;
                    }
                    LOG.info("Key {}{} refused for {}", file, presented == keys ? "" : " with its certificate",
                            spec.target());
                }
            }
            refused.add(file.toString());
        }
        throw new ConnectFailure(ConnectFailure.Kind.AUTH_FAILED, "The server did not accept the key "
                + String.join(", ", refused) + " for " + spec.user() + " at " + spec.endpoint() + "."
                + (notes.isEmpty() ? "" : " " + String.join(" ", notes)), null);
    }

    /**
     * After a refusal: a server that closed the connection has run out of patience (OpenSSH's sshd allows
     * MaxAuthTries, 6 by default, and says only "Too many authentication failures"), which is said so rather
     * than as a lost connection.
     *
     * @param refusedSoFar how many keys were offered on this connection
     */
    private void checkStillConnected(SSHClient client, int refusedSoFar) throws ConnectFailure {
        checkStillConnected(client, refusedSoFar, null);
    }

    /**
     * As above, after {@code failure}: one that is not a refusal (the transport failed) once keys were refused is
     * the server hanging up, though SSHJ may not know yet that the connection is gone.
     */
    private void checkStillConnected(SSHClient client, int refusedSoFar, Exception failure) throws ConnectFailure {
        // the count includes the key that just failed, if any: a connection lost on the very first key is a lost
        // connection, not a server out of patience (which a refusal before it shows)
        boolean earlierRefusals = failure == null ? refusedSoFar > 0 : refusedSoFar > 1;
        boolean hungUp = earlierRefusals && (!client.isConnected()
                || failure instanceof net.schmizz.sshj.transport.TransportException);
        if (!hungUp) {
            return;
        }
        ConnectSpec spec = context.spec();
        // how many the server had refused when it hung up cannot be told from here (its last refusal and its
        // disconnect race the next offer), so the words give how many were offered
        throw new ConnectFailure(ConnectFailure.Kind.AUTH_FAILED, "The server " + spec.endpoint()
                + " closed the connection while keys were being tried for " + spec.user() + " (" + refusedSoFar
                + " offered, none accepted): servers allow only so many tries per connection (OpenSSH's"
                + " MaxAuthTries, 6 by default). Choose this server's key file in the session's settings so that"
                + " its key goes first, or remove keys the server does not know from the SSH agent (ssh-add -d).",
                null);
    }

    /** How long the agent may take to list its keys or to sign (one with confirmation waits for the person). */
    private static final java.time.Duration AGENT_WAIT = java.time.Duration.ofSeconds(60);

    /**
     * Offers the agent's keys, the session's key file's first when the agent holds it; true once one is accepted.
     * {@code refused} gets each refused key's comment, {@code offered} its public key. With {@link AgentUse#ONLY},
     * no agent or no accepted key is the failure; otherwise the key files come next.
     */
    private boolean tryAgent(SSHClient client, AgentUse use, List<String> refused, List<byte[]> offered)
            throws ConnectFailure, IOException {
        ConnectSpec spec = context.spec();
        Optional<dev.holdfast.ssh.agent.AgentEndpoint> socket = agents.find();
        if (socket.isEmpty()) {
            LOG.info("No SSH agent ({}) for {}", agents.whereLooked(), spec.target());
            if (use == AgentUse.ONLY) {
                throw new ConnectFailure(ConnectFailure.Kind.AUTH_FAILED, "No SSH agent is running: "
                        + agents.whereLooked() + ", and this session uses only the agent's keys. Start an agent and"
                        + " add your key (ssh-add), or let the session use its key file.", null);
            }
            return false;
        }
        try (AgentClient agent = AgentClient.connect(socket.get(), AGENT_WAIT)) {
            List<AgentClient.Identity> identities = new ArrayList<>(agent.identities());
            Optional<byte[]> chosen = spec.keyFile().flatMap(KeyAuthenticator::publicHalf);
            if (chosen.isPresent()) {
                // the session's own key first, as ssh orders an IdentityFile the agent holds
                identities.sort(java.util.Comparator.comparing(id -> !Arrays.equals(id.blob(), chosen.get())));
            }
            for (AgentClient.Identity identity : identities) {
                checkStillConnected(client, offered.size());
                offered.add(identity.blob());
                try {
                    client.auth(spec.user(), new AgentAuthMethod(agent, identity));
                    LOG.info("Logged in to {} with the agent's key {} ({})", spec.target(), identity.comment(),
                            identity.type());
                    return true;
                } catch (IOException | RuntimeException e) { // a refusal, or the connection ended (a server out of patience)
                    context.cancelled().check();
                    checkStillConnected(client, offered.size(), e);
                    if (!(e instanceof UserAuthException)) {
                        throw e;
                    }
                    refused.add("\"" + identity.comment() + "\"");
                    LOG.info("The agent's key {} refused for {}: {}", identity.comment(), spec.target(), e.getMessage());
                }
            }
            if (use == AgentUse.ONLY) {
                throw new ConnectFailure(ConnectFailure.Kind.AUTH_FAILED, identities.isEmpty()
                        ? "The SSH agent at " + socket.get() + " holds no keys (add one with ssh-add)."
                        : "The SSH agent at " + socket.get() + " holds no key the server accepts for " + spec.user()
                        + " at " + spec.endpoint() + " (tried " + String.join(", ", refused) + ").", null);
            }
            return false;
        } catch (AgentException e) {
            LOG.info("SSH agent not used for {}: {}", spec.target(), e.getMessage());
            if (use == AgentUse.ONLY) {
                throw new ConnectFailure(ConnectFailure.Kind.AUTH_FAILED, e.getMessage(), e);
            }
            return false;
        }
    }

    /**
     * The key's public half in wire format: from the key file itself where its format keeps it unencrypted
     * (OpenSSH's own, PuTTY's), else from the {@code .pub} beside it; empty when neither has it.
     */
    static Optional<byte[]> publicHalf(Path keyFile) {
        Optional<byte[]> inFile = KeyFileReader.publicBlob(keyFile);
        if (inFile.isPresent()) {
            return inFile;
        }
        Path pub = keyFile.resolveSibling(keyFile.getFileName() + ".pub");
        try {
            if (!Files.isRegularFile(pub) || Files.size(pub) > 64 * 1024) {
                return Optional.empty();
            }
            String[] fields = Files.readString(pub, java.nio.charset.StandardCharsets.ISO_8859_1).trim()
                    .split("\\s+", -1);
            return fields.length >= 2 ? Optional.of(java.util.Base64.getDecoder().decode(fields[1])) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The files to try: the session's own, or the default ones that exist. */
    List<Path> keyFiles() throws ConnectFailure {
        Optional<Path> chosen = context.spec().keyFile();
        if (chosen.isPresent()) {
            Path file = chosen.get();
            if (!Files.exists(file)) {
                throw new ConnectFailure(ConnectFailure.Kind.KEY_FILE, "The key file " + file
                        + " does not exist. If it is on a drive that is not connected, connect it and try again;"
                        + " otherwise choose another key file in the session's settings.", null);
            }
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new ConnectFailure(ConnectFailure.Kind.KEY_FILE,
                        "The key file " + file + " is not a readable file.", null);
            }
            return List.of(file);
        }
        List<Path> found = DEFAULT_KEY_FILES.stream().map(sshDir::resolve).filter(Files::isReadable).toList();
        if (found.isEmpty()) {
            throw new ConnectFailure(ConnectFailure.Kind.KEY_FILE, "No key file is set for this session and "
                    + "none of ~/.ssh/id_ed25519, id_ecdsa or id_rsa exists. Choose one in the session's "
                    + "settings.", null);
        }
        return found;
    }

    /**
     * Loads and decrypts a key, asking for its passphrase (up to three times) only if it has one. OpenSSH (also
     * PEM/PKCS#8) and PuTTY .ppk (versions 2 and 3) files are read; see {@link KeyFileReader}. The certificate, if any, is
     * paired with it by {@link #presentations}.
     */
    private KeyProvider loadKey(SSHClient client, Path file) throws ConnectFailure {
        String key = SecretCache.passphraseKey(file);
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            PassphraseFinder finder = new PassphraseFinder(file, key, attempt);
            KeyProvider provider;
            try {
                provider = KeyFileReader.open(client, file, finder);
                provider.getPrivate();
                finder.remember();
            } catch (KeyFileReader.Unreadable e) {
                throw new ConnectFailure(ConnectFailure.Kind.KEY_FILE,
                        "Cannot read the key file " + file + ": " + e.getMessage(), null);
            } catch (IOException | RuntimeException e) {
                finder.wipe();
                if (finder.cancelled) {
                    throw new CancelledByUser();
                }
                if (!finder.asked) {
                    throw unreadable(file, e);
                }
                context.secrets().forget(key);
                LOG.info("Wrong passphrase for {} (attempt {})", file, attempt);
                continue;
            }
            return provider;
        }
        throw new ConnectFailure(ConnectFailure.Kind.KEY_FILE,
                "Wrong passphrase for the key file " + file + ", " + ATTEMPTS + " times.", null);
    }

    /** A key file SSHJ could not decode, in plain words; the exception goes to the log only. */
    private static ConnectFailure unreadable(Path file, Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return new ConnectFailure(ConnectFailure.Kind.KEY_FILE, "Cannot read the key file " + file
                    + ": permission denied.", e);
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return new ConnectFailure(ConnectFailure.Kind.KEY_FILE, "The key file " + file + " does not exist.", e);
        }
        LOG.info("Cannot decode the key file {}: {}", file, e.toString());
        return new ConnectFailure(ConnectFailure.Kind.KEY_FILE, "Cannot read the key file " + file
                + ": it is damaged, cut short, or holds a key type Holdfast cannot use.", e);
    }

    /**
     * The ways to present a key, in order: with its user certificate (the session's certificate setting, or
     * {@code <key>-cert.pub} beside it) in place of the public key, then the key alone, as OpenSSH offers a
     * key's certificate and then the key. A certificate that cannot be used (unreadable, of another key, or
     * one the server would refuse as expired or for another user) is not presented: the key goes alone and
     * {@code notes} gets the reason in plain words, which is also shown as a progress step. With no key file
     * set (the default keys are tried), a certificate setting goes with the key it certifies only.
     */
    private List<KeyProvider> presentations(Path file, KeyProvider provider, List<String> notes) throws IOException {
        ConnectSpec spec = context.spec();
        Optional<Path> setting = spec.access().certificateFile();
        Optional<Path> certificateFile = UserCertificate.fileFor(setting, file);
        if (certificateFile.isEmpty()) {
            return List.of(provider);
        }
        Path certFile = certificateFile.get();
        Optional<String> problem;
        UserCertificate certificate = null;
        try {
            certificate = UserCertificate.read(certFile);
            UserCertificate read = certificate;
            if (read.certifies(provider.getPublic())) {
                problem = read.problemFor(spec.user(), Instant.now()).map(why -> "The certificate " + certFile
                        + " (key ID \"" + read.keyId() + "\", serial " + read.serial() + ") " + why
                        + ", so it was not presented (the server would refuse it); ask for a new certificate.");
            } else if (setting.isPresent() && spec.keyFile().isEmpty()) {
                LOG.info("Certificate {} is not for the key {}: the key goes on its own", certFile, file);
                return List.of(provider);
            } else {
                problem = Optional.of("The certificate file " + certFile + " is not a certificate of the key " + file
                        + ", so it was not presented; choose the certificate that was made for this key's public "
                        + "half (" + file.getFileName() + ".pub).");
            }
        } catch (UserCertificate.Unusable e) {
            problem = Optional.of("The certificate file " + certFile + " " + e.getMessage()
                    + " It was not presented.");
        } catch (IOException e) {
            problem = Optional.of("Cannot read the certificate file " + certFile + " ("
                    + FailureExplainer.describe(e) + "), so it was not presented.");
        }
        if (problem.isPresent()) {
            LOG.info("Certificate {} not presented with {}: {}", certFile, file, problem.get());
            notes.add(problem.get());
            context.interaction().progress(problem.get() + " Trying the key alone.");
            return List.of(provider);
        }
        LOG.info("Presenting the certificate {} ({}, principals {}) with the key {}", certFile,
                certificate.describe(), certificate.principals(), file);
        return List.of(certificate.presentedWith(provider), provider);
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
            Optional<char[]> remembered = attempt == 1 ? context.secrets().get(key) : Optional.empty();
            if (remembered.isPresent()) {
                secret = new Secret(remembered.get(), true);
                Arrays.fill(remembered.get(), '\0');
            } else {
                Optional<Secret> answer = context.interaction().passphrase(context.spec(), file, attempt);
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
                context.secrets().put(key, value);
                Arrays.fill(value, '\0');
            }
            wipe();
        }

        void wipe() {
            if (secret != null) {
                secret.wipe();
            }
        }
    }
}
