package dev.holdfast.ssh;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AuthKeyboardInteractive;
import net.schmizz.sshj.userauth.method.ChallengeResponseProvider;
import net.schmizz.sshj.userauth.password.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyboard-interactive authentication: each of the server's prompts is answered from the cache on the
 * first round (hidden prompts only), else by the person; up to {@link #ATTEMPTS} rounds. Answers the
 * person asked to remember are cached only once the server accepts them. Runs on the connecting thread
 * (SSHJ calls the prompter there too).
 */
final class KeyboardInteractiveAuthenticator implements Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(KeyboardInteractiveAuthenticator.class);

    private final Context context;

    KeyboardInteractiveAuthenticator(Context context) {
        this.context = context;
    }

    @Override
    public void authenticate(SSHClient client) throws IOException, ConnectFailure {
        ConnectSpec spec = context.spec();
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
                context.cancelled().check();
                LOG.info("Keyboard-interactive refused for {} (attempt {})", spec.target(), attempt);
            }
        }
        throw new ConnectFailure(ConnectFailure.Kind.AUTH_FAILED, "The server refused the answers for "
                + spec.user() + " at " + spec.endpoint() + " " + ATTEMPTS + " times.", null);
    }

    /** Answers one round of prompts and notes which answers to remember or forget. */
    private final class Prompter implements ChallengeResponseProvider {
        private final boolean useCache;
        private final List<String> usedKeys = new ArrayList<>();
        private final Map<String, Secret> toRemember = new LinkedHashMap<>();
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

        // SSHJ's ChallengeResponseProvider declares this parameter as a raw Resource, and an override must
        // keep the raw type (Resource<?> would not override it)
        @SuppressWarnings("rawtypes")
        @Override
        public void init(Resource resource, String name, String instruction) {
            this.name = name == null ? "" : name;
            this.instruction = instruction == null ? "" : instruction;
        }

        @Override
        public char[] getResponse(String prompt, boolean echo) {
            String key = SecretCache.promptKey(context.spec(), prompt);
            usedKeys.add(key);
            if (useCache && !echo) {
                Optional<char[]> remembered = context.secrets().get(key);
                if (remembered.isPresent()) {
                    return remembered.get();
                }
            }
            if (cancelled) {
                return new char[0];
            }
            Optional<Secret> answer = context.interaction().keyboardInteractive(context.spec(),
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
                context.secrets().put(key, value);
                Arrays.fill(value, '\0');
                secret.wipe();
            });
        }

        void forgetAnswers() {
            usedKeys.forEach(context.secrets()::forget);
            toRemember.values().forEach(Secret::wipe);
        }
    }
}
