package dev.holdfast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.session.Catalog;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.SessionStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: a real process, its exit status and what it prints. */
class LauncherProcessIT {
    @TempDir
    Path configDir;

    private record Result(int status, String out, String err) {
    }

    private Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "-Dglass.platform=Monocle",
                "-Dmonocle.platform=Headless", "-Dprism.order=sw", "-Djava.awt.headless=true",
                "dev.holdfast.app.Launcher"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("still running: " + String.join(" ", args));
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8), new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static void assertNoStackTrace(Result result) {
        assertFalse(result.err.contains("Exception") || result.err.contains("\tat "), result.err);
    }

    @Test
    void helpAndVersionExitZero() throws Exception {
        Result help = run("--help");
        assertEquals(0, help.status);
        assertTrue(help.out.startsWith("Usage: holdfast"), help.out);
        assertTrue(help.out.contains("--session NAME"));
        Result version = run("--version");
        assertEquals(0, version.status);
        assertTrue(version.out.startsWith("Holdfast "), version.out);
    }

    @Test
    void aBadArgumentExitsTwoWithAMessageAndNoStackTrace() throws Exception {
        Result bogus = run("--bogus");
        assertEquals(2, bogus.status);
        assertTrue(bogus.err.startsWith("holdfast: Unknown option: --bogus"), bogus.err);
        assertNoStackTrace(bogus);
        Result port = run("deploy@web.example.com:99999");
        assertEquals(2, port.status);
        assertTrue(port.err.contains("Not a port (1-65535)"), port.err);
        assertNoStackTrace(port);
    }

    @Test
    void anUnknownSessionNameExitsTwoAndListsTheSavedOnes() throws Exception {
        new SessionStore(configDir).save(Catalog.empty().withSessions(List.of(SessionProfile.create("web"),
                SessionProfile.create("db"))));
        Result result = run("--config-dir", configDir.toString(), "--session", "nosuch");
        assertEquals(2, result.status, result.err);
        assertTrue(result.err.contains("holdfast: no saved session is called \"nosuch\". Saved sessions: db, web"),
                result.err);
        assertNoStackTrace(result);
    }
}
