package dev.holdfast.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.session.PortForward.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortForwardTest {

    private static PortForward one(String line) {
        Parsed<PortForward> parsed = PortForward.parse(line);
        assertTrue(parsed.isOk(), () -> line + ": " + parsed.error());
        return parsed.value();
    }

    private static String error(String line) {
        Parsed<PortForward> parsed = PortForward.parse(line);
        assertTrue(!parsed.isOk(), () -> line + " should not parse, got " + parsed.value());
        return parsed.error().orElseThrow();
    }

    @Test
    void theThreeKindsInSshsSyntax() {
        assertEquals(new PortForward(Kind.LOCAL, "", 8080, "db", 5432), one("L 8080:db:5432"));
        assertEquals(new PortForward(Kind.LOCAL, "127.0.0.1", 8080, "db", 5432), one("L 127.0.0.1:8080:db:5432"));
        assertEquals(new PortForward(Kind.REMOTE, "", 9000, "localhost", 3000), one("R 9000:localhost:3000"));
        assertEquals(new PortForward(Kind.DYNAMIC, "", 1080, "", 0), one("D 1080"));
        assertEquals(new PortForward(Kind.DYNAMIC, "*", 1080, "", 0), one("D *:1080"));
    }

    @Test
    void dashesLowerCaseAndTheSpacedFormOfSshConfig() {
        assertEquals(one("L 8080:db:5432"), one("-L 8080:db:5432"));
        assertEquals(one("L 8080:db:5432"), one("l 8080 db:5432"));
        assertEquals(one("D 1080"), one("-D1080"));
    }

    @Test
    void ipv6InBracketsOnBothSides() {
        assertEquals(new PortForward(Kind.LOCAL, "::1", 8080, "fe80::1", 22), one("L [::1]:8080:[fe80::1]:22"));
        assertEquals("L [::1]:8080:[fe80::1]:22", one("L [::1]:8080:[fe80::1]:22").text());
        assertEquals("[::1]:8080 \u2192 [fe80::1]:22 (from the server)", one("L [::1]:8080:[fe80::1]:22").describe());
    }

    @Test
    void localhostAsBindAddressMeansLoopbackLikeAnEmptyOne() {
        assertEquals("", one("L localhost:8080:db:5432").bindAddress());
        assertEquals("localhost:8080 \u2192 db:5432 (from the server)", one("L 8080:db:5432").describe());
        assertEquals("server's localhost:9000 \u2192 localhost:3000 (from here)", one("R 9000:localhost:3000").describe());
        assertEquals("SOCKS proxy on localhost:1080", one("D 1080").describe());
    }

    @Test
    void onlyARemoteForwardMayAskForPortZero() {
        assertEquals(0, one("R 0:localhost:3000").bindPort());
        assertTrue(error("L 0:db:5432").contains("Not a port number: '0'"));
        assertTrue(error("D 0").contains("Not a port number"));
        assertTrue(error("L 8080:db:0").contains("Not a port number"));
        assertTrue(error("L 70000:db:22").contains("1 to 65535"));
    }

    @Test
    void textRoundTrips() {
        for (String line : List.of("L 8080:db:5432", "L 127.0.0.1:8080:db:5432", "R 0:localhost:3000", "D 1080",
                "D *:1080", "R [::1]:9000:[::1]:3000", "R 1080", "R 0", "R [::1]:1081", "R *:1082")) {
            assertEquals(line, one(line).text());
            assertEquals(one(line), one(one(line).text()));
        }
    }

    @Test
    void aRemoteForwardWithOnlyAPortIsASocksProxyOnTheServerAsInOpenSsh() {
        assertEquals(new PortForward(Kind.REMOTE, "", 1080, "", 0), one("R 1080"));
        assertEquals(new PortForward(Kind.REMOTE, "", 1080, "", 0), one("-R localhost:1080"));
        assertEquals(new PortForward(Kind.REMOTE, "::1", 1081, "", 0), one("R [::1]:1081"));
        assertTrue(one("R 1080").remoteSocks());
        assertTrue(!one("R 9000:localhost:3000").remoteSocks() && !one("D 1080").remoteSocks());
        assertEquals("SOCKS proxy on the server's localhost:1080 (connecting from here)", one("R 1080").describe());
        assertTrue(error("R a:1:b:2:c").startsWith("Write R [address:]port:host:hostport"), error("R a:1:b:2:c"));
        assertTrue(error("R a:1:b:2:c").contains("or R [address:]port for a SOCKS proxy on the server"));
    }

    @Test
    void wrongLinesSayWhatIsWrong() {
        assertTrue(error("X 8080:db:5432").startsWith("Start with L (local), R (remote) or D (SOCKS)"));
        assertTrue(error("L 8080").startsWith("Write L [address:]port:host:hostport"));
        assertTrue(error("D 1080:db:22").startsWith("Write D [address:]port"));
        assertTrue(error("L [::1:8080:db:22").startsWith("Unbalanced brackets"));
        assertTrue(error("L 80a:db:22").contains("'80a'"));
    }

    @Test
    void aFieldHoldsOnePerLineWithCommentsAndBlankLines() {
        Parsed<List<PortForward>> all = PortForward.parseAll("# the database\nL 8080:db:5432\n\n  D 1080  \n");
        assertEquals(List.of(one("L 8080:db:5432"), one("D 1080")), all.value());
        assertEquals("Line 2: Not a port number: 'x' (1 to 65535)",
                PortForward.parseAll("D 1080\nD x").error().orElseThrow());
        assertEquals(List.of(), PortForward.parseAll("").value());
        assertTrue(PortForward.check("L 8080:db:5432").isEmpty());
    }
}
