package dev.holdfast.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;

/** Runs a short command on a channel of its own, beside the shell, without a PTY. */
final class RemoteCommands {

    private RemoteCommands() {
    }

    /**
     * Runs {@code command} and returns what it printed on stdout, decoded as UTF-8 and cut at {@code limit}
     * bytes (the rest is read and dropped); empty when it has not finished within {@code wait}, in which case
     * its channel is closed. Blocks the calling thread.
     */
    static Optional<String> run(SSHClient client, String command, int limit, Duration wait) throws IOException {
        Session session = client.startSession();
        try {
            Session.Command running = session.exec(command);
            running.getOutputStream().close();
            AtomicBoolean late = new AtomicBoolean();
            CompletableFuture<Void> timer = CompletableFuture.runAsync(() -> {
                late.set(true);
                try {
                    session.close();
                } catch (IOException e) {
                    // the read below ends either way
                }
            }, CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream in = running.getInputStream()) {
                byte[] chunk = new byte[8192];
                for (int n; (n = in.read(chunk)) >= 0; ) {
                    out.write(chunk, 0, Math.max(0, Math.min(n, limit - out.size())));
                }
            } catch (IOException e) {
                if (!late.get()) {
                    throw e;
                }
            } finally {
                timer.cancel(false);
            }
            return late.get() ? Optional.empty() : Optional.of(out.toString(StandardCharsets.UTF_8));
        } finally {
            session.close();
        }
    }
}
