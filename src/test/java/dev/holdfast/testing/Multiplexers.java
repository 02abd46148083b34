package dev.holdfast.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * tmux and screen servers of a test's own: their socket directories ({@code TMUX_TMPDIR}, {@code SCREENDIR})
 * under the test's directory, so a test never meets the user's own sessions, and {@link #stopAll} ends every
 * session made there.
 */
public final class Multiplexers {
    private final Path tmux;
    private final Path screen;

    private Multiplexers(Path tmux, Path screen) {
        this.tmux = tmux;
        this.screen = screen;
    }

    /** Makes {@code dir/tmux} and {@code dir/screen}, readable by this user only (screen insists). */
    public static Multiplexers in(Path dir) throws IOException {
        Path tmux = Files.createDirectories(dir.resolve("tmux"));
        Path screen = Files.createDirectories(dir.resolve("screen"));
        for (Path d : List.of(tmux, screen)) {
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
        }
        return new Multiplexers(tmux, screen);
    }

    public Path tmuxDir() {
        return tmux;
    }

    public Path screenDir() {
        return screen;
    }

    /** The environment lines that point both programs at these directories ({@code NAME=value}, space-separated). */
    public String environment() {
        return "TMUX_TMPDIR=" + tmux + " SCREENDIR=" + screen;
    }

    /** Puts both directories into a process's environment. */
    public ProcessBuilder configure(ProcessBuilder pb) {
        pb.environment().put("TMUX_TMPDIR", tmux.toString());
        pb.environment().remove("TMUX");
        pb.environment().put("SCREENDIR", screen.toString());
        return pb;
    }

    /** Ends every tmux and screen session made in these directories. */
    public void stopAll() throws IOException, InterruptedException {
        if (Requires.hasCommand("tmux")) {
            wait(configure(new ProcessBuilder("tmux", "kill-server")).redirectErrorStream(true).start());
        }
        if (Requires.hasCommand("screen")) {
            Process ls = configure(new ProcessBuilder("screen", "-ls")).redirectErrorStream(true).start();
            String listed = new String(ls.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            wait(ls);
            for (String line : listed.lines().toList()) {
                String id = line.strip().replaceAll("\\s.*", "");
                if (id.matches("\\d+\\..+")) {
                    wait(configure(new ProcessBuilder("screen", "-S", id, "-X", "quit")).redirectErrorStream(true)
                            .start());
                }
            }
        }
    }

    private static void wait(Process p) throws IOException, InterruptedException {
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }
}
