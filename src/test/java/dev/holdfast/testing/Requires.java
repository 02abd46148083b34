package dev.holdfast.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.opentest4j.TestAbortedException;

/**
 * What a test needs from the machine: root, Debian's OpenSSH server, network namespaces with iptables.
 * Where it is missing the test is <em>skipped</em> with a message naming what is missing and how to get it
 * (a contributor without root running {@code mvn verify}); where the environment variable {@code CI} is set
 * it <em>fails</em> instead, so CI, which has everything, never silently stops running these tests.
 *
 * <p>Call it first in the test (or in {@code @BeforeAll}/{@code @BeforeEach}); the fixtures
 * {@link OpenSshServer} and {@link NetnsSshd} call it too.
 */
public final class Requires {
    static final String PACKAGES = "apt-get install -y openssh-server openssh-client iproute2 iptables";

    private Requires() {
    }

    /** The test runs as root (mounts, namespaces). */
    public static void root() {
        check("root", missingRoot(isRoot()));
    }

    /** Debian's {@code /usr/sbin/sshd} and {@code ssh-keygen} are installed. */
    public static void sshd() {
        check("Debian's OpenSSH server", missingSshd(Files::isExecutable, pathDirs()));
    }

    /** The OpenSSH client {@code ssh}, for tests that compare with what {@code ssh -G} reads. */
    public static void sshClient() {
        check("the OpenSSH client", find("ssh", Files::isExecutable, pathDirs()).isEmpty()
                ? List.of("the command ssh") : List.of());
    }

    /** Whether {@code command} is on the PATH. */
    public static boolean hasCommand(String command) {
        return find(command, Files::isExecutable, pathDirs()).isPresent();
    }

    /** Debian's {@code puttygen} (putty-tools), for the tests of PuTTY key files. */
    public static void puttygen() {
        check("PuTTY's key generator", find("puttygen", Files::isExecutable, pathDirs()).isEmpty()
                ? List.of("the command puttygen (apt-get install -y putty-tools)") : List.of());
    }

    /** Debian's {@code tmux} and {@code screen}, for the tests of resumed remote sessions. */
    public static void multiplexers() {
        List<String> missing = new ArrayList<>();
        for (String command : List.of("tmux", "screen")) {
            if (find(command, Files::isExecutable, pathDirs()).isEmpty()) {
                missing.add("the command " + command + " (apt-get install -y " + command + ")");
            }
        }
        check("tmux and GNU screen", missing);
    }

    /** Root, sshd and the OpenSSH client, {@code ip} (iproute2) and {@code iptables}: a namespace to blackhole. */
    public static void netns() {
        List<String> missing = new ArrayList<>(missingRoot(isRoot()));
        missing.addAll(missingSshd(Files::isExecutable, pathDirs()));
        for (String command : List.of("ssh", "ip", "iptables", "iptables-restore")) {
            if (find(command, Files::isExecutable, pathDirs()).isEmpty()) {
                missing.add("the command " + command);
            }
        }
        check("network namespaces with iptables", missing);
    }

    private static void check(String what, List<String> missing) {
        Decision decision = decide(System.getenv("CI"), what, missing);
        switch (decision.outcome()) {
            case RUN -> {
            }
            case SKIP -> throw new TestAbortedException(decision.message());
            case FAIL -> throw new AssertionError(decision.message());
        }
    }

    /** Run, skip or fail, and why. */
    enum Outcome { RUN, SKIP, FAIL }

    record Decision(Outcome outcome, String message) {
    }

    /**
     * The decision, apart from the machine: run when nothing is missing; otherwise skip, or fail when
     * {@code ci} (the value of {@code CI}) is set to anything but empty or {@code false}.
     */
    static Decision decide(String ci, String what, List<String> missing) {
        if (missing.isEmpty()) {
            return new Decision(Outcome.RUN, "");
        }
        String message = "This test needs " + what + ", and this machine lacks " + String.join(", ", missing)
                + ". Run it as root after: " + PACKAGES;
        if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
            return new Decision(Outcome.FAIL, message + " (CI is set, so this fails instead of skipping)");
        }
        return new Decision(Outcome.SKIP, message + " (skipped; with CI set it fails)");
    }

    static List<String> missingRoot(boolean root) {
        return root ? List.of() : List.of("root (running as " + System.getProperty("user.name") + ")");
    }

    static List<String> missingSshd(Predicate<Path> executable, List<String> pathDirs) {
        List<String> missing = new ArrayList<>();
        if (!executable.test(OpenSshServer.SSHD)) {
            missing.add(OpenSshServer.SSHD.toString());
        }
        if (find("ssh-keygen", executable, pathDirs).isEmpty()) {
            missing.add("the command ssh-keygen");
        }
        return missing;
    }

    /** The command's absolute path, looked for on PATH and in the sbin directories root's PATH has. */
    static Optional<Path> find(String name, Predicate<Path> executable, List<String> pathDirs) {
        List<String> dirs = new ArrayList<>(pathDirs);
        dirs.addAll(List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        for (String dir : dirs) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (executable.test(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> pathDirs() {
        String path = System.getenv("PATH");
        return path == null ? List.of() : List.of(path.split(":"));
    }

    private static boolean isRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }
}
