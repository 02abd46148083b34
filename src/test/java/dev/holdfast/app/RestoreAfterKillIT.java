package dev.holdfast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.holdfast.session.AuthMethod;
import dev.holdfast.session.Catalog;
import dev.holdfast.session.RemoteSession;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.SessionStore;
import dev.holdfast.session.SettingValues;
import dev.holdfast.session.Settings;
import dev.holdfast.ssh.KnownHosts;
import dev.holdfast.testing.Await;
import dev.holdfast.testing.Multiplexers;
import dev.holdfast.testing.OpenSshServer;
import dev.holdfast.testing.Requires;
import dev.holdfast.testing.SshKeys;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holdfast itself killed (SIGKILL, no quit) and started again with Restore tabs on: the restored tab attaches
 * to the same tmux session on Debian's sshd, whose shell (same PID) ran on meanwhile. The app runs as a child
 * process (headless Monocle); what it does is seen from the server's side, through tmux's own client list.
 */
class RestoreAfterKillIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String NAME = "holdfast-web1-1";

    @TempDir
    Path dir;
    private OpenSshServer server;
    private Multiplexers multiplexers;
    private final List<Process> apps = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Process app : apps) {
            app.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
        if (multiplexers != null) {
            multiplexers.stopAll();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aKilledHoldfastStartedAgainResumesTheTabsTmuxSession() throws Exception {
        Requires.multiplexers();
        multiplexers = Multiplexers.in(dir);
        server = OpenSshServer.start(dir.resolve("sshd"), "INFO", List.of("SetEnv " + multiplexers.environment()));
        Path key = SshKeys.generate(dir, "id_ed25519", "ed25519", "");
        server.authorize(SshKeys.publicKey(key));
        Path configDir = dir.resolve("config");
        SessionProfile web1 = SessionProfile.create("web1").withOverrides(SettingValues.empty()
                .with(Settings.HOST, server.host()).with(Settings.PORT, server.port())
                .with(Settings.USER, server.user()).with(Settings.AUTH, AuthMethod.PUBLIC_KEY)
                .with(Settings.KEY_FILE, key.toString()).with(Settings.REMOTE_SESSION, RemoteSession.TMUX));
        // as a Holdfast with Restore tabs on leaves the file while one tab of web1 is open
        new SessionStore(configDir).save(Catalog.empty().withSessions(List.of(web1))
                .withPreference("restoreTabs", "true")
                .withPreference("openTabs", "selected 0\n" + web1.id() + " 1 " + NAME));
        new KnownHosts(List.of(), configDir.resolve("known_hosts")).accept(server.host(), server.port(),
                server.hostKey("ed25519"));

        Process first = start(configDir);
        String pid = Await.value("the restored tab attached to " + NAME, WAIT, () -> attachedPanePid(),
                () -> output(first));
        first.destroyForcibly(); // SIGKILL: no quit, no save, no disconnect
        first.waitFor(20, TimeUnit.SECONDS);
        Await.until("the killed app's tmux client is gone", WAIT, () -> attachedPanePid().isEmpty());

        Process second = start(configDir);
        String again = Await.value("the tab restored again attached to " + NAME, WAIT, () -> attachedPanePid(),
                () -> output(second));
        assertEquals(pid, again, "the same shell went on");
        assertEquals(List.of(NAME), tmux("list-sessions", "-F", "#{session_name}").lines().toList(),
                "no second session");
    }

    /** The shell's PID in the session, while a client is attached to it. */
    private Optional<String> attachedPanePid() throws IOException, InterruptedException {
        if (tmux("list-clients", "-t", "=" + NAME).isBlank()) {
            return Optional.empty();
        }
        String pid = tmux("display-message", "-p", "-t", "=" + NAME + ":", "#{pane_pid}").strip();
        return pid.matches("\\d+") ? Optional.of(pid) : Optional.empty();
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux"));
        command.addAll(List.of(args));
        Process p = multiplexers.configure(new ProcessBuilder(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(20, TimeUnit.SECONDS);
        return p.exitValue() == 0 ? out : "";
    }

    private Process start(Path configDir) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dglass.platform=Monocle",
                "-Dmonocle.platform=Headless", "-Dprism.order=sw", "-Djava.awt.headless=true",
                "dev.holdfast.app.Launcher", "--config-dir", configDir.toString());
        File log = dir.resolve("app-" + apps.size() + ".log").toFile();
        Process app = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        app.getOutputStream().close();
        apps.add(app);
        return app;
    }

    private String output(Process app) {
        try {
            return "app " + (app.isAlive() ? "running" : "exited " + app.exitValue()) + "; its log:\n"
                    + java.nio.file.Files.readString(dir.resolve("app-" + apps.indexOf(app) + ".log"));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
