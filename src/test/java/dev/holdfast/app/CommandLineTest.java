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
        assertEquals("Unknown argument: --bogus",
                assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse(List.of("--bogus"))).getMessage());
        assertEquals("--config-dir needs a directory",
                assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse(List.of("--config-dir")))
                        .getMessage());
    }
}
