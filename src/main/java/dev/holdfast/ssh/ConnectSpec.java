package dev.holdfast.ssh;

import dev.holdfast.keepalive.KeepalivePolicy;
import dev.holdfast.keepalive.TcpKeepalive;
import dev.holdfast.session.AgentUse;
import dev.holdfast.session.AuthMethod;
import dev.holdfast.session.EffectiveSettings;
import dev.holdfast.session.FieldRules;
import dev.holdfast.session.JumpHosts;
import dev.holdfast.session.Parsed;
import dev.holdfast.session.PortForward;
import dev.holdfast.session.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * @param access the agent, certificate, jump hosts and port forwards
 */
public record ConnectSpec(String sessionName, String host, int port, String user, AuthMethod auth,
                          Optional<Path> keyFile, Duration connectTimeout, String terminalType,
                          TcpKeepalive tcpKeepalive, Access access) {

    /**
     * What a connection uses besides its own host and credentials.
     *
     * @param agent whether the SSH agent's keys are tried for public-key authentication
     * @param forwardAgent whether the server may use the agent (OpenSSH's {@code ForwardAgent})
     * @param certificateFile the user certificate to present with the key; empty: {@code <key>-cert.pub} if present
     * @param jumps the jump hosts, first to last; empty for a direct connection
     * @param forwards the port forwards to open once connected
     */
    public record Access(AgentUse agent, boolean forwardAgent, Optional<Path> certificateFile,
                         List<JumpHosts.Hop> jumps, List<PortForward> forwards) {
        /** No agent, no certificate file, direct, no forwards. */
        public static final Access NONE = new Access(AgentUse.OFF, false, Optional.empty(), List.of(), List.of());

        public Access {
            jumps = List.copyOf(jumps);
            forwards = List.copyOf(forwards);
        }

        public Access withAgent(AgentUse use, boolean forward) {
            return new Access(use, forward, certificateFile, jumps, forwards);
        }

        public Access withCertificateFile(Optional<Path> file) {
            return new Access(agent, forwardAgent, file, jumps, forwards);
        }

        public Access withJumps(List<JumpHosts.Hop> hops) {
            return new Access(agent, forwardAgent, certificateFile, hops, forwards);
        }

        public Access withForwards(List<PortForward> list) {
            return new Access(agent, forwardAgent, certificateFile, jumps, list);
        }
    }

    /** Direct, without the agent, certificate files or forwards. */
    public ConnectSpec(String sessionName, String host, int port, String user, AuthMethod auth,
                       Optional<Path> keyFile, Duration connectTimeout, String terminalType,
                       TcpKeepalive tcpKeepalive) {
        this(sessionName, host, port, user, auth, keyFile, connectTimeout, terminalType, tcpKeepalive, Access.NONE);
    }

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
        String certificate = settings.get(Settings.CERTIFICATE_FILE).trim();
        Parsed<List<JumpHosts.Hop>> jumps = JumpHosts.parse(settings.get(Settings.PROXY_JUMP));
        Parsed<List<PortForward>> forwards = PortForward.parseAll(settings.get(Settings.FORWARDS));
        Access access = new Access(settings.get(Settings.AGENT), settings.get(Settings.FORWARD_AGENT),
                certificate.isEmpty() ? Optional.empty() : Optional.of(Path.of(FieldRules.expandHome(certificate))),
                jumps.isOk() ? jumps.value() : List.of(), forwards.isOk() ? forwards.value() : List.of());
        return new ConnectSpec(settings.profile().name(), host, settings.get(Settings.PORT),
                user.isEmpty() ? System.getProperty("user.name", "") : user, settings.get(Settings.AUTH),
                keyFile.isEmpty() ? Optional.empty() : Optional.of(Path.of(FieldRules.expandHome(keyFile))),
                Duration.ofSeconds(settings.get(Settings.CONNECT_TIMEOUT)), settings.get(Settings.TERMINAL_TYPE),
                new TcpKeepalive(settings.get(Settings.TCP_KEEPALIVE), settings.get(Settings.TCP_KEEP_IDLE),
                        settings.get(Settings.TCP_KEEP_INTERVAL), settings.get(Settings.TCP_KEEP_COUNT)), access);
    }

    /** The same connection with other access settings. */
    public ConnectSpec withAccess(Access other) {
        return new ConnectSpec(sessionName, host, port, user, auth, keyFile, connectTimeout, terminalType,
                tcpKeepalive, other);
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
