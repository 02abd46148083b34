package dev.holdfast.ui;

import dev.holdfast.testing.Clicks;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.app.Services;
import dev.holdfast.session.AuthMethod;
import dev.holdfast.session.Catalog;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.SessionStore;
import dev.holdfast.session.SettingValues;
import dev.holdfast.session.Settings;
import dev.holdfast.ssh.HostKey;
import dev.holdfast.testing.Await;
import dev.holdfast.testing.NatProxy;
import dev.holdfast.testing.TestSshServer;
import dev.holdfast.ui.terminal.TerminalTab;
import dev.holdfast.ui.window.MainWindow;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Reconnect soak: one tab, its connection dropped and reconnected N times (default 100,
 * -Dholdfast.soak.cycles); threads, heap after GC and open file descriptors must come back to where
 * they were after the first connection. Prints the figures. Not part of {@code mvn verify}: see
 * BENCHMARKS.md for the command.
 */
@ExtendWith(ApplicationExtension.class)
class ReconnectSoakBenchmark {
    @TempDir
    Path configDir;

    private TestSshServer server;
    private NatProxy nat;
    private Services services;
    private MainWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        server = new TestSshServer();
        nat = new NatProxy(server.port());
        new SessionStore(configDir).save(Catalog.empty().withSessions(List.of(SessionProfile.create("soak")
                .withOverrides(SettingValues.empty().with(Settings.HOST, "127.0.0.1").with(Settings.PORT, nat.port())
                        .with(Settings.USER, TestSshServer.USER).with(Settings.AUTH, AuthMethod.PASSWORD)
                        .with(Settings.KEEPALIVE_INTERVAL, 1)))));
        services = UiFlows.services(configDir);
        services.connections().connector().knownHosts().accept("127.0.0.1", nat.port(),
                new HostKey(server.hostKeyType(), server.hostKeyBlob()));
        window = new MainWindow(stage, services.library(), services.store().file(), false, services.connections());
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.tabArea().closeAll()).get(5, TimeUnit.SECONDS);
        services.close();
        nat.close();
        server.close();
    }

    @Test
    void dropAndReconnectManyTimes(FxRobot robot) throws Exception {
        int cycles = Integer.getInteger("holdfast.soak.cycles", 100);
        Clicks.twice(robot, UiFlows.sessionCell(robot, stage, "soak"));
        TerminalTab tab = (TerminalTab) window.tabArea().tabPane().getTabs().get(0).getUserData();
        UiFlows.answerPassword(robot, TestSshServer.PASSWORD, true);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> tab.state() == TerminalTab.State.LIVE
                && tab.screenText().contains("test$"));
        Thread.sleep(1500); // pacing: the live tab settles before the baseline is measured
        long[] baseline = measure();
        long start = System.nanoTime();
        for (int i = 0; i < cycles; i++) {
            nat.resetAll();
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> tab.state() == TerminalTab.State.LOST);
            WaitForAsyncUtils.asyncFx(tab::connect).get(5, TimeUnit.SECONDS);
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> tab.state() == TerminalTab.State.LIVE);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int baselineThreads = (int) baseline[0];
        Await.within(Duration.ofSeconds(10), () -> Thread.getAllStackTraces().size() <= baselineThreads + 5);
        Thread.sleep(1000); // pacing: a quiet second before the after-measurement
        long[] after = measure();
        System.out.printf("%nreconnect soak: %d cycles in %.1f s (%.0f ms per drop and reconnect)%n", cycles, seconds,
                seconds * 1000 / cycles);
        System.out.printf("%-24s %10s %10s %10s%n", "", "baseline", "after", "change");
        String[] names = {"threads", "heap after GC (KB)", "open file descriptors", "keepalive threads"};
        for (int i = 0; i < names.length; i++) {
            System.out.printf("%-24s %10d %10d %+10d%n", names[i], baseline[i], after[i], after[i] - baseline[i]);
        }
        assertTrue(after[0] - baseline[0] <= 5, "threads came back: " + baseline[0] + " -> " + after[0]);
        assertTrue(after[2] - baseline[2] <= 10, "file descriptors came back: " + baseline[2] + " -> " + after[2]);
        assertTrue(after[1] < baseline[1] + 32 * 1024, "heap came back: " + baseline[1] + " -> " + after[1] + " KB");
    }

    private static long[] measure() throws Exception {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200); // pacing between collections, part of the heap measurement
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
        long fds;
        try (var list = Files.list(Path.of("/proc/self/fd"))) {
            fds = list.count();
        }
        long keepalive = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("holdfast-keepalive")).count();
        return new long[] {Thread.getAllStackTraces().size(), heap, fds, keepalive};
    }
}
