package dev.holdfast.ssh.agent;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Finds the SSH agent to use, in the order the clients on each system use:
 * <ol>
 *   <li>the system property {@code holdfast.sshAuthSock}, then the environment's {@code SSH_AUTH_SOCK}: a Unix
 *       socket's path, or on Windows a named pipe's ({@code \\.\pipe\name}, as OpenSSH for Windows accepts
 *       there too);</li>
 *   <li>on Windows with neither set: the pipe of OpenSSH for Windows' agent service,
 *       {@code \\.\pipe\openssh-ssh-agent}, when it is there;</li>
 *   <li>then Pageant's pipe (Pageant 0.75 and later): {@code \\.\pipe\pageant.<user>.<hash>}, where the hash is
 *       made with Windows' own {@code CryptProtectMemory} and cannot be computed without native code, so the pipe
 *       is found by listing {@code \\.\pipe\} for the user's {@code pageant.<user>.} name.</li>
 * </ol>
 * Pageant before 0.75 answers only window messages ({@code WM_COPYDATA}), which need native code: not supported.
 * On macOS, {@code SSH_AUTH_SOCK} is set by launchd for the system's agent and is read as on Linux. Pure: the
 * system, the settings and the pipe listing are given, so that every case is tested on any system.
 */
public final class AgentLocator {
    /** The pipe of the agent service that comes with OpenSSH for Windows. */
    public static final String OPENSSH_WINDOWS_PIPE = "\\\\.\\pipe\\openssh-ssh-agent";
    static final String PIPE_PREFIX = "\\\\.\\pipe\\";

    private final boolean windows;
    private final Function<String, String> properties;
    private final Function<String, String> environment;
    private final Supplier<List<String>> pipes;

    /**
     * @param windows whether this is Windows
     * @param properties system properties by name (null when not set)
     * @param environment environment variables by name (null when not set)
     * @param pipes the names in {@code \\.\pipe\} (Windows only; may be slow, asked only when needed)
     */
    public AgentLocator(boolean windows, Function<String, String> properties, Function<String, String> environment,
                        Supplier<List<String>> pipes) {
        this.windows = windows;
        this.properties = properties;
        this.environment = environment;
        this.pipes = pipes;
    }

    /** This process's own system, properties, environment and pipes. */
    public static AgentLocator system() {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        return new AgentLocator(windows, System::getProperty, System::getenv, AgentLocator::listPipes);
    }

    /** Where the agent is, if one is found; see the class comment for the order. */
    public Optional<AgentEndpoint> find() {
        String set = properties.apply("holdfast.sshAuthSock");
        if (set == null || set.isBlank()) {
            set = environment.apply("SSH_AUTH_SOCK");
        }
        if (set != null && !set.isBlank()) {
            return Optional.of(endpoint(set.strip()));
        }
        if (!windows) {
            return Optional.empty();
        }
        List<String> names = pipes.get();
        if (names.stream().anyMatch(n -> n.equalsIgnoreCase("openssh-ssh-agent"))) {
            return Optional.of(new AgentEndpoint.WindowsPipe(OPENSSH_WINDOWS_PIPE));
        }
        String user = environment.apply("USERNAME");
        if (user == null || user.isBlank()) {
            user = properties.apply("user.name");
        }
        if (user != null && !user.isBlank()) {
            String prefix = ("pageant." + user + ".").toLowerCase(Locale.ROOT);
            Optional<String> pageant = names.stream().filter(n -> n.toLowerCase(Locale.ROOT).startsWith(prefix)
                    && n.length() > prefix.length()).sorted().findFirst();
            if (pageant.isPresent()) {
                return Optional.of(new AgentEndpoint.WindowsPipe(PIPE_PREFIX + pageant.get()));
            }
        }
        return Optional.empty();
    }

    /** What the search looked at, for a message when none is found. */
    public String whereLooked() {
        return windows ? "SSH_AUTH_SOCK is not set, and neither OpenSSH's agent service (" + OPENSSH_WINDOWS_PIPE
                + ") nor Pageant 0.75 or later is running" : "SSH_AUTH_SOCK is not set";
    }

    /** A setting's value as an endpoint: a named pipe when it names one, on Windows; else a socket's path. */
    AgentEndpoint endpoint(String value) {
        if (windows) {
            String slashes = value.replace('/', '\\');
            if (slashes.regionMatches(true, 0, PIPE_PREFIX, 0, PIPE_PREFIX.length())) {
                return new AgentEndpoint.WindowsPipe(PIPE_PREFIX + slashes.substring(PIPE_PREFIX.length()));
            }
        }
        return new AgentEndpoint.UnixSocket(Path.of(value));
    }

    /** The names in Windows' pipe namespace; empty where it cannot be listed. */
    private static List<String> listPipes() {
        try (java.nio.file.DirectoryStream<Path> names = java.nio.file.Files.newDirectoryStream(Path.of(PIPE_PREFIX))) {
            List<String> found = new java.util.ArrayList<>();
            for (Path name : names) {
                found.add(name.getFileName() == null ? name.toString() : name.getFileName().toString());
            }
            return found;
        } catch (java.io.IOException | RuntimeException e) {
            return List.of();
        }
    }
}
