package dev.holdfast.ssh;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.common.SSHException;
import net.schmizz.sshj.transport.TransportException;

/**
 * Turns what SSHJ and the JDK throw into plain words for the person: why a connection could not be made,
 * and why a live one dropped. Pure functions, no I/O; any thread.
 */
public final class FailureExplainer {
    private FailureExplainer() {
    }

    /**
     * What the attempt knew when it failed, beyond the exception.
     *
     * @param cancelled the attempt was cancelled (by the person or the app)
     * @param deadlineFired the handshake deadline closed the socket
     * @param refusedHostKey the host-key gate refused a changed or revoked key, or one it could not check
     * @param hostKeyDeclined the person did not accept an unknown host key
     */
    public record Circumstances(boolean cancelled, boolean deadlineFired, Optional<HostKeyCheck> refusedHostKey,
                                boolean hostKeyDeclined) {
        /** Nothing known beyond the exception. */
        public static Circumstances none() {
            return new Circumstances(false, false, Optional.empty(), false);
        }
    }

    /**
     * Why a connection attempt failed, in words for the person who asked for it. The circumstances come
     * first: a cancel, a refused or declined host key, or the handshake deadline explain any exception
     * they caused. Then the exception's type decides.
     */
    public static ConnectFailure explain(Throwable e, ConnectSpec spec, Circumstances known) {
        if (e instanceof CancelledByUser || known.cancelled()) {
            return new ConnectFailure(ConnectFailure.Kind.CANCELLED, "Connecting was cancelled.", null);
        }
        if (known.refusedHostKey().isPresent()) {
            HostKeyCheck check = known.refusedHostKey().get();
            if (check.verdict() == HostKeyCheck.Verdict.UNVERIFIABLE) {
                return new ConnectFailure(ConnectFailure.Kind.HOST_KEY_UNVERIFIABLE,
                        HostKeyTexts.unverifiableMessage(check, spec), e, check);
            }
            ConnectFailure.Kind kind = switch (check.verdict()) {
                case REVOKED -> ConnectFailure.Kind.HOST_KEY_REVOKED;
                case INVALID_CERTIFICATE -> ConnectFailure.Kind.HOST_CERTIFICATE_INVALID;
                default -> ConnectFailure.Kind.HOST_KEY_CHANGED;
            };
            return new ConnectFailure(kind, HostKeyTexts.failureMessage(check, spec), e, check);
        }
        if (known.hostKeyDeclined()) {
            return new ConnectFailure(ConnectFailure.Kind.CANCELLED,
                    "You did not accept the host key of " + spec.endpoint() + ", so nothing was sent.", null);
        }
        String where = spec.endpoint();
        if (known.deadlineFired()) {
            return new ConnectFailure(ConnectFailure.Kind.TIMED_OUT, where + " accepted the connection but did not "
                    + "complete the SSH handshake within " + spec.connectTimeout().toSeconds() + " s.", e);
        }
        Throwable root = rootCause(e);
        if (root instanceof UnknownHostException) {
            return new ConnectFailure(ConnectFailure.Kind.UNKNOWN_HOST, "No host called \"" + spec.host()
                    + "\" could be found. Check the name, or your network's DNS.", e);
        }
        if (root instanceof NoRouteToHostException) {
            return new ConnectFailure(ConnectFailure.Kind.UNREACHABLE, "There is no route to " + where
                    + ". Check the address and your network.", e);
        }
        if (root instanceof ConnectException) {
            // ConnectException covers refused, unreachable and timed out alike: only its message tells them apart
            String message = String.valueOf(root.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("unreachable")) {
                return new ConnectFailure(ConnectFailure.Kind.UNREACHABLE, "The network to " + where
                        + " is unreachable.", e);
            }
            if (message.contains("timed out")) {
                return timedOut(e, spec);
            }
            return new ConnectFailure(ConnectFailure.Kind.REFUSED, where + " refused the connection: no SSH "
                    + "server is listening on port " + spec.port() + ", or a firewall rejects it.", e);
        }
        if (isTimeout(e)) {
            return timedOut(e, spec);
        }
        if (disconnectReason(e) != DisconnectReason.UNKNOWN) {
            return new ConnectFailure(ConnectFailure.Kind.CLOSED, "The server at " + where
                    + " ended the connection: " + describe(e), e);
        }
        if (root instanceof EOFException || root instanceof SocketException || isSshjEof(root)) {
            return new ConnectFailure(ConnectFailure.Kind.CLOSED, "The server at " + where
                    + " closed the connection during the handshake (" + describe(e) + ").", e);
        }
        return new ConnectFailure(ConnectFailure.Kind.PROTOCOL, "Connecting to " + where + " failed: "
                + describe(e), e);
    }

    private static ConnectFailure timedOut(Throwable e, ConnectSpec spec) {
        return new ConnectFailure(ConnectFailure.Kind.TIMED_OUT, spec.endpoint() + " did not answer within "
                + spec.connectTimeout().toSeconds() + " s.", e);
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            // SSHJ's Promise chains a TimeoutException under its own SSHException when a reply is late
            if (t instanceof TimeoutException || t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The plain-words cause of a connection that dropped while live, from the error that ended the
     * shell's stream.
     *
     * @param error what reading the shell's output threw; null when it simply ended (EOF)
     */
    public static String drop(Throwable error) {
        if (error == null) {
            return "The server closed the connection.";
        }
        DisconnectReason reason = disconnectReason(error);
        if (reason == DisconnectReason.BY_APPLICATION) {
            return "The server closed the connection" + detail(error) + ".";
        }
        if (reason != DisconnectReason.UNKNOWN) {
            return "The connection ended (" + words(reason) + ")" + detail(error) + ".";
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof EOFException || isSshjEof(t)) {
                return "The server closed the connection.";
            }
            if (t instanceof SocketException) {
                // The JDK has no exception type for these two: its message is all it gives.
                String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
                if (message.contains("connection reset")) {
                    return "Connection reset by the server.";
                }
                if (message.contains("broken pipe")) {
                    return "The connection broke while sending (broken pipe).";
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return "The connection dropped: " + describe(error);
    }

    /**
     * SSHJ turns a TCP end of stream into a plain TransportException with no reason and no cause (in its
     * Reader, and in the identification exchange): its message is the only sign of it.
     */
    private static boolean isSshjEof(Throwable t) {
        if (!(t instanceof TransportException) || t.getCause() != null) {
            return false;
        }
        String message = String.valueOf(t.getMessage());
        // Reader.run, and TransportImpl's identification exchange when the server closes before its banner
        return message.endsWith("encountered EOF") || message.startsWith("Server closed connection during identification");
    }

    /** The first reason SSHJ attached anywhere in the cause chain, or UNKNOWN. */
    static DisconnectReason disconnectReason(Throwable error) {
        for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SSHException e && e.getDisconnectReason() != DisconnectReason.UNKNOWN) {
                return e.getDisconnectReason();
            }
        }
        return DisconnectReason.UNKNOWN;
    }

    /** ": message" from the exception that carries the disconnect reason, or nothing. */
    private static String detail(Throwable error) {
        for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SSHException e && e.getDisconnectReason() != DisconnectReason.UNKNOWN) {
                String message = e.getMessage();
                return message == null || message.isBlank() ? "" : ": " + message.strip();
            }
        }
        return "";
    }

    private static String words(DisconnectReason reason) {
        return reason.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** The most telling message in the chain: SSHJ's own, else the root cause's, else its type. */
    static String describe(Throwable e) {
        Throwable root = rootCause(e);
        String message = root.getMessage();
        if (e instanceof SSHException && e.getMessage() != null) {
            message = e.getMessage();
        }
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
