package dev.holdfast.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.holdfast.testing.Await;
import dev.holdfast.testing.Listeners;
import dev.holdfast.testing.OpenSshServer;
import dev.holdfast.testing.Requires;
import dev.holdfast.testing.SshKeys;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.connection.channel.forwarded.RemotePortForwarder;
import net.schmizz.sshj.transport.verification.PromiscuousVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote forward's {@code tcpip-forward} and a keepalive probe in flight together, against Debian's sshd: replies
 * name no request and come in request order, so each must reach its own. The server's session processes are
 * stopped while the forward's request and then a probe are written, so both wait at the server and are answered
 * one after the other when it resumes, whatever the machine's speed. Before the fix the forward's grant was taken
 * for the probe's answer and the probe's refusal (OpenSSH does not know {@code keepalive@openssh.com}) for the
 * forward's: the forward said refused while the server listened for it.
 */
class GlobalRequestOrderIT {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private OpenSshServer server;
    private SSHClient client;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.signalSessions("CONT");
        }
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aForwardGrantedWhileAProbeIsOutstandingIsGrantedAndTheProbeGetsItsOwnAnswer() throws Exception {
        Requires.sshd();
        server = OpenSshServer.start(dir.resolve("sshd"), "INFO");
        Path key = SshKeys.generate(dir, "id_ed25519", "ed25519", "");
        server.authorize(SshKeys.publicKey(key));
        client = new SSHClient(SshCrypto.config());
        client.addHostKeyVerifier(new PromiscuousVerifier());
        client.connect(server.host(), server.port());
        client.authPublickey(server.user(), client.loadKeys(key.toString()));
        KeepaliveReplies replies = KeepaliveReplies.install(client);
        RemotePortForwarder forwarder = OrderedRemotePortForwarder.attach(client, replies);
        int port = freePort();

        server.signalSessions("STOP");
        CompletableFuture<RemotePortForwarder.Forward> bound = CompletableFuture.supplyAsync(() -> {
            try {
                return forwarder.bind(new RemotePortForwarder.Forward("localhost", port), channel -> channel.close());
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        Await.until("the forward's request to be written and waiting", LIMIT, () -> replies.outstanding() == 1,
                () -> "outstanding " + replies.outstanding() + ", bound " + bound);
        CompletableFuture<Message> probe = replies.probe();
        assertEquals(2, replies.outstanding(), "the forward's request, then the probe");
        server.signalSessions("CONT");

        RemotePortForwarder.Forward forward = bound.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(port, forward.getPort(), "granted");
        assertEquals(Message.REQUEST_FAILURE, probe.get(LIMIT.toSeconds(), TimeUnit.SECONDS),
                "the probe gets OpenSSH's own answer to keepalive@openssh.com, not the forward's grant");
        assertFalse(Listeners.free(port), "and the server does listen: " + Listeners.describe(port));
        assertEquals(0, replies.outstanding());
    }
}
