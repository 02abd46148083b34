package dev.holdfast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void configDirIsTakenInBothSpellings() throws Exception {
        assertEquals(Optional.of("/tmp/x"), CommandLine.parse(List.of("--config-dir", "/tmp/x")).configDir());
        assertEquals(Optional.of("/tmp/y"), CommandLine.parse(List.of("--config-dir=/tmp/y")).configDir());
        assertEquals(Optional.empty(), CommandLine.parse(List.of()).configDir());
    }

    @Test
    void helpAndVersionAreFlags() throws Exception {
        assertTrue(CommandLine.parse(List.of("--help")).help());
        assertTrue(CommandLine.parse(List.of("--version")).version());
    }

    @Test
    void unknownArgumentsAndAMissingDirectoryAreUsageErrors() {
        assertEquals("Unknown option: --bogus",
                assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse(List.of("--bogus"))).getMessage());
        assertEquals("--config-dir needs a directory",
                assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse(List.of("--config-dir")))
                        .getMessage());
    }

    @Test
    void sessionNamesAnAtStartSession() throws Exception {
        assertEquals(Optional.of("web 1"), CommandLine.parse(List.of("--session", "web 1")).session());
        assertEquals(Optional.of("db"), CommandLine.parse(List.of("--session=db")).session());
        assertEquals(Optional.of("db"), CommandLine.parse(List.of("-load", "db")).session(), "PuTTY's spelling");
        assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse(List.of("--session")));
        assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse(List.of("--session", "a", "b@c")));
    }

    @Test
    void destinationsInEachSpelling() throws Exception {
        assertEquals(new CommandLine.Target("deploy", "web.example.com", Optional.empty()),
                CommandLine.parse(List.of("deploy@web.example.com")).target().orElseThrow());
        assertEquals(new CommandLine.Target("deploy", "web.example.com", Optional.of(2222)),
                CommandLine.parse(List.of("deploy@web.example.com:2222")).target().orElseThrow());
        assertEquals(new CommandLine.Target("root", "10.0.0.5", Optional.of(22)),
                CommandLine.parse(List.of("ssh://root@10.0.0.5:22")).target().orElseThrow());
        assertEquals(new CommandLine.Target("", "fe80::1", Optional.of(2200)),
                CommandLine.parse(List.of("[fe80::1]:2200")).target().orElseThrow());
        assertEquals(new CommandLine.Target("", "fe80::1", Optional.empty()),
                CommandLine.parse(List.of("ssh://fe80::1/")).target().orElseThrow(), "a bare IPv6 literal");
        assertEquals(new CommandLine.Target("", "pi.local", Optional.empty()),
                CommandLine.parse(List.of("pi.local")).target().orElseThrow());
    }

    @Test
    void badDestinationsSayWhatIsWrong() {
        for (String bad : List.of("user@host:0", "user@host:99999", "user@host:ssh", "user@", "-x@host",
                "[fe80::1", "host name")) {
            CommandLine.UsageException e = assertThrows(CommandLine.UsageException.class,
                    () -> CommandLine.parse(List.of(bad)), bad);
            assertTrue(e.getMessage().contains(bad) || e.getMessage().startsWith("Unknown option"), e.getMessage());
        }
    }
}
