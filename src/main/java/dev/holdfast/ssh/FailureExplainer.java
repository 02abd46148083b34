package dev.holdfast.ssh;

import java.io.EOFException;
import java.net.SocketException;
import java.util.Locale;
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
     * SSHJ's reader turns a TCP end of stream into a plain TransportException with no reason and no cause
     * (net.schmizz.sshj.transport.Reader): its message is the only sign of it.
     */
    private static boolean isSshjEof(Throwable t) {
        return t instanceof TransportException && t.getCause() == null
                && String.valueOf(t.getMessage()).endsWith("encountered EOF");
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
