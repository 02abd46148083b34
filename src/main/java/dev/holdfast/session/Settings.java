package dev.holdfast.session;

import dev.holdfast.keepalive.KeepaliveMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every setting a session can override and Default Settings hold. Seconds are whole seconds here and in
 * the settings file; code that uses them converts to {@link java.time.Duration}.
 */
public final class Settings {
    public static final Setting<String> HOST = new Setting<>("host", "Host", String.class, "",
            v -> v.isEmpty() ? Optional.empty() : FieldRules.host(v));
    public static final Setting<Integer> PORT = new Setting<>("port", "Port", Integer.class, 22,
            v -> FieldRules.range(v, 1, 65_535, "Port"));
    public static final Setting<String> USER = new Setting<>("user", "User", String.class, "",
            FieldRules::user);
    public static final Setting<AuthMethod> AUTH = new Setting<>("auth", "Authentication", AuthMethod.class,
            AuthMethod.PASSWORD, v -> Optional.empty());
    public static final Setting<String> KEY_FILE = new Setting<>("keyFile", "Private key file", String.class, "",
            FieldRules::keyFile);
    /** An OpenSSH user certificate for the key; empty uses {@code <key file>-cert.pub} when it exists. */
    public static final Setting<String> CERTIFICATE_FILE = new Setting<>("certificateFile", "Certificate file",
            String.class, "", FieldRules::keyFile);
    /** Whether the keys of the SSH agent at {@code SSH_AUTH_SOCK} are tried (for public-key authentication). */
    public static final Setting<AgentUse> AGENT = new Setting<>("agent", "SSH agent", AgentUse.class, AgentUse.FIRST,
            v -> Optional.empty());
    /** OpenSSH's {@code ForwardAgent}: the server may use the local agent's keys while the session is open. */
    public static final Setting<Boolean> FORWARD_AGENT = new Setting<>("forwardAgent", "Forward the agent",
            Boolean.class, Boolean.FALSE, v -> Optional.empty());
    /** OpenSSH's {@code ProxyJump}: {@code user@bastion:2222,user@inner}, the target reached from the last hop. */
    public static final Setting<String> PROXY_JUMP = new Setting<>("proxyJump", "Jump hosts", String.class, "",
            JumpHosts::check);
    /** Port forwards, one per line: {@code L 8080:db:5432}, {@code R 9000:localhost:3000}, {@code D 1080}. */
    public static final Setting<String> FORWARDS = new Setting<>("forwards", "Port forwards", String.class, "",
            PortForward::check);
    public static final Setting<Integer> CONNECT_TIMEOUT = new Setting<>("connectTimeoutSeconds",
            "Connect timeout", Integer.class, 15, v -> FieldRules.range(v, 1, 600, "Connect timeout"));

    public static final Setting<KeepaliveMode> KEEPALIVE_MODE = new Setting<>("keepaliveMode", "SSH keepalive",
            KeepaliveMode.class, KeepaliveMode.PROBE, v -> Optional.empty());
    public static final Setting<Integer> KEEPALIVE_INTERVAL = new Setting<>("keepaliveIntervalSeconds",
            "Interval", Integer.class, 15, FieldRules::keepaliveInterval);
    public static final Setting<Integer> KEEPALIVE_COUNT_MAX = new Setting<>("keepaliveCountMax", "CountMax",
            Integer.class, 3, v -> FieldRules.range(v, 1, FieldRules.MAX_COUNT_MAX, "CountMax"));
    public static final Setting<Boolean> TCP_KEEPALIVE = new Setting<>("tcpKeepalive", "TCP keepalive",
            Boolean.class, Boolean.TRUE, v -> Optional.empty());
    public static final Setting<Integer> TCP_KEEP_IDLE = new Setting<>("tcpKeepIdleSeconds", "Idle before first probe",
            Integer.class, 60, v -> FieldRules.range(v, 1, FieldRules.MAX_TCP_SECONDS, "Idle"));
    public static final Setting<Integer> TCP_KEEP_INTERVAL = new Setting<>("tcpKeepIntervalSeconds",
            "Interval between probes", Integer.class, 10,
            v -> FieldRules.range(v, 1, FieldRules.MAX_TCP_SECONDS, "Interval"));
    public static final Setting<Integer> TCP_KEEP_COUNT = new Setting<>("tcpKeepCount", "Unanswered probes",
            Integer.class, 6, v -> FieldRules.range(v, 1, FieldRules.MAX_TCP_COUNT, "Count"));

    public static final Setting<Integer> WAKE_CHECK = new Setting<>("wakeCheckSeconds",
            "Check after a wake or network change within", Integer.class, 5,
            v -> FieldRules.range(v, 1, 120, "Wake check"));
    public static final Setting<Boolean> LOG_PROBES = new Setting<>("logEveryProbe",
            "Log every probe and reply", Boolean.class, Boolean.FALSE, v -> Optional.empty());

    public static final Setting<Boolean> RECONNECT_AUTO = new Setting<>("reconnectAutomatically",
            "Reconnect automatically", Boolean.class, Boolean.FALSE, v -> Optional.empty());
    public static final Setting<Integer> RECONNECT_DELAY = new Setting<>("reconnectDelaySeconds",
            "First retry after", Integer.class, 5, v -> FieldRules.range(v, 1, 3600, "Delay"));
    public static final Setting<Integer> RECONNECT_ATTEMPTS = new Setting<>("reconnectMaxAttempts",
            "Attempts at most", Integer.class, 5, v -> FieldRules.range(v, 1, 100, "Attempts"));

    /** A shell in tmux or screen on the server survives a dropped connection and is resumed by a reconnect. */
    public static final Setting<RemoteSession> REMOTE_SESSION = new Setting<>("remoteSession", "Remote session",
            RemoteSession.class, RemoteSession.PLAIN, v -> Optional.empty());

    public static final Setting<Integer> FONT_SIZE = new Setting<>("fontSize", "Font size", Integer.class, 14,
            v -> FieldRules.range(v, 6, 72, "Font size"));
    public static final Setting<Integer> SCROLLBACK = new Setting<>("scrollbackLines", "Scrollback lines",
            Integer.class, 10_000, v -> FieldRules.range(v, 0, 1_000_000, "Scrollback"));
    public static final Setting<String> TERMINAL_TYPE = new Setting<>("terminalType", "Terminal type (TERM)",
            String.class, "xterm-256color", FieldRules::terminalType);
    public static final Setting<ColorScheme> COLOR_SCHEME = new Setting<>("colorScheme", "Colours",
            ColorScheme.class, ColorScheme.FOLLOW_THEME, v -> Optional.empty());
    /** A font family name; empty picks the first monospace font found on the system. */
    public static final Setting<String> FONT_FAMILY = new Setting<>("fontFamily", "Font", String.class, "",
            v -> v.length() > 200 ? Optional.of("Font name is too long") : Optional.empty());
    public static final Setting<Integer> LINE_SPACING = new Setting<>("lineSpacingPercent", "Line spacing",
            Integer.class, 100, v -> FieldRules.range(v, 80, 200, "Line spacing"));
    public static final Setting<Integer> PADDING = new Setting<>("terminalPadding", "Inner padding",
            Integer.class, 6, v -> FieldRules.range(v, 0, 48, "Padding"));

    public static final Setting<Boolean> SESSION_LOG = new Setting<>("sessionLog", "Log session output",
            Boolean.class, Boolean.FALSE, v -> Optional.empty());
    /** The log file's name: {@code &H} host, {@code &Y&M&D} date, {@code &T} time, {@code ~/} home. */
    public static final Setting<String> SESSION_LOG_FILE = new Setting<>("sessionLogFile", "Log file",
            String.class, "~/holdfast-logs/&H-&Y&M&D-&T.log",
            v -> v.isBlank() ? Optional.of("Enter a file name") : Optional.empty());
    public static final Setting<Boolean> SESSION_LOG_APPEND = new Setting<>("sessionLogAppend",
            "Append to an existing log", Boolean.class, Boolean.TRUE, v -> Optional.empty());

    /** All settings, in the order the editor shows them. */
    public static final List<Setting<?>> ALL = List.of(HOST, PORT, USER, AUTH, KEY_FILE,
            CERTIFICATE_FILE, AGENT, FORWARD_AGENT, PROXY_JUMP, FORWARDS, CONNECT_TIMEOUT,
            KEEPALIVE_MODE, KEEPALIVE_INTERVAL, KEEPALIVE_COUNT_MAX,
            TCP_KEEPALIVE, TCP_KEEP_IDLE, TCP_KEEP_INTERVAL, TCP_KEEP_COUNT, WAKE_CHECK, LOG_PROBES,
            RECONNECT_AUTO, RECONNECT_DELAY, RECONNECT_ATTEMPTS, REMOTE_SESSION,
            FONT_SIZE, SCROLLBACK, TERMINAL_TYPE,
            COLOR_SCHEME, FONT_FAMILY, LINE_SPACING, PADDING, SESSION_LOG, SESSION_LOG_FILE, SESSION_LOG_APPEND);

    private static final Map<String, Setting<?>> BY_KEY = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(Setting::key, Function.identity()));

    private Settings() {
    }

    public static Optional<Setting<?>> byKey(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }
}
