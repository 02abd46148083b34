package dev.holdfast.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process that is saving in a loop at random moments (SIGKILL, no shutdown hooks); every time,
 * the file must load cleanly and hold one of the two states. The kill comes only after the child has
 * reported a completed save, so a busy machine cannot make it land before the first file exists. The long version belongs to the benchmarks.
 */
class AtomicSaveCrashTest {
    /** 12 in the normal run; the torture run uses -Dholdfast.crash.kills=1000 (see BENCHMARKS.md). */
    private static final int KILLS = Integer.getInteger("holdfast.crash.kills", 12);

    @Test
    void aProcessKilledWhileSavingLeavesEitherTheOldOrTheNewFile(@TempDir Path dir) throws Exception {
        Random random = new Random(42);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int sawSmall = 0;
        int sawBig = 0;
        for (int i = 0; i < KILLS; i++) {
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    SaveLoop.class.getName(), dir.toString()).redirectErrorStream(true).start();
            int savesBeforeKill = 1 + random.nextInt(40);
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                // Kill only once the child has really completed a save (and then a random number more),
                // so there is always a file; the kill lands somewhere inside a later save.
                int saved = 0;
                while (saved < savesBeforeKill) {
                    String line = out.readLine();
                    if (line == null) {
                        throw new AssertionError("the child ended after " + saved + " saves, exit status "
                                + child.waitFor());
                    }
                    assertTrue(line.startsWith("saved "), () -> "the child said: " + line);
                    saved = Integer.parseInt(line.substring("saved ".length()));
                }
                child.destroyForcibly();
                assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            }
            assertTrue(Files.isRegularFile(dir.resolve(SessionStore.FILE_NAME)), "a completed save left the file");
            SessionStore.LoadResult loaded = new SessionStore(dir).load();
            assertTrue(loaded.problem().isEmpty(), () -> "after kill: " + loaded.problem());
            int count = loaded.catalog().sessions().size();
            assertTrue(count == 1 || count == 200, "sessions after kill: " + count);
            if (count == 1) {
                sawSmall++;
            } else {
                sawBig++;
                assertEquals(SaveLoop.state(200).sessions(), loaded.catalog().sessions());
            }
        }
        assertEquals(KILLS, sawSmall + sawBig);
        try (var files = Files.list(dir)) {
            long stray = files.filter(p -> !p.getFileName().toString().equals("sessions.json"))
                    .filter(p -> !p.getFileName().toString().endsWith(".tmp")).count();
            assertEquals(0, stray, "only the file and at most abandoned temp files");
        }
    }
}
