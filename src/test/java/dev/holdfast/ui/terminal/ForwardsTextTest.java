package dev.holdfast.ui.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.holdfast.session.PortForward;
import dev.holdfast.ssh.forward.ForwardState;
import dev.holdfast.ssh.forward.ForwardState.Phase;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardsTextTest {
    private static PortForward forward(String line) {
        return PortForward.parse(line).value();
    }

    @Test
    void statesInWords() {
        assertEquals("starting\u2026", ForwardsText.state(ForwardState.starting(forward("L 8080:db:5432"))));
        assertEquals("asking the server to listen\u2026",
                ForwardsText.state(ForwardState.starting(forward("R 0:localhost:3000"))));
        assertEquals("listening on port 1080", ForwardsText.state(
                new ForwardState(forward("D 1080"), Phase.LISTENING, 1080, "", 0, 0, 0, 0, 0)));
        assertEquals("the server listens on port 41234", ForwardsText.state(
                new ForwardState(forward("R 0:localhost:3000"), Phase.LISTENING, 41234, "", 0, 0, 0, 0, 0)));
        assertEquals("failed: port 8080 is already in use on this computer", ForwardsText.state(new ForwardState(
                forward("L 8080:db:5432"), Phase.FAILED, 0, "port 8080 is already in use on this computer", 0, 0, 0,
                0, 0)));
        assertEquals("closed", ForwardsText.state(
                new ForwardState(forward("D 1080"), Phase.CLOSED, 1080, "", 0, 0, 0, 0, 0)));
        String retrying = "the server refused to listen on port 9000 (its AllowTcpForwarding or PermitListen settings);"
                + " asking again in 4 s (the previous connection may still hold the port)\u2026";
        assertEquals(retrying, ForwardsText.state(
                new ForwardState(forward("R 9000:localhost:3000"), Phase.STARTING, 0, retrying, 0, 0, 0, 0, 0)),
                "starting again after a refusal on a reconnect: what it waits for");
    }

    @Test
    void aRowHasTheDescriptionCountersAndBytes() {
        ForwardState s = new ForwardState(forward("L 8080:db:5432"), Phase.LISTENING, 8080, "", 2, 7, 1, 1536,
                3L * 1024 * 1024);
        assertEquals(new ForwardsText.Row("localhost:8080 \u2192 db:5432 (from the server)", "listening on port 8080",
                "2", "7 (1 could not be carried)", "in 1.5 KB \u00b7 out 3.0 MB"), ForwardsText.row(s));
        assertEquals(List.of(ForwardsText.row(s)), ForwardsText.rows(List.of(s)));
        assertEquals("0", ForwardsText.row(ForwardState.starting(forward("D 1080"))).connections());
    }

    @Test
    void bytesInUnitsOf1024() {
        assertEquals("0 B", ForwardsText.bytes(0));
        assertEquals("1023 B", ForwardsText.bytes(1023));
        assertEquals("1.0 KB", ForwardsText.bytes(1024));
        assertEquals("12 KB", ForwardsText.bytes(12 * 1024 + 300));
        assertEquals("1.0 GB", ForwardsText.bytes(1L << 30));
        assertEquals("2048 TB", ForwardsText.bytes(1L << 51));
    }
}
