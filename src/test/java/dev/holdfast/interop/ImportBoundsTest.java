package dev.holdfast.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one import may read: an Include fan-out, a FIFO, /dev/zero, a loop, too many lines or bytes are
 * refused quickly with a message naming the bound (before, a 5 KB fan-out ran out of memory at 2 GB and
 * a FIFO blocked the reading thread for good).
 */
class ImportBoundsTest {
    private static final Duration QUICK = Duration.ofSeconds(20);

    @TempDir
    Path ssh;

    @Test
    void anIncludeFanOutWithoutALoopStopsAtTheFileBound() throws Exception {
        // 40 files on each of 3 levels, each including every file of the next level three times: 1.7 million
        // reads at the bottom, from under 6 KB
        for (int level = 1; level <= 3; level++) {
            Path dir = Files.createDirectories(ssh.resolve("l" + level));
            for (int i = 0; i < 40; i++) {
                Files.writeString(dir.resolve("f" + i), level < 3 ? ("Include l" + (level + 1) + "/*\n").repeat(3)
                        : "Host h" + i + "\n  HostName h" + i + ".example.com\n");
            }
        }
        Path config = Files.writeString(ssh.resolve("config"), "Include l1/*\n");
        long total;
        try (var files = Files.walk(ssh)) {
            total = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        assertTrue(total < 6 * 1024, "a small input: " + total + " bytes");
        ImportException refused = assertTimeoutPreemptively(QUICK, () -> assertThrows(ImportException.class,
                () -> new OpenSshConfigImporter(ssh).read(config)));
        assertTrue(refused.getMessage().contains("this import has already read " + ReadLimits.MAX_FILES
                + " files, the most one import may read"), refused.getMessage());
    }

    @Test
    void aFifoIsRefusedBeforeItIsOpened() throws Exception {
        Path fifo = ssh.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertTrue(mkfifo.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, mkfifo.exitValue());
        Path config = Files.writeString(ssh.resolve("config"), "Host a\n  HostName a.example.com\nInclude fifo\n");
        String included = assertTimeoutPreemptively(QUICK, () -> assertThrows(ImportException.class,
                () -> new OpenSshConfigImporter(ssh).read(config))).getMessage();
        assertEquals(fifo + ": is not a regular file (a FIFO, device or socket), so it was not read", included);
        for (ThrowingRead read : new ThrowingRead[] {
                () -> new OpenSshConfigImporter(ssh).read(fifo), () -> new WinScpImporter().read(fifo),
                () -> new PuttyImporter().read(fifo), () -> new BackupImporter().read(fifo)}) {
            String message = assertTimeoutPreemptively(QUICK, () -> assertThrows(Exception.class, read::read))
                    .getMessage();
            assertTrue(message.contains("not a regular file") || message.contains("FIFO"), message);
        }
    }

    @Test
    void devZeroThroughASymlinkIsRefused() throws Exception {
        Path zero = Files.createSymbolicLink(ssh.resolve("zero"), Path.of("/dev/zero"));
        Path config = Files.writeString(ssh.resolve("config"), "Include zero\n");
        String message = assertTimeoutPreemptively(QUICK, () -> assertThrows(ImportException.class,
                () -> new OpenSshConfigImporter(ssh).read(config))).getMessage();
        assertEquals(zero + ": is not a regular file (a FIFO, device or socket), so it was not read", message);
        assertTimeoutPreemptively(QUICK, () -> assertThrows(ImportException.class, () -> new WinScpImporter().read(zero)));
    }

    @Test
    void aLoopOfTwoFilesStopsAtOpenSshsDepth() throws Exception {
        Files.writeString(ssh.resolve("b"), "Include a\n");
        Path a = Files.writeString(ssh.resolve("a"), "Host x\nInclude b\n");
        String message = assertTimeoutPreemptively(QUICK, () -> assertThrows(ImportException.class,
                () -> new OpenSshConfigImporter(ssh).read(a))).getMessage();
        assertTrue(message.contains("Include nests deeper than 16 files (a loop?)"), message);
    }

    @Test
    void tooManyLinesOrBytesInAllAreRefusedNamingTheBound() throws Exception {
        Files.writeString(ssh.resolve("many"), "# x\n".repeat((int) ReadLimits.MAX_LINES));
        Path config = Files.writeString(ssh.resolve("config"), "Host a\nInclude many\n");
        String lines = assertThrows(ImportException.class, () -> new OpenSshConfigImporter(ssh).read(config))
                .getMessage();
        assertTrue(lines.contains("have more than 100000 lines, the most one import may read"), lines);

        // three files of 3 MB: each is allowed, together they are not
        String big = ("#" + "x".repeat(3 * 1024 * 1024 / 1000 - 2) + "\n").repeat(1000);
        for (String name : new String[] {"big1", "big2", "big3"}) {
            Files.writeString(ssh.resolve(name), big);
        }
        Path three = Files.writeString(ssh.resolve("three"), "Include big1 big2 big3\n");
        String bytes = assertThrows(ImportException.class, () -> new OpenSshConfigImporter(ssh).read(three))
                .getMessage();
        assertTrue(bytes.startsWith(ssh.resolve("big3") + ": not read in full: the files of this import come to more"
                + " than 8 MB"), bytes);
    }

    @FunctionalInterface
    private interface ThrowingRead {
        void read() throws Exception;
    }
}
