package dev.holdfast.ssh.forward;

import dev.holdfast.session.PortForward;
import java.io.IOException;
import java.net.BindException;
import java.net.UnknownHostException;
import java.util.Locale;
import net.schmizz.sshj.connection.channel.OpenFailException;

/** What went wrong with a forward, in words for a person. Pure; any thread. */
final class ForwardWords {
    private ForwardWords() {
    }

    /** A listening socket here could not be opened. */
    static String bindFailed(PortForward forward, IOException e) {
        int port = forward.bindPort();
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (e instanceof UnknownHostException) {
            return "the listening address " + forward.bindAddress() + " is not known on this computer";
        }
        if (e instanceof BindException || message.contains("in use") || message.contains("permission")
                || message.contains("assign")) {
            if (message.contains("permission") || message.contains("denied")) {
                return port < 1024 ? "port " + port + " is not allowed: ports below 1024 need administrator rights"
                        : "listening on port " + port + " is not allowed on this computer";
            }
            if (message.contains("assign")) {
                return "the listening address " + forward.bindAddress() + " is not an address of this computer";
            }
            return "port " + port + " is already in use on this computer";
        }
        return "could not listen on port " + port + " on this computer (" + firstLower(e.getMessage()) + ")";
    }

    /** Whether binding failed because something else listens on that port. */
    static boolean inUse(IOException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return e instanceof BindException && message.contains("in use");
    }

    /** The server answered no to tcpip-forward (or did not answer). */
    static String remoteRefused(PortForward forward) {
        String where = forward.bindPort() == 0 ? "on a port of its choice" : "on port " + forward.bindPort();
        return "the server refused to listen " + where + " (its AllowTcpForwarding or PermitListen settings)";
    }

    /** The server could not open a direct-tcpip channel to {@code host:port}. */
    static String channelFailed(String host, int port, IOException e) {
        String target = bracket(host) + ":" + port;
        if (e instanceof OpenFailException open) {
            if (open.getReason() == OpenFailException.Reason.ADMINISTRATIVELY_PROHIBITED) {
                return "the server does not allow connections to " + target
                        + " (its AllowTcpForwarding or PermitOpen settings)";
            }
            String why = open.getMessage() == null || open.getMessage().isBlank() ? "" : ": "
                    + firstLower(serverReason(open.getMessage()));
            return "the server could not reach " + target + why;
        }
        return "the connection to " + target + " through the server failed: " + firstLower(e.getMessage());
    }

    /** This computer could not connect to a remote forward's destination. */
    static String localTargetFailed(String host, int port, IOException e) {
        return "this computer could not reach " + bracket(host) + ":" + port + ": " + firstLower(socketReason(e));
    }

    /** A SOCKS reply code (RFC 1928 section 6) for a channel that could not be opened. */
    /** The SOCKS5 reply for a connection this computer could not make (a remote SOCKS proxy's destination). */
    static int socksReplyHere(IOException e) {
        if (e instanceof java.net.ConnectException) {
            String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            return message.contains("network is unreachable") ? Socks5.NETWORK_UNREACHABLE
                    : message.contains("refused") ? Socks5.REFUSED : Socks5.HOST_UNREACHABLE;
        }
        if (e instanceof java.net.UnknownHostException || e instanceof java.net.NoRouteToHostException
                || e instanceof java.net.SocketTimeoutException) {
            return Socks5.HOST_UNREACHABLE;
        }
        return Socks5.GENERAL_FAILURE;
    }

    static int socksReply(IOException e) {
        if (e instanceof OpenFailException open) {
            if (open.getReason() == OpenFailException.Reason.ADMINISTRATIVELY_PROHIBITED) {
                return Socks5.NOT_ALLOWED;
            }
            String message = String.valueOf(open.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("refused")) {
                return Socks5.REFUSED;
            }
            if (message.contains("network is unreachable")) {
                return Socks5.NETWORK_UNREACHABLE;
            }
            if (message.contains("unreachable") || message.contains("no route") || message.contains("not known")
                    || message.contains("resolve") || message.contains("nodename") || message.contains("timed out")
                    || message.contains("name")) {
                return Socks5.HOST_UNREACHABLE;
            }
        }
        return Socks5.GENERAL_FAILURE;
    }

    /** OpenSSH's text for a failed open, without its "open failed: connect failed:" prefixes. */
    private static String serverReason(String message) {
        String text = message.strip();
        for (String prefix : new String[] {"open failed", "connect failed", ":"}) {
            while (text.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                text = text.substring(prefix.length()).strip();
                if (text.startsWith(":")) {
                    text = text.substring(1).strip();
                }
            }
        }
        return text.isEmpty() ? message.strip() : text;
    }

    private static String socketReason(IOException e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e instanceof UnknownHostException ? "unknown host" : "no reason given";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + message;
        }
        int paren = message.indexOf(" (");
        return paren > 0 ? message.substring(0, paren) : message;
    }

    static String firstLower(String text) {
        if (text == null || text.isEmpty()) {
            return "no reason given";
        }
        if (text.length() > 1 && Character.isUpperCase(text.charAt(1))) {
            return text; // an acronym
        }
        return Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    static String bracket(String host) {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }
}
