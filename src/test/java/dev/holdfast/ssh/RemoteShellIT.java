package dev.holdfast.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.session.AuthMethod;
import dev.holdfast.session.RemoteSession;
import dev.holdfast.testing.Await;
import dev.holdfast.testing.Multiplexers;
import dev.holdfast.testing.OpenSshServer;
import dev.holdfast.testing.Requires;
import dev.holdfast.testing.ScriptedInteraction;
import dev.holdfast.testing.SshKeys;
import dev.holdfast.testing.TestConnectors;
import dev.holdfast.threads.Threads;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Remote sessions against Debian's OpenSSH server on loopback with Debian's tmux and screen: a second connection
 * attaches to the session the first one left, so the same shell (same PID, same variables) goes on; a server
 * without the program gives a plain shell, says why and is remembered; a session name full of shell
 * metacharacters runs nothing on the server.
 */
class RemoteShellIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern PID = Pattern.compile("pid=(\\d+) mark=(\\w+)");

    @TempDir
    Path dir;

    private OpenSshServer server;
    private Multiplexers multiplexers;
    private Path key;
    private KnownHosts knownHosts;
    private final List<SshConnection> open = new ArrayList<>();
    private final RemoteShellMemory memory = RemoteShellMemory.inMemory();

    @AfterEach
    void stop() throws Exception {
        open.forEach(SshConnection::close);
        if (multiplexers != null) {
            multiplexers.stopAll();
        }
        if (server != null) {
            server.close();
        }
    }

    private void startServer(String path) throws Exception {
        multiplexers = Multiplexers.in(dir);
        server = OpenSshServer.start(dir.resolve("sshd"), "INFO", List.of("SetEnv " + multiplexers.environment()
                + (path.isEmpty() ? "" : " PATH=" + path)));
        key = SshKeys.generate(dir, "id_ed25519", "ed25519", "");
        server.authorize(SshKeys.publicKey(key));
        knownHosts = new KnownHosts(List.of(), dir.resolve("known_hosts"));
        knownHosts.accept("127.0.0.1", server.port(), server.hostKey("ed25519"));
    }

    private SshConnection connect(RemoteShell remote) throws ConnectFailure {
        SshConnector connector = TestConnectors.connector(knownHosts, new SecretCache());
        connector.setRemoteShellMemory(memory);
        ConnectSpec spec = new ConnectSpec("resume", "127.0.0.1", server.port(), server.user(), AuthMethod.PUBLIC_KEY,
                Optional.of(key), Duration.ofSeconds(10), "xterm-256color");
        SshConnection made = connector.attempt(spec, new ScriptedInteraction(), () -> new int[] {100, 30}, remote).run();
        open.add(made);
        return made;
    }

    @ParameterizedTest
    @EnumSource(value = RemoteSession.class, names = {"TMUX", "SCREEN"})
    void aSecondConnectionResumesTheSameShell(RemoteSession kind) throws Exception {
        Requires.multiplexers();
        startServer("");
        RemoteShell remote = new RemoteShell(kind, RemoteShell.nameFor("web1", 1));
        SshConnection first = connect(remote);
        assertEquals(new ShellStart(remote, remote, false, ""), first.shellStart());
        Screen firstScreen = Screen.of(first);
        type(first, "MARK=one; echo pid=$$ mark=$MARK\r");
        Matcher before = firstScreen.await(PID);
        first.close(); // as a dropped connection: the multiplexer keeps the shell

        SshConnection second = connect(remote);
        assertEquals(new ShellStart(remote, remote, true, ""), second.shellStart(), "the probe found the session");
        Screen secondScreen = Screen.of(second);
        type(second, "echo again=$$ mark=$MARK\r"); // not pid=: the redrawn screen shows the first answer
        Matcher after = secondScreen.await(Pattern.compile("again=(\\d+) mark=(\\w+)"));
        assertEquals(before.group(1), after.group(1), "the same shell process goes on");
        assertEquals("one", after.group(2), "with its variables");
    }

    @ParameterizedTest
    @EnumSource(value = RemoteSession.class, names = {"TMUX", "SCREEN"})
    void aServerWithoutTheProgramGivesAPlainShellSaysWhyAndIsRemembered(RemoteSession kind) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : List.of("sh", "cat", "sleep")) {
            Files.createSymbolicLink(bin.resolve(tool), Path.of("/bin/" + tool));
        }
        startServer(bin.toString());
        RemoteShell remote = new RemoteShell(kind, RemoteShell.nameFor("web1", 1));
        SshConnection first = connect(remote);
        ShellStart start = first.shellStart();
        assertEquals(RemoteSession.PLAIN, start.used().kind());
        assertTrue(start.fallback().startsWith(kind.program() + " is not installed on 127.0.0.1:" + server.port()),
                start.fallback());
        assertTrue(memory.missing(kind, "127.0.0.1:" + server.port()));
        Screen screen = Screen.of(first);
        type(first, "echo plain=$$\r");
        screen.await(Pattern.compile("plain=\\d+"));

        SshConnection again = connect(remote);
        assertTrue(again.shellStart().fallback().contains("the last time Holdfast looked"),
                again.shellStart().fallback());
        memory.forget(kind, "127.0.0.1:" + server.port());
        assertTrue(connect(remote).shellStart().fallback().contains("is not installed"), "asked again");
    }

    @Test
    void aSessionNameFullOfShellMetacharactersRunsNothingOnTheServer() throws Exception {
        Requires.multiplexers();
        startServer("");
        Path pwned = dir.resolve("pwned");
        String hostile = "$(touch " + pwned + ") `touch " + pwned + "` ; touch " + pwned + " ' \" \\ | & < > * ? !";
        for (RemoteSession kind : List.of(RemoteSession.TMUX, RemoteSession.SCREEN)) {
            RemoteShell remote = new RemoteShell(kind, RemoteShell.nameFor(hostile, 1));
            SshConnection made = connect(remote);
            assertEquals(kind, made.shellStart().used().kind());
            Screen screen = Screen.of(made);
            type(made, "echo alive=$$\r");
            screen.await(Pattern.compile("alive=\\d+"));
            String raw = made.run(RemoteShell.listCommand(kind), 65_536, WAIT);
            List<String> listed = RemoteShell.parseList(kind, raw).stream().map(RemoteShell.Listed::name).toList();
            assertTrue(listed.contains(remote.name()), raw + " lists " + remote.name());
            made.run(remote.endCommand(), 65_536, WAIT);
        }
        assertFalse(Files.exists(pwned), "nothing of the session's name ran on the server");
    }

    private static void type(SshConnection connection, String text) throws IOException {
        connection.input().write(text.getBytes(StandardCharsets.UTF_8));
        connection.input().flush();
    }

    /** Reads a connection's output into a buffer on a thread of its own. */
    private static final class Screen {
        private final StringBuffer text = new StringBuffer();

        static Screen of(SshConnection connection) {
            Screen screen = new Screen();
            Threads.start("remote-shell-it-reader", () -> {
                try (Reader in = new InputStreamReader(connection.output(), StandardCharsets.UTF_8)) {
                    char[] chunk = new char[4096];
                    for (int n; (n = in.read(chunk)) >= 0; ) {
                        screen.text.append(chunk, 0, n);
                    }
                } catch (IOException e) {
                    // the connection was closed
                }
            });
            return screen;
        }

        Matcher await(Pattern pattern) throws InterruptedException {
            return Await.value(pattern + " on the screen", WAIT, () -> {
                Matcher m = pattern.matcher(text.toString());
                return m.find() ? Optional.of(m) : Optional.empty();
            }, text::toString);
        }
    }
}
