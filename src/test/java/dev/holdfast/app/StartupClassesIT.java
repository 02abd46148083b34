package dev.holdfast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a start that opens no connection loads: the main window, but none of the SSH crypto set-up. That
 * set-up loads every JCA provider, which instantiates BouncyCastle from its signed jar (about a second of
 * start-up); it belongs to the first connection, on its background thread.
 */
class StartupClassesIT {
    @TempDir
    Path dir;

    @Test
    void aStartWithoutConnectionsLoadsNoSshCrypto() throws Exception {
        Path log = dir.resolve("classes.log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dglass.platform=Monocle", "-Dmonocle.platform=Headless",
                "-Dprism.order=sw", "-Djava.awt.headless=true", "-Xlog:class+load=info:file=" + log,
                "dev.holdfast.app.Launcher", "--config-dir", dir.resolve("config").toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile());
        builder.environment().put("HOLDFAST_EXIT_AFTER_START", "1"); // closes itself 2 s after the window shows
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not close itself: " + Files.readString(dir.resolve("out.txt")));
        }
        assertEquals(0, process.exitValue(), Files.readString(dir.resolve("out.txt")));
        String classes = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(classes.contains(" dev.holdfast.ui.window.MainWindow "), "the main window was not made");
        assertFalse(classes.contains(" org.bouncycastle."), "BouncyCastle loaded at start");
        assertFalse(classes.contains(" net.schmizz.sshj.common.SecurityUtils "), "SSHJ's crypto set-up ran at start");
        assertFalse(classes.contains(" dev.holdfast.ssh.SshCrypto "), "SshCrypto used at start");
    }
}
