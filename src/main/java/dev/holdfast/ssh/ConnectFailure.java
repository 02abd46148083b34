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
        /** A host certificate that cannot be read or whose CA signature is wrong: OpenSSH drops these too. */
        HOST_CERTIFICATE_INVALID("The server's host certificate is not valid", false),
        /** A known_hosts file exists but cannot be read, so the key could not be checked against it. */
        HOST_KEY_UNVERIFIABLE("Cannot check the server's host key", true),
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
         * Whether to offer a Retry button: retrying by hand can help. A changed or revoked host key must be
         * dealt with outside the app first, so it offers none. An unreadable known_hosts file
         * ({@link #HOST_KEY_UNVERIFIABLE}) is retryable: once the person has fixed the file, Retry works.
         */
        public boolean retryable() {
            return retryable;
        }

        /**
         * Whether only a person can get past this failure: wrong credentials, an unusable key file, a
         * cancel, a changed or revoked host key, or a known_hosts file that cannot be read (retrying
         * changes nothing until someone fixes it). An automatic reconnect must never retry these by
         * itself (it would re-ask for secrets, lock accounts, or hammer at a possible attack); network
         * failures ({@link #REFUSED}, {@link #TIMED_OUT}, ...) are fair game for it.
         */
        public boolean needsPerson() {
            return switch (this) {
                case AUTH_FAILED, KEY_FILE, CANCELLED, HOST_KEY_CHANGED, HOST_KEY_REVOKED, HOST_CERTIFICATE_INVALID,
                        HOST_KEY_UNVERIFIABLE -> true;
                default -> false;
            };
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
