package dev.holdfast.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** @param sshDir the user's OpenSSH directory ({@code ~/.ssh}), searched when the session names no key */
    KeyAuthenticator(Context context, Path sshDir) {
        this.context = context;
        this.sshDir = sshDir;
    }

    @Override
    public void authenticate(SSHClient client) throws IOException, ConnectFailure {
        ConnectSpec spec = context.spec();
        List<String> refused = new ArrayList<>();
        for (Path file : keyFiles()) {
            KeyProvider keys = loadKey(client, file);
            try {
                client.authPublickey(spec.user(), keys);
                return;
            } catch (UserAuthException e) {
                context.cancelled().check();
                refused.add(file.toString());
                LOG.info("Key {} refused for {}", file, spec.target());
            }
        }
        throw new ConnectFailure(ConnectFailure.Kind.AUTH_FAILED, "The server did not accept the key "
                + String.join(", ", refused) + " for " + spec.user() + " at " + spec.endpoint() + ".", null);
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

    /** Loads and decrypts a key, asking for its passphrase (up to three times) only if it has one. */
    private KeyProvider loadKey(SSHClient client, Path file) throws ConnectFailure {
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
                            + ": " + FailureExplainer.describe(e), e);
                }
                context.secrets().forget(key);
                LOG.info("Wrong passphrase for {} (attempt {})", file, attempt);
            }
        }
        throw new ConnectFailure(ConnectFailure.Kind.KEY_FILE,
                "Wrong passphrase for the key file " + file + ", " + ATTEMPTS + " times.", null);
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
