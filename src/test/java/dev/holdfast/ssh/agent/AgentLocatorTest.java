package dev.holdfast.ssh.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Where the agent is looked for, on each system, with the properties, environment and Windows pipe listing given:
 * the setting first, then on Windows OpenSSH's agent service and Pageant's per-user pipe, and nothing else.
 */
class AgentLocatorTest {
    private final Map<String, String> properties = new HashMap<>();
    private final Map<String, String> environment = new HashMap<>();
    private final AtomicInteger listings = new AtomicInteger();

    private Optional<AgentEndpoint> find(boolean windows, String... pipes) {
        return new AgentLocator(windows, properties::get, environment::get, () -> {
            listings.incrementAndGet();
            return List.of(pipes);
        }).find();
    }

    @Test
    void onLinuxAndMacOsItIsSshAuthSockOrNothing() {
        assertEquals(Optional.empty(), find(false, "openssh-ssh-agent"), "no pipes off Windows");
        assertEquals(0, listings.get(), "and no listing");
        environment.put("SSH_AUTH_SOCK", "/run/user/1000/agent.sock");
        assertEquals(Optional.of(new AgentEndpoint.UnixSocket(Path.of("/run/user/1000/agent.sock"))), find(false));
        environment.put("SSH_AUTH_SOCK", "/private/tmp/com.apple.launchd.x/Listeners");
        assertEquals(Optional.of(new AgentEndpoint.UnixSocket(Path.of("/private/tmp/com.apple.launchd.x/Listeners"))),
                find(false), "macOS: launchd's socket, read the same way");
        environment.put("SSH_AUTH_SOCK", "   ");
        assertEquals(Optional.empty(), find(false), "blank is not set");
    }

    @Test
    void thePropertyComesBeforeTheEnvironment() {
        environment.put("SSH_AUTH_SOCK", "/from/env");
        properties.put("holdfast.sshAuthSock", "/from/property");
        assertEquals(Optional.of(new AgentEndpoint.UnixSocket(Path.of("/from/property"))), find(false));
        properties.put("holdfast.sshAuthSock", "");
        assertEquals(Optional.of(new AgentEndpoint.UnixSocket(Path.of("/from/env"))), find(false));
    }

    @Test
    void onWindowsSshAuthSockMayNameAPipeWithEitherSlash() {
        environment.put("SSH_AUTH_SOCK", "\\\\.\\pipe\\my-agent");
        assertEquals(Optional.of(new AgentEndpoint.WindowsPipe("\\\\.\\pipe\\my-agent")), find(true));
        environment.put("SSH_AUTH_SOCK", "//./pipe/openssh-ssh-agent");
        assertEquals(Optional.of(new AgentEndpoint.WindowsPipe(AgentLocator.OPENSSH_WINDOWS_PIPE)), find(true));
        environment.put("SSH_AUTH_SOCK", "\\\\.\\PIPE\\Upper");
        assertEquals(Optional.of(new AgentEndpoint.WindowsPipe("\\\\.\\pipe\\Upper")), find(true));
        environment.put("SSH_AUTH_SOCK", "C:\\Users\\me\\agent.sock");
        assertEquals(Optional.of(new AgentEndpoint.UnixSocket(Path.of("C:\\Users\\me\\agent.sock"))), find(true),
                "an AF_UNIX socket file on Windows");
        assertEquals(0, listings.get(), "a setting is used as it is, without a listing");
    }

    @Test
    void onWindowsWithNothingSetOpenSshsServiceComesBeforePageant() {
        environment.put("USERNAME", "Ada");
        assertEquals(Optional.of(new AgentEndpoint.WindowsPipe(AgentLocator.OPENSSH_WINDOWS_PIPE)),
                find(true, "pageant.Ada.0123abcd", "openssh-ssh-agent", "other"));
        assertEquals(Optional.of(new AgentEndpoint.WindowsPipe("\\\\.\\pipe\\pageant.Ada.0123abcd")),
                find(true, "InitShutdown", "pageant.Ada.0123abcd", "pageant.Bob.ffff"));
        assertEquals(Optional.of(new AgentEndpoint.WindowsPipe("\\\\.\\pipe\\pageant.ada.99")),
                find(true, "pageant.ada.99"), "Windows user names do not tell case apart");
    }

    @Test
    void anotherUsersPageantOrAPrefixAloneIsNotTaken() {
        environment.put("USERNAME", "Ada");
        assertEquals(Optional.empty(), find(true, "pageant.Bob.0123", "pageant.Adam.0123", "pageant.Ada.", "lsass"));
        environment.remove("USERNAME");
        properties.put("user.name", "Bob");
        assertEquals(Optional.of(new AgentEndpoint.WindowsPipe("\\\\.\\pipe\\pageant.Bob.0123")),
                find(true, "pageant.Bob.0123"), "the JVM's user name when USERNAME is not set");
        properties.remove("user.name");
        assertEquals(Optional.empty(), find(true, "pageant.Bob.0123"), "no user name, no Pageant guessed");
        assertEquals(Optional.empty(), find(true), "an empty listing (or one that failed)");
    }

    @Test
    void theWordsSayWhereItLooked() {
        AgentLocator linux = new AgentLocator(false, k -> null, k -> null, List::of);
        assertEquals("SSH_AUTH_SOCK is not set", linux.whereLooked());
        AgentLocator windows = new AgentLocator(true, k -> null, k -> null, List::of);
        assertTrue(windows.whereLooked().contains(AgentLocator.OPENSSH_WINDOWS_PIPE)
                && windows.whereLooked().contains("Pageant 0.75"), windows.whereLooked());
    }
}
