package dev.holdfast.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequiresTest {
    @Test
    void nothingMissingRunsWhetherOrNotCiIsSet() {
        assertEquals(Requires.Outcome.RUN, Requires.decide(null, "root", List.of()).outcome());
        assertEquals(Requires.Outcome.RUN, Requires.decide("true", "root", List.of()).outcome());
    }

    @Test
    void somethingMissingSkipsOutsideCiNamingWhatIsMissing() {
        Requires.Decision decision = Requires.decide(null, "Debian's OpenSSH server", List.of("/usr/sbin/sshd"));
        assertEquals(Requires.Outcome.SKIP, decision.outcome());
        assertTrue(decision.message().contains("/usr/sbin/sshd"), decision.message());
        assertTrue(decision.message().contains("apt-get install"), decision.message());
        assertEquals(Requires.Outcome.SKIP, Requires.decide("", "root", List.of("root")).outcome());
        assertEquals(Requires.Outcome.SKIP, Requires.decide("false", "root", List.of("root")).outcome());
    }

    @Test
    void somethingMissingFailsWhenCiIsSet() {
        Requires.Decision decision = Requires.decide("true", "root", List.of("root (running as dev)"));
        assertEquals(Requires.Outcome.FAIL, decision.outcome());
        assertTrue(decision.message().contains("CI is set"), decision.message());
        assertEquals(Requires.Outcome.FAIL, Requires.decide("1", "root", List.of("root")).outcome());
    }

    @Test
    void missingSshdNamesTheServerAndKeygen() {
        assertEquals(List.of("/usr/sbin/sshd", "the command ssh-keygen"),
                Requires.missingSshd(p -> false, List.of()));
        assertEquals(List.of(), Requires.missingSshd(p -> true, List.of()));
        assertEquals(List.of("root (running as " + System.getProperty("user.name") + ")"),
                Requires.missingRoot(false));
        assertEquals(List.of(), Requires.missingRoot(true));
    }

    @Test
    void commandsAreFoundOnPathBeforeTheSbinDirectories() {
        assertEquals(Optional.of(Path.of("/opt/x/ip")),
                Requires.find("ip", p -> p.startsWith("/opt/x") || p.startsWith("/sbin"), List.of("/opt/x")));
        assertEquals(Optional.of(Path.of("/usr/sbin/ip")),
                Requires.find("ip", p -> p.equals(Path.of("/usr/sbin/ip")), List.of("", "/nowhere")));
        assertEquals(Optional.empty(), Requires.find("ip", p -> false, List.of("/opt/x")));
    }
}
