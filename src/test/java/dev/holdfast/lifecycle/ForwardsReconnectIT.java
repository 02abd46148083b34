package dev.holdfast.lifecycle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.session.PortForward;
import dev.holdfast.ssh.forward.ActiveForward;
import dev.holdfast.ssh.forward.ForwardState;
import dev.holdfast.testing.Await;
import dev.holdfast.testing.Listeners;
import dev.holdfast.testing.NatProxy;
import dev.holdfast.testing.OpenSshServer;
import dev.holdfast.testing.SshKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote forward across a reconnect through the app's own lifecycle, where it matters: the server went silent
 * (its session process stopped), Holdfast declared the connection dead and reconnected, and the server still holds
 * the forward's port for the old session it has not noticed is gone. The new connection's request is refused;
 * Holdfast asks again, and the forward listens as soon as the old session is gone (here: killed, as sshd's
 * ClientAlive checks would end it), with no action from the person. A first connection's refusal, by contrast,
 * is reported at once (ForwardsIT).
 */
class ForwardsReconnectIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The longest of RemoteForward.REFUSAL_RETRIES. */
    private static final Duration LONGEST_ASK_GAP = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private OpenSshServer server;
    private NatProxy proxy;
    private LifecycleRig rig;
    private ServerSocket echo;

    @AfterEach
    void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.close();
        }
        if (echo != null) {
            echo.close();
        }
    }

    private int echoServer() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        dev.holdfast.threads.Threads.start("test-echo", () -> {
            while (!echo.isClosed()) {
                try (Socket socket = echo.accept()) {
                    socket.getInputStream().transferTo(socket.getOutputStream());
                } catch (IOException e) {
                    return;
                }
            }
        });
        return echo.getLocalPort();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static byte[] roundTrip(int port, byte[] data) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(data);
            socket.shutdownOutput();
            return socket.getInputStream().readAllBytes();
        }
    }

    private ForwardState await(SshLink link, String what, Duration limit,
            java.util.function.Predicate<ForwardState> condition) throws InterruptedException {
        ActiveForward forward = link.connection().forwards().list().get(0);
        int port = forward.forward().bindPort();
        return Await.value("the forward " + what, limit, () -> Optional.of(forward.state()).filter(condition),
                () -> forward.state() + "\n" + Listeners.describe(port) + "\nsshd's log about it:\n"
                        + String.join("\n", server.allLog(Pattern.compile("(?i)bind|forward|listen"))));
    }

    @Test
    void aRemoteForwardStillHeldByTheSilentOldSessionComesBackOnItsOwn() throws Exception {
        server = OpenSshServer.start(dir.resolve("sshd"), "INFO");
        Path key = SshKeys.generate(dir, "id_ed25519", "ed25519", "");
        server.authorize(SshKeys.publicKey(key));
        proxy = new NatProxy(server.port());
        rig = new LifecycleRig(dir, "127.0.0.1", proxy.port(), server.user(), key, server.hostKey("ed25519"));
        int target = echoServer();
        int remote = freePort();
        rig.spec = rig.spec.withAccess(rig.spec.access().withForwards(
                PortForward.parseAll("R " + remote + ":127.0.0.1:" + target).value()));
        rig.lifecycle.connect();
        SshLink first = rig.awaitLive(0);
        await(first, "listening", WAIT, s -> s.phase() == ForwardState.Phase.LISTENING);
        byte[] data = new byte[3000];
        new Random(3).nextBytes(data);
        assertArrayEquals(data, roundTrip(remote, data), "through the server's listener");

        List<ProcessHandle> old = server.sessionProcesses();
        int mark = rig.seen.size();
        server.signalSessions("STOP"); // silent: the server's side of the old session still holds the port
        rig.awaitFrom(mark, s -> s.state() == LinkState.DEAD, "declared dead");
        int again = rig.seen.size();
        rig.lifecycle.connect();
        SshLink second = rig.awaitLive(again);
        ForwardState waiting = await(second, "asking again", WAIT, s -> s.phase() == ForwardState.Phase.STARTING
                && s.problem().contains("asking again in"));
        assertTrue(waiting.problem().startsWith("the server refused to listen on port " + remote), waiting.problem());

        java.util.Set<Long> holding = Listeners.holders(remote);
        assertTrue(old.stream().anyMatch(p -> holding.contains(p.pid())),
                "the stopped old session holds the port: " + Listeners.describe(remote));
        for (ProcessHandle process : old) {
            process.destroyForcibly(); // what sshd's ClientAlive checks (or TCP's timeout) would do, sooner
        }
        // the old session must have let go of the port before Holdfast can be blamed for not listening on it (the
        // new connection may hold it already: its next ask may have come first)
        Await.until("the old session's processes to end", WAIT, () -> old.stream().noneMatch(ProcessHandle::isAlive),
                () -> "alive: " + old.stream().filter(ProcessHandle::isAlive).toList());
        java.util.Set<Long> oldPids = new java.util.HashSet<>(old.stream().map(ProcessHandle::pid).toList());
        Await.until("the old session's listener to go", WAIT,
                () -> Listeners.holders(remote).stream().noneMatch(oldPids::contains),
                () -> Listeners.describe(remote) + "; the old session's pids " + oldPids);
        // then it listens by its next ask, at most the longest wait between asks away
        ForwardState back = await(second, "listening again", LONGEST_ASK_GAP.plus(WAIT),
                s -> s.phase() == ForwardState.Phase.LISTENING);
        assertEquals(remote, back.port());
        assertArrayEquals(data, roundTrip(remote, data), "the same port carries again, on the new connection");
    }
}
