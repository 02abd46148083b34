package dev.holdfast.ssh;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The questions a connection may need a person to answer. The connector calls these on its own
 * background thread and waits for the answer; an implementation shows a dialog and blocks until it is
 * closed. Returning empty means the person cancelled.
 */
public interface Interaction {

    /** Progress to show while connecting, such as "Authenticating". */
    void progress(String step);

    /** The server's key is not in any known_hosts file. */
    HostKeyDecision unknownHostKey(ConnectSpec spec, HostKeyCheck check);

    /**
     * The person chose "accept and save" but the key could not be written to {@code file}: the connection
     * goes ahead this once, and the person should know they will be asked again next time. Must not block
     * for long. By default shown as a progress step.
     *
     * @param error why saving failed
     */
    default void hostKeyNotSaved(ConnectSpec spec, Path file, String error) {
        progress(notSavedMessage(file, error));
    }

    /** The words for {@link #hostKeyNotSaved}. */
    static String notSavedMessage(Path file, String error) {
        return "The host key was accepted for this connection but could not be saved to " + file + " (" + error
                + "). You will be asked again next time.";
    }

    /**
     * A password for {@code spec.target()}.
     *
     * @param attempt 1 for the first question, higher after the server refused the previous answer
     */
    Optional<Secret> password(ConnectSpec spec, int attempt);

    /** The passphrase of an encrypted private key file. */
    Optional<Secret> passphrase(ConnectSpec spec, Path keyFile, int attempt);

    /** One keyboard-interactive prompt, such as "Password:" or "Verification code:". */
    Optional<Secret> keyboardInteractive(ConnectSpec spec, KeyboardPrompt prompt);

    /** What the person decided about a host key that no file knows. */
    enum HostKeyDecision {
        /** Connect and add the key to the app's known_hosts file. */
        ACCEPT_AND_SAVE,
        /** Connect this time without saving the key. */
        CONNECT_ONCE,
        /** Do not connect. */
        CANCEL
    }

    /**
     * One prompt of a keyboard-interactive round.
     *
     * @param name the round's name from the server, often empty
     * @param instruction the round's instruction from the server, often empty
     * @param prompt the prompt text
     * @param echo whether the answer may be shown while typed
     */
    record KeyboardPrompt(String name, String instruction, String prompt, boolean echo) {
    }
}
