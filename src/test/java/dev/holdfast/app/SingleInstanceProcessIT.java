package dev.holdfast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.session.Catalog;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.SessionStore;
import dev.holdfast.testing.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One Holdfast per config directory, with real processes: a headless first instance, then second launches
 * on the same directory that hand their command line over and exit.
 */
class SingleInstanceProcessIT {
    @TempDir
    Path dir;

    private Path configDir;
    private Process first;
    private Path firstLog;

    private record Result(int status, String out, String err, Duration took) {
    }

    @BeforeEach
    void saveSessions() throws IOException {
        configDir = dir.resolve("config");
        new SessionStore(configDir).save(Catalog.empty().withSessions(List.of(SessionProfile.create("web"),
                SessionProfile.create("db"))));
    }

    @AfterEach
    void stopFirst() throws Exception {
        if (first != null && first.isAlive()) {
            resume(first); // in case a test stopped it
            first.destroyForcibly();
            first.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "-Dglass.platform=Monocle",
                "-Dmonocle.platform=Headless", "-Dprism.order=sw", "-Djava.awt.headless=true",
                "dev.holdfast.app.Launcher"));
        command.addAll(List.of(args));
        return command;
    }

    /** Starts the first instance and waits until its window takes hand-overs. */
    private void startFirst() throws Exception {
        firstLog = dir.resolve("first.log");
        first = new ProcessBuilder(command("--config-dir", configDir.toString())).redirectErrorStream(true)
                .redirectOutput(firstLog.toFile()).start();
        Await.until("the first Holdfast's window to take hand-overs", Duration.ofSeconds(60),
                () -> firstLog().contains("The window takes command lines from other launches"), this::firstLog);
    }

    private String firstLog() {
        try {
            return Files.readString(firstLog, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command(args));
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("still running: " + String.join(" ", args));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8), new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8),
                took);
    }

    private Result second(String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("--config-dir", configDir.toString()));
        all.addAll(List.of(args));
        return run(Map.of(), all.toArray(String[]::new));
    }

    @Test
    void aSecondLaunchHandsItsSessionToTheFirstAndExitsZeroWithoutLoadingTheSettings() throws Exception {
        startFirst();
        Result second = second("--session", "web");
        assertEquals(0, second.status, second.err);
        assertTrue(second.out.startsWith("holdfast: handed over to the Holdfast already running with the settings in "
                + configDir), second.out);
        assertFalse(second.err.contains("Settings in"), "the second launch loaded the settings: " + second.err);
        assertTrue(second.took.compareTo(Launcher.HAND_OVER_WITHIN) < 0, "took " + second.took);
        Await.until("the first Holdfast to open the handed-over session", Duration.ofSeconds(30),
                () -> firstLog().contains("Opened the session web handed over by another launch"), this::firstLog);
        assertTrue(first.isAlive());

        Result version = second("--version");
        assertEquals(0, version.status, version.err);
        assertTrue(version.out.startsWith("Holdfast "), "--version needs no lock and hands nothing over: " + version.out);

        Result adHoc = second("ops@ad-hoc.invalid:2222");
        assertEquals(0, adHoc.status, adHoc.err);
        Await.until("the first Holdfast to open the handed-over destination", Duration.ofSeconds(30),
                () -> firstLog().contains("Opened ops@ad-hoc.invalid:2222 handed over by another launch"),
                this::firstLog);
    }

    @Test
    void anUnknownSessionNameHandedOverExitsTwoWithTheMessage() throws Exception {
        startFirst();
        Result second = second("--session", "nosuch");
        assertEquals(2, second.status, second.err);
        assertEquals("holdfast: no saved session is called \"nosuch\". Saved sessions: db, web\n", second.err);
        assertFalse(firstLog().contains("handed over by another launch"), firstLog());
    }

    @Test
    void afterTheFirstIsKilledTheNextLaunchStartsAsTheFirst() throws Exception {
        startFirst();
        first.destroyForcibly(); // SIGKILL: no shutdown hook, the lock and socket files stay behind
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        assertTrue(Files.exists(configDir.resolve(dev.holdfast.app.instance.SingleInstance.SOCKET_FILE)),
                "the killed instance left its socket file");
        Result next = run(Map.of("HOLDFAST_EXIT_AFTER_START", "1"), "--config-dir", configDir.toString());
        assertEquals(0, next.status, next.err);
        assertFalse(next.out.contains("handed over"), next.out);
        assertTrue(next.err.contains("The window takes command lines from other launches"),
                "it started its own window: " + next.err);
    }

    @Test
    void aFirstThatDoesNotAnswerIsReportedAndNoSecondWindowStarts() throws Exception {
        startFirst();
        stop(first);
        try {
            Result second = second("--session", "web");
            assertEquals(1, second.status, second.out + second.err);
            assertTrue(second.err.startsWith("holdfast: Holdfast is already running with the settings in " + configDir
                    + ". It (process " + first.pid() + ") did not answer within 10 seconds"), second.err);
            assertTrue(second.err.contains("If that Holdfast is stuck, end it"), second.err);
            assertFalse(second.err.contains("Settings in"), second.err);
        } finally {
            resume(first);
        }
        Await.until("the resumed first Holdfast to drop the hand-over whose launch gave up", Duration.ofSeconds(30),
                () -> firstLog().contains("Dropped a hand-over whose launch had stopped waiting"), this::firstLog);
        assertFalse(firstLog().contains("Opened the session web"), "it opened what the second said it did not");
    }

    private static void stop(Process process) throws Exception {
        signal("-STOP", process);
    }

    private static void resume(Process process) throws Exception {
        signal("-CONT", process);
    }

    private static void signal(String signal, Process process) throws Exception {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, kill.exitValue());
    }
}
