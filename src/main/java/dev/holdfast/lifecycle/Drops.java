package dev.holdfast.lifecycle;

/** TEMPORARY until ssh.FailureExplainer lands: the plain-words cause of a drop. */
final class Drops {
    private Drops() {
    }

    static String cause(Throwable error) {
        if (error == null) {
            return "The server closed the connection.";
        }
        String message = String.valueOf(error.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (message.contains("reset")) {
            return "Connection reset by the server.";
        }
        if (message.contains("eof") || message.contains("closed")) {
            return "The server closed the connection.";
        }
        if (message.contains("broken pipe")) {
            return "The connection broke while sending (broken pipe).";
        }
        return "The connection dropped: " + error.getMessage();
    }
}
