package dev.holdfast.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.session.AgentUse;
import dev.holdfast.session.AuthMethod;
import dev.holdfast.ssh.agent.AgentClient;
import dev.holdfast.testing.Await;
import dev.holdfast.testing.OpenSshServer;
import dev.holdfast.testing.Requires;
import dev.holdfast.testing.ScriptedInteraction;
import dev.holdfast.testing.SshKeys;
import dev.holdfast.testing.TestConnectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Public-key login through Debian's real {@code ssh-agent} (keys added with {@code ssh-add}) against Debian's
 * sshd: a key only the agent holds, an encrypted key file whose key the agent holds (no passphrase asked), RSA
 * signed with SHA-2, "only the agent" with a key the server refuses or with no agent, and "not used".
 */
class AgentIT {
    @TempDir
    Path dir;

    private OpenSshServer server;
    private Process agent;
    private Path socket;
    private KnownHosts knownHosts;

    @BeforeEach
    void start() throws Exception {
        Requires.sshd();
        server = OpenSshServer.start(dir.resolve("sshd"));
        knownHosts = new KnownHosts(List.of(), dir.resolve("known_hosts"));
        knownHosts.accept(server.host(), server.port(), server.hostKey("ed25519"));
        socket = dir.resolve("agent.sock");
        agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile()).start();
        Await.until("ssh-agent listens", Duration.ofSeconds(10), () -> Files.exists(socket) || !agent.isAlive());
        assertTrue(agent.isAlive(), () -> "ssh-agent exited: " + read(dir.resolve("agent.log")));
        System.setProperty("holdfast.sshAuthSock", socket.toString());
    }

    @AfterEach
    void stop() throws Exception {
        System.clearProperty("holdfast.sshAuthSock");
        if (agent != null) {
            agent.destroy();
            agent.waitFor(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
    }

    private void add(Path key) throws Exception {
        sshAdd(key.toString());
    }

    private void sshAdd(String argument) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("ssh-add", argument).redirectErrorStream(true);
        builder.environment().put("SSH_AUTH_SOCK", socket.toString());
        Process add = builder.start();
        add.getOutputStream().close();
        String out = new String(add.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(add.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, add.exitValue(), "ssh-add: " + out);
    }

    private SshConnection connect(Optional<Path> keyFile, AgentUse use, ScriptedInteraction interaction)
            throws ConnectFailure {
        return connect(keyFile, use, false, interaction);
    }

    private SshConnection connect(Optional<Path> keyFile, AgentUse use, boolean forward, ScriptedInteraction interaction)
            throws ConnectFailure {
        ConnectSpec spec = new ConnectSpec("agent", server.host(), server.port(), server.user(), AuthMethod.PUBLIC_KEY,
                keyFile, Duration.ofSeconds(10), "xterm-256color");
        spec = spec.withAccess(spec.access().withAgent(use, forward));
        return TestConnectors.connector(knownHosts, new SecretCache(), dir.resolve("no-ssh-dir"))
                .attempt(spec, interaction, 80, 24).run();
    }

    @Test
    void aKeyOnlyTheAgentHoldsLogsInWithNoKeyFile() throws Exception {
        for (String type : List.of("ed25519", "rsa", "ecdsa")) {
            Path key = SshKeys.generate(dir, "id_" + type, type, "");
            server.authorize(SshKeys.publicKey(key));
            add(key);
            String fingerprint = OpenSshServer.fingerprint(SshKeys.publicKey(key));
            Files.delete(key); // the agent's copy is the only one now
            try (SshConnection connection = connect(Optional.empty(), AgentUse.ONLY, new ScriptedInteraction())) {
                assertTrue(connection.isOpen());
            }
            server.awaitLog(Pattern.compile("Accepted publickey for " + Pattern.quote(server.user()) + " .*"
                    + Pattern.quote(fingerprint)), Duration.ofSeconds(10));
            sshAdd("-D"); // the next type alone in the agent
        }
        // Debian's OpenSSH 9.2 accepts no SHA-1 RSA signature (ssh-rsa is not in its PubkeyAcceptedAlgorithms), so
        // the RSA login above was signed by the agent with SHA-2
        assertTrue(server.findLog(Pattern.compile("(RSA|rsa-sha2-512).*SHA256:")).isPresent(), server.log());
    }

    @Test
    void anEncryptedKeyFileWhoseKeyTheAgentHoldsIsNotAskedForItsPassphrase() throws Exception {
        Path key = SshKeys.generate(dir, "id_locked", "ed25519", "secret passphrase");
        server.authorize(SshKeys.publicKey(key));
        addLocked(key, "secret passphrase");
        ScriptedInteraction interaction = new ScriptedInteraction();
        try (SshConnection connection = connect(Optional.of(key), AgentUse.FIRST, interaction)) {
            assertTrue(connection.isOpen());
        }
        assertEquals(List.of(), interaction.questions(), "the agent signed: no passphrase asked");
    }

    /** ssh-add of an encrypted key, its passphrase given by an askpass program. */
    private void addLocked(Path key, String passphrase) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", "ssh-add '" + key + "' < /dev/null")
                .redirectErrorStream(true);
        builder.environment().put("SSH_AUTH_SOCK", socket.toString());
        builder.environment().put("SSH_ASKPASS_REQUIRE", "force");
        Path askpass = Files.writeString(dir.resolve("askpass-" + key.getFileName()),
                "#!/bin/sh\necho '" + passphrase + "'\n");
        assertTrue(askpass.toFile().setExecutable(true));
        builder.environment().put("SSH_ASKPASS", askpass.toString());
        builder.environment().put("DISPLAY", ":0");
        Process add = builder.start();
        String out = new String(add.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(add.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, add.exitValue(), "ssh-add: " + out);
    }

    @Test
    void withNoPubFileTheKeyFilesOwnKeyIsOfferedFirstFromAFullAgent() throws Exception {
        // sshd allows 6 tries (MaxAuthTries): 6 other keys added before it would use them all up, in the agent's order
        for (int i = 0; i < 6; i++) {
            add(SshKeys.generate(dir, "id_other_" + i, "ed25519", ""));
        }
        Path key = SshKeys.generate(dir, "id_mine_nopub", "ed25519", "mine");
        server.authorize(SshKeys.publicKey(key));
        addLocked(key, "mine");
        Files.delete(SshKeys.publicKey(key)); // its public half comes from the key file itself
        ScriptedInteraction interaction = new ScriptedInteraction();
        try (SshConnection connection = connect(Optional.of(key), AgentUse.FIRST, interaction)) {
            assertTrue(connection.isOpen());
        }
        assertEquals(List.of(), interaction.questions(), "the agent signed: no passphrase asked");
        assertTrue(server.allLog(Pattern.compile("Failed publickey")).isEmpty(),
                "the key file's own key went first: " + server.allLog(Pattern.compile("publickey")));
    }

    @Test
    void withNoPubFileAKeyTheServerRefusedThroughTheAgentIsNotAskedForAgain() throws Exception {
        Path key = SshKeys.generate(dir, "id_refused_nopub", "ed25519", "locked");
        addLocked(key, "locked");
        Files.delete(SshKeys.publicKey(key));
        ScriptedInteraction interaction = new ScriptedInteraction();
        ConnectFailure failure = assertThrows(ConnectFailure.class,
                () -> connect(Optional.of(key), AgentUse.FIRST, interaction));
        assertEquals(ConnectFailure.Kind.AUTH_FAILED, failure.kind());
        assertEquals(List.of(), interaction.questions(), "refused once through the agent, its passphrase is not asked");
        assertTrue(failure.getMessage().contains(key.toString()), failure.getMessage());
    }

    @Test
    void anAgentFullOfKeysTheServerRefusesEndsInWordsAboutTheServersLimit() throws Exception {
        for (int i = 0; i < 7; i++) {
            add(SshKeys.generate(dir, "id_many_" + i, "ed25519", ""));
        }
        for (AgentUse use : List.of(AgentUse.ONLY, AgentUse.FIRST)) {
            ConnectFailure failure = assertThrows(ConnectFailure.class,
                    () -> connect(Optional.empty(), use, new ScriptedInteraction()));
            assertEquals(ConnectFailure.Kind.AUTH_FAILED, failure.kind(), failure.getMessage());
            assertTrue(failure.getMessage().matches(".*closed the connection while keys were being tried for "
                    + java.util.regex.Pattern.quote(server.user()) + " \\([67] offered, none accepted\\).*")
                    && failure.getMessage().contains("MaxAuthTries"), failure.getMessage());
        }
    }

    @Test
    void onlyTheAgentWithAKeyTheServerRefusesSaysSo() throws Exception {
        Path key = SshKeys.generate(dir, "id_stranger", "ed25519", "");
        add(key);
        ConnectFailure failure = assertThrows(ConnectFailure.class,
                () -> connect(Optional.empty(), AgentUse.ONLY, new ScriptedInteraction()));
        assertEquals(ConnectFailure.Kind.AUTH_FAILED, failure.kind());
        assertTrue(failure.getMessage().startsWith("The SSH agent at " + socket + " holds no key the server accepts"),
                failure.getMessage());
    }

    @Test
    void onlyTheAgentWithNoAgentRunningSaysSo() throws Exception {
        System.clearProperty("holdfast.sshAuthSock");
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("SSH_AUTH_SOCK") == null,
                "this machine's own agent would answer");
        ConnectFailure failure = assertThrows(ConnectFailure.class,
                () -> connect(Optional.empty(), AgentUse.ONLY, new ScriptedInteraction()));
        assertTrue(failure.getMessage().startsWith("No SSH agent is running: SSH_AUTH_SOCK is not set"),
                failure.getMessage());
    }

    @Test
    void agentNotUsedIgnoresTheAgent() throws Exception {
        Path key = SshKeys.generate(dir, "id_agent_only", "ed25519", "");
        server.authorize(SshKeys.publicKey(key));
        add(key);
        Files.delete(key);
        ConnectFailure failure = assertThrows(ConnectFailure.class,
                () -> connect(Optional.empty(), AgentUse.OFF, new ScriptedInteraction()));
        assertEquals(ConnectFailure.Kind.KEY_FILE, failure.kind(), "no key file, and the agent is not asked");
        try (SshConnection connection = connect(Optional.empty(), AgentUse.FIRST, new ScriptedInteraction())) {
            assertTrue(connection.isOpen(), "the same key through the agent");
        }
    }

    @Test
    void aForwardedAgentListsTheKeyOnTheServerAndAnUnforwardedOneIsNotThere() throws Exception {
        Path key = SshKeys.generate(dir, "id_forwarded", "ed25519", "");
        server.authorize(SshKeys.publicKey(key));
        add(key);
        String fingerprint = OpenSshServer.fingerprint(SshKeys.publicKey(key));
        try (SshConnection connection = connect(Optional.empty(), AgentUse.ONLY, true, new ScriptedInteraction())) {
            String listed = connection.run("ssh-add -l", 10_000, Duration.ofSeconds(15));
            assertTrue(listed.contains(fingerprint), "ssh-add -l on the server: " + listed);
            // and the server can use it: a signature made through the forwarded agent logs in again
            String again = connection.run("ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes"
                    + " -p " + server.port() + " " + server.user() + "@" + server.host() + " echo through-the-agent 2>&1",
                    10_000, Duration.ofSeconds(20));
            assertTrue(again.contains("through-the-agent"), "ssh from the server with the forwarded agent: " + again);
        }
        try (SshConnection connection = connect(Optional.empty(), AgentUse.ONLY, false, new ScriptedInteraction())) {
            assertEquals("none\n", connection.run("echo ${SSH_AUTH_SOCK:-none}", 1000, Duration.ofSeconds(10)),
                    "off by default: no agent on the server");
        }
    }

    @Test
    void theAgentListsItsKeysWithTheirComments() throws Exception {
        Path key = SshKeys.generate(dir, "id_listed", "ed25519", "");
        add(key);
        try (AgentClient client = AgentClient.connect(socket, Duration.ofSeconds(5))) {
            List<AgentClient.Identity> identities = client.identities();
            assertEquals(1, identities.size());
            assertEquals("ssh-ed25519", identities.get(0).type());
            String pub = Files.readString(SshKeys.publicKey(key)).trim();
            assertEquals(pub.split("\\s+", -1)[1], java.util.Base64.getEncoder().encodeToString(identities.get(0).blob()));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
