package dev.holdfast.ssh;

import java.util.Optional;

/**
 * Why a connection could not be made, in words for the person who asked for it.
 */
public final class ConnectFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** The kinds of failure the UI tells apart. */
    public enum Kind {
        UNKNOWN_HOST("Unknown host", true),
        REFUSED("Connection refused", true),
        TIMED_OUT("Timed out", true),
        UNREACHABLE("Network unreachable", true),
        HOST_KEY_CHANGED("The server's host key has changed", false),
        HOST_KEY_REVOKED("The server's host key is revoked", false),
        AUTH_FAILED("Authentication failed", true),
        KEY_FILE("Cannot use the key file", true),
        CANCELLED("Cancelled", true),
        CLOSED("The server closed the connection", true),
        PROTOCOL("SSH error", true);

        private final String title;
        private final boolean retryable;

        Kind(String title, boolean retryable) {
            this.title = title;
            this.retryable = retryable;
        }

        public String title() {
            return title;
        }

        /**
         * Whether a Retry button is offered: retrying can help. A changed host key must be dealt with
         * outside the app first.
         */
        public boolean retryable() {
            return retryable;
        }

        /**
         * Whether only a person can get past this failure: refused credentials, an unusable key file, a
         * cancelled question, a changed or revoked host key. An automatic reconnect never retries these
         * by itself.
         */
        public boolean needsPerson() {
            return this == AUTH_FAILED || this == KEY_FILE || this == CANCELLED || this == HOST_KEY_CHANGED
                    || this == HOST_KEY_REVOKED;
        }
    }

    private final Kind kind;
    private final transient HostKeyCheck hostKeyCheck;

    public ConnectFailure(Kind kind, String message, Throwable cause) {
        this(kind, message, cause, null);
    }

    ConnectFailure(Kind kind, String message, Throwable cause, HostKeyCheck hostKeyCheck) {
        super(message, cause);
        this.kind = kind;
        this.hostKeyCheck = hostKeyCheck;
    }

    public Kind kind() {
        return kind;
    }

    /** For host-key failures: the presented key and the known_hosts line it conflicts with. */
    public Optional<HostKeyCheck> hostKeyCheck() {
        return Optional.ofNullable(hostKeyCheck);
    }
}
