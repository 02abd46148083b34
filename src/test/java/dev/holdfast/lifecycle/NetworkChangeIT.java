package dev.holdfast.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.keepalive.CheckReason;
import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.keepalive.KeepalivePolicy;
import dev.holdfast.testing.NetnsSshd;
import dev.holdfast.testing.SshKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network change against Debian's sshd in a network namespace of the test's own: the address of our
 * end of the path is removed (as when a laptop loses its Wi-Fi), and the connection, whose keepalives
 * would take a minute to notice, is declared dead within the poll (2 s) plus the check's 5 s deadline,
 * with the change as its cause. With the address back it reconnects, and a change that leaves the path
 * alone is checked and answered.
 */
class NetworkChangeIT {
    @TempDir
    Path dir;
    private NetnsSshd server;
    private LifecycleRig rig;

    @BeforeEach
    void start() throws Exception {
        server = NetnsSshd.start(dir.resolve("sshd"));
        Path key = SshKeys.generate(dir, "id_ed25519", "ed25519", "");
        server.authorize(SshKeys.publicKey(key));
        rig = new LifecycleRig(dir, server.host(), server.port(), server.user(), key, server.hostKey());
        // keepalives alone would need 15 s x 4 = 60 s to notice
        rig.keepalive = new KeepalivePolicy(KeepaliveMode.PROBE, Duration.ofSeconds(15), 3);
    }

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aRemovedAddressIsANetworkChangeAndTheConnectionIsDeclaredDeadWithinTheDeadline() throws Exception {
        rig.lifecycle.connect();
        rig.awaitLive(0);
        int mark = rig.seen.size();
        long removed = System.nanoTime();
        server.removeClientAddress();
        LifecycleRig.Seen checking = rig.awaitFrom(mark, s -> s.checking().isPresent(), "the check starts");
        assertEquals(CheckReason.NETWORK_CHANGE, checking.status().checking().orElseThrow());
        LifecycleRig.Seen dead = rig.awaitFrom(mark, s -> s.state() == LinkState.DEAD, "declared dead");
        assertEquals("No answer within 5 s after the network changed", dead.status().cause());
        long after = dead.atNanos() - removed;
        assertTrue(after <= TimeUnit.SECONDS.toNanos(8), "dead " + after / 1e6 + " ms after the address went");
        assertTrue(dead.atNanos() - checking.atNanos() >= TimeUnit.MILLISECONDS.toNanos(4900),
                "the check waits its deadline");

        server.restoreClientAddress();
        int back = rig.seen.size();
        rig.lifecycle.connect();
        rig.awaitLive(back);
        int alive = rig.seen.size();
        server.addUnrelatedInterface();
        rig.awaitFrom(alive, s -> s.checking().isPresent(), "a change is checked");
        rig.awaitFrom(alive, s -> s.state() == LinkState.LIVE && s.checking().isEmpty()
                && rig.seen.stream().skip(alive).anyMatch(x -> x.status().checking().isPresent()), "answered");
        Thread.sleep(6000); // the deadline passes: nothing may happen (this wait is the thing tested)
        assertEquals(LinkState.LIVE, rig.lifecycle.status().state(), rig.log.toString());
    }
}
