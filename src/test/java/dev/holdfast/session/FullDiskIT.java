package dev.holdfast.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.testing.Requires;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saving onto a full disk: a 256 KB tmpfs the test mounts (as root, as in CI). The save fails with the
 * system's message, the previous file is intact and no temporary file is left behind.
 */
class FullDiskIT {
    @TempDir
    Path dir;

    @Test
    void aFullDiskKeepsTheOldFileAndReportsTheError() throws Exception {
        Requires.root();
        Path small = dir.resolve("small-fs");
        Files.createDirectories(small);
        run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", small.toString());
        try {
            SessionStore store = new SessionStore(small);
            Catalog before = Catalog.empty().withSessions(List.of(SessionProfile.create("kept")));
            store.save(before);
            List<SessionProfile> many = new ArrayList<>();
            for (int i = 0; i < 4000; i++) {
                many.add(SessionProfile.create("session number " + i + " with a long name to fill the disk")
                        .withOverrides(SettingValues.empty().with(Settings.HOST, "host-" + i + ".example.com")));
            }
            IOException error = assertThrows(IOException.class,
                    () -> store.save(Catalog.empty().withSessions(many)));
            assertTrue(String.valueOf(error.getMessage()).contains("No space left on device"), error.toString());
            SessionStore.LoadResult after = new SessionStore(small).load();
            assertTrue(after.problem().isEmpty(), "the old file still parses: " + after.problem());
            assertEquals(List.of("kept"), after.catalog().sessions().stream().map(SessionProfile::name).toList());
            try (Stream<Path> files = Files.list(small)) {
                assertEquals(List.of(store.file()), files.toList(), "no temporary file left behind");
            }
        } finally {
            run("umount", small.toString());
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (this test mounts a small tmpfs and needs "
                    + "root, as CI has): " + output);
        }
    }
}
