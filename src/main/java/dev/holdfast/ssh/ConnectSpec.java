package dev.holdfast.ssh;

import dev.holdfast.keepalive.KeepalivePolicy;
import dev.holdfast.keepalive.TcpKeepalive;
import dev.holdfast.session.AuthMethod;
import dev.holdfast.session.EffectiveSettings;
import dev.holdfast.session.FieldRules;
import dev.holdfast.session.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything one connection needs, taken from a session's effective settings when it is opened.
 *
 * @param sessionName the saved session's name, for messages
 * @param host host name or IP literal (IPv6 without brackets)
 * @param port TCP port
 * @param user login name; empty means the local user's name
 * @param auth how to authenticate
 * @param keyFile the private key for {@link AuthMethod#PUBLIC_KEY}; empty tries the usual OpenSSH files
 * @param connectTimeout limit for the TCP connect and for the key exchange
 * @param terminalType the TERM sent with the PTY request
 * @param tcpKeepalive the socket's TCP keepalive settings
 */
public record ConnectSpec(String sessionName, String host, int port, String user, AuthMethod auth,
                          Optional<Path> keyFile, Duration connectTimeout, String terminalType,
                          TcpKeepalive tcpKeepalive) {

    /** Without TCP keepalive. */
    public ConnectSpec(String sessionName, String host, int port, String user, AuthMethod auth,
                       Optional<Path> keyFile, Duration connectTimeout, String terminalType) {
        this(sessionName, host, port, user, auth, keyFile, connectTimeout, terminalType, TcpKeepalive.OFF);
    }

    public static ConnectSpec from(EffectiveSettings settings) {
        String host = settings.get(Settings.HOST).trim();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String user = settings.get(Settings.USER).trim();
        String keyFile = settings.get(Settings.KEY_FILE).trim();
        return new ConnectSpec(settings.profile().name(), host, settings.get(Settings.PORT),
                user.isEmpty() ? System.getProperty("user.name", "") : user, settings.get(Settings.AUTH),
                keyFile.isEmpty() ? Optional.empty() : Optional.of(Path.of(FieldRules.expandHome(keyFile))),
                Duration.ofSeconds(settings.get(Settings.CONNECT_TIMEOUT)), settings.get(Settings.TERMINAL_TYPE),
                new TcpKeepalive(settings.get(Settings.TCP_KEEPALIVE), settings.get(Settings.TCP_KEEP_IDLE),
                        settings.get(Settings.TCP_KEEP_INTERVAL), settings.get(Settings.TCP_KEEP_COUNT)));
    }

    /** The session's SSH keepalive settings. */
    public static KeepalivePolicy keepalivePolicy(EffectiveSettings settings) {
        return new KeepalivePolicy(settings.keepaliveMode(), settings.keepaliveInterval(),
                settings.get(Settings.KEEPALIVE_COUNT_MAX));
    }

    /** {@code user@host:port} as people write it, brackets around IPv6 literals. */
    public String target() {
        String shownHost = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return user + "@" + shownHost + (port == 22 ? "" : ":" + port);
    }

    /** {@code host:port}, for host-key questions and messages. */
    public String endpoint() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
