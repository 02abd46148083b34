package dev.holdfast.ssh;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AuthPassword;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Password authentication: the remembered password first (if the person asked to keep it for this app
 * session), then up to {@link #ATTEMPTS} answers from the person. A refused password is forgotten; every
 * copy is wiped after use. Runs on the connecting thread.
 */
final class PasswordAuthenticator implements Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(PasswordAuthenticator.class);

    private final Context context;

    PasswordAuthenticator(Context context) {
        this.context = context;
    }

    @Override
    public void authenticate(SSHClient client) throws IOException, ConnectFailure {
        ConnectSpec spec = context.spec();
        String key = SecretCache.passwordKey(spec);
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Optional<char[]> remembered = attempt == 1 ? context.secrets().get(key) : Optional.empty();
            Secret secret = remembered.isPresent() ? new Secret(remembered.get(), true)
                    : context.interaction().password(spec, attempt).orElseThrow(CancelledByUser::new);
            char[] password = secret.value();
            try {
                client.auth(spec.user(), new AuthPassword(once(password)));
                if (secret.remember()) {
                    context.secrets().put(key, password);
                }
                return;
            } catch (UserAuthException e) {
                context.secrets().forget(key);
                context.cancelled().check();
                LOG.info("Password refused for {} (attempt {})", spec.target(), attempt);
            } finally {
                Arrays.fill(password, '\0');
                secret.wipe();
            }
        }
        throw new ConnectFailure(ConnectFailure.Kind.AUTH_FAILED, "The server refused the password for "
                + spec.user() + " at " + spec.endpoint() + " " + ATTEMPTS + " times.", null);
    }

    /** Hands SSHJ one password, once; SSHJ wipes its copy. */
    private static PasswordFinder once(char[] password) {
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
}
