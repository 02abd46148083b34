package dev.holdfast.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import dev.holdfast.testing.NatProxy;
import dev.holdfast.testing.OpenSshServer;
import dev.holdfast.testing.SshKeys;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole matrix against Debian's OpenSSH {@code sshd} (through a loopback proxy that can reset the TCP
 * connection): every kind of drop on the first connection, after a manual Reconnect, after an automatic
 * reconnect and after 10 reconnects. The lifecycle, the SSH connection, the keepalive engine and the
 * shell's reader are the app's own; only the tab is left out. A silence is declared dead at
 * Interval x (CountMax + 1) = 4 s after the server's last byte, within 0.3 s.
 */
class ConnectionMatrixIT {
    private static final long RULE_NANOS = TimeUnit.SECONDS.toNanos(4);
    private static final long TOLERANCE_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

    /** How the connection goes. */
    enum Drop { SERVER_CLOSES, TCP_RESET, SILENCE }

    /** What came before the drop. */
    enum Before { FIRST_CONNECTION, AFTER_MANUAL_RECONNECT, AFTER_AUTOMATIC_RECONNECT, AFTER_10_RECONNECTS }

    @TempDir
    Path dir;
    private OpenSshServer server;
    private NatProxy proxy;
    private LifecycleRig rig;

    @BeforeEach
    void start() throws Exception {
        server = OpenSshServer.start(dir.resolve("sshd"), "INFO");
        Path key = SshKeys.generate(dir, "id_ed25519", "ed25519", "");
        server.authorize(SshKeys.publicKey(key));
        proxy = new NatProxy(server.port());
        rig = new LifecycleRig(dir, "127.0.0.1", proxy.port(), server.user(), key, server.hostKey("ed25519"));
    }

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
    }

    @ParameterizedTest(name = "{0} {1}")
    @EnumSource(Drop.class)
    void firstConnection(Drop drop) throws Exception {
        runCell(drop, Before.FIRST_CONNECTION);
    }

    @ParameterizedTest(name = "{0} {1}")
    @EnumSource(Drop.class)
    void afterAManualReconnect(Drop drop) throws Exception {
        runCell(drop, Before.AFTER_MANUAL_RECONNECT);
    }

    @ParameterizedTest(name = "{0} {1}")
    @EnumSource(Drop.class)
    void afterAnAutomaticReconnect(Drop drop) throws Exception {
        runCell(drop, Before.AFTER_AUTOMATIC_RECONNECT);
    }

    @ParameterizedTest(name = "{0} {1}")
    @EnumSource(Drop.class)
    void afterTenReconnects(Drop drop) throws Exception {
        runCell(drop, Before.AFTER_10_RECONNECTS);
    }

    private void runCell(Drop drop, Before before) throws Exception {
        boolean automatic = before == Before.AFTER_AUTOMATIC_RECONNECT;
        rig.automatic = automatic;
        rig.lifecycle.connect();
        SshLink link = rig.awaitLive(0);
        int reconnects = switch (before) {
            case FIRST_CONNECTION -> 0;
            case AFTER_MANUAL_RECONNECT, AFTER_AUTOMATIC_RECONNECT -> 1;
            case AFTER_10_RECONNECTS -> 10;
        };
        for (int i = 0; i < reconnects; i++) {
            int mark = rig.seen.size();
            server.signalSessions("TERM"); // the server side goes away, as in the reproduction
            if (automatic) {
                rig.awaitFrom(mark, s -> s.state() == LinkState.COUNTDOWN, "the automatic reconnect counts down");
            } else {
                rig.awaitFrom(mark, s -> s.state() == LinkState.DEAD, "the drop is noticed");
                rig.lifecycle.connect();
            }
            link = rig.awaitLive(mark);
        }
        int from = rig.seen.size();
        long lastByteBefore = System.nanoTime();
        switch (drop) {
            case SERVER_CLOSES -> server.signalSessions("TERM");
            case TCP_RESET -> proxy.abortAll();
            case SILENCE -> server.signalSessions("STOP");
        }
        LifecycleRig.Seen dead = rig.awaitFrom(from, s -> s.state() == LinkState.DEAD, "declared dead or dropped");
        String cause = dead.status().cause();
        switch (drop) {
            case SERVER_CLOSES -> assertEquals("The server closed the connection.", cause, rig.log.toString());
            case TCP_RESET -> assertTrue(cause.toLowerCase(java.util.Locale.ROOT).contains("reset"), cause);
            case SILENCE -> {
                assertTrue(cause.startsWith("No reply to 3 keepalive probes"), cause);
                long lastByte = link.keepalive().lastInboundNanos();
                assertTrue(lastByte <= lastByteBefore + TimeUnit.SECONDS.toNanos(1), "nothing came after the stop");
                long after = dead.atNanos() - lastByte;
                assertTrue(Math.abs(after - RULE_NANOS) <= TOLERANCE_NANOS,
                        "declared dead " + after / 1e6 + " ms after the server's last byte; the rule says 4000 ms");
                int declared = rig.indexOf("Declared dead");
                int lost = rig.indexOf("Connection lost");
                assertTrue(declared >= 0 && declared < lost, "the log is in time order: " + rig.log);
                server.signalSessions("KILL");
            }
        }
        if (automatic) {
            rig.awaitFrom(from, s -> s.state() == LinkState.COUNTDOWN, "the automatic reconnect counts down");
        }
        SshLink dropped = link; // closed on a background thread, so soon rather than at once
        dev.holdfast.testing.Await.until("the dropped connection is closed", java.time.Duration.ofSeconds(30),
                () -> !dropped.connection().isOpen());
    }

    /** The connection that went live after the status at index {@code from}. */
}
