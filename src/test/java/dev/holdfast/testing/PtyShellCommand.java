package dev.holdfast.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Consumer;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * A real {@code /bin/sh} on a real pseudo-terminal for the in-process server: util-linux {@code script}
 * makes the PTY (so the shell echoes and prints prompts as it would under sshd), and this command pumps
 * bytes between it and the SSH channel. Window-change requests are reported to a listener.
 */
final class PtyShellCommand implements Command {
    private final Consumer<Environment> onStart;
    private final Consumer<int[]> onWindowChange;
    private InputStream in;
    private OutputStream out;
    private ExitCallback exit;
    private Process process;

    PtyShellCommand(Consumer<Environment> onStart, Consumer<int[]> onWindowChange) {
        this.onStart = onStart;
        this.onWindowChange = onWindowChange;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        // the PTY merges stderr into stdout, as with sshd
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        onStart.accept(env);
        env.addSignalListener((ch, signal) -> onWindowChange.accept(new int[] {
            Integer.parseInt(env.getEnv().getOrDefault(Environment.ENV_COLUMNS, "0")),
            Integer.parseInt(env.getEnv().getOrDefault(Environment.ENV_LINES, "0"))}), Signal.WINCH);
        ProcessBuilder builder = new ProcessBuilder(List.of("script", "-eqfc", "/bin/sh -i", "/dev/null"));
        builder.environment().put("TERM", env.getEnv().getOrDefault(Environment.ENV_TERM, "dumb"));
        builder.environment().put("ENV", promptFile().toString());
        builder.redirectErrorStream(true);
        process = builder.start();
        Thread toShell = new Thread(() -> pump(in, process.getOutputStream(), false), "test-shell-in");
        Thread fromShell = new Thread(() -> {
            pump(process.getInputStream(), out, true);
            int status;
            try {
                status = process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = -1;
            }
            exit.onExit(status);
        }, "test-shell-out");
        toShell.setDaemon(true);
        fromShell.setDaemon(true);
        toShell.start();
        fromShell.start();
    }

    /** dash takes its prompt from the file named by ENV, not from an inherited PS1. */
    private static synchronized java.nio.file.Path promptFile() throws IOException {
        java.nio.file.Path file = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "holdfast-test-shrc");
        java.nio.file.Files.writeString(file, "PS1='test$ '\n");
        return file;
    }

    private static void pump(InputStream from, OutputStream to, boolean closeWhenDone) {
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = from.read(buffer)) >= 0) {
                to.write(buffer, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            // the other side closed
        } finally {
            if (closeWhenDone) {
                try {
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }
    }

    @Override
    public void destroy(ChannelSession channel) {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
