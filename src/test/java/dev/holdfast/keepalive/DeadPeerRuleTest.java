package dev.holdfast.keepalive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeadPeerRuleTest {

    @Test
    void probesEvery15sWithCountMax3DeclareDeadAt60s() {
        assertEquals(Optional.of(Duration.ofSeconds(60)),
                DeadPeerRule.declaredDeadAfter(KeepaliveMode.PROBE, Duration.ofSeconds(15), 3));
    }

    @Test
    void countMax1DeclaresDeadAfterTwoIntervals() {
        assertEquals(Optional.of(Duration.ofSeconds(10)),
                DeadPeerRule.declaredDeadAfter(KeepaliveMode.PROBE, Duration.ofSeconds(5), 1));
    }

    @Test
    void nullPacketsOffAndZeroIntervalNeverDeclareDead() {
        assertEquals(Optional.empty(), DeadPeerRule.declaredDeadAfter(KeepaliveMode.NULL_PACKET, Duration.ofSeconds(15), 3));
        assertEquals(Optional.empty(), DeadPeerRule.declaredDeadAfter(KeepaliveMode.OFF, Duration.ofSeconds(15), 3));
        assertEquals(Optional.empty(), DeadPeerRule.declaredDeadAfter(KeepaliveMode.PROBE, Duration.ZERO, 3));
    }

    @Test
    void descriptionsSayWhatEachModeCanAndCannotDo() {
        assertTrue(DeadPeerRule.describe(KeepaliveMode.PROBE, Duration.ofSeconds(15), 3)
                .startsWith("Declared dead about 60 s after the server goes silent"));
        assertTrue(DeadPeerRule.describe(KeepaliveMode.NULL_PACKET, Duration.ofSeconds(30), 3)
                .contains("a dead connection is not detected"));
        assertTrue(DeadPeerRule.describe(KeepaliveMode.OFF, Duration.ofSeconds(30), 3).startsWith("Keepalive is off"));
        assertTrue(DeadPeerRule.describe(KeepaliveMode.PROBE, Duration.ZERO, 3).startsWith("Keepalive is off"));
    }

    @Test
    void tcpTuningSupportMatchesTheSocketOptionsOfThisJdk() throws Exception {
        boolean expected;
        try (java.net.Socket socket = new java.net.Socket()) {
            expected = socket.supportedOptions().contains(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE);
        }
        TcpKeepaliveSupport support = TcpKeepaliveSupport.detect();
        assertEquals(expected, support.tuningSupported());
        assertEquals(expected, support.explanation().isEmpty());
    }

    @Test
    void theTrafficOfAnIdleConnectionIsCountedPerHour() {
        assertEquals(java.util.Optional.of("About 25 kB an hour while idle: 240 probes, each about 68 bytes out and 36 back."),
                DeadPeerRule.trafficPerHour(KeepaliveMode.PROBE, Duration.ofSeconds(15)));
        assertEquals(java.util.Optional.of("About 36 bytes an hour while idle: 1 null packet of about 36 bytes, with nothing back."),
                DeadPeerRule.trafficPerHour(KeepaliveMode.NULL_PACKET, Duration.ofHours(1)));
        assertEquals(java.util.Optional.of("About 374 kB an hour while idle: 3600 probes, each about 68 bytes out and 36 back."),
                DeadPeerRule.trafficPerHour(KeepaliveMode.PROBE, Duration.ofSeconds(1)));
        assertEquals(java.util.Optional.empty(), DeadPeerRule.trafficPerHour(KeepaliveMode.OFF, Duration.ofSeconds(15)));
        assertEquals(java.util.Optional.empty(), DeadPeerRule.trafficPerHour(KeepaliveMode.PROBE, Duration.ZERO));
    }
}
