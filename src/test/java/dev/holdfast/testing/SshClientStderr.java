package dev.holdfast.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The OpenSSH client's stderr, read on a thread of its own as it comes, with the {@link System#nanoTime()}
 * at which its keepalive timeout line ("Timeout, server … not responding") was read.
 */
public final class SshClientStderr {
    public static final Pattern TIMEOUT = Pattern.compile("Timeout, server .* not responding");

    public final StringBuffer text = new StringBuffer();
    public final CompletableFuture<Long> timeoutAt = new CompletableFuture<>();

    public SshClientStderr(Process process) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    long now = System.nanoTime();
                    text.append(line).append('\n');
                    if (TIMEOUT.matcher(line).find()) {
                        timeoutAt.complete(now);
                    }
                }
            } catch (IOException e) {
                text.append("[reading ssh's stderr failed: ").append(e).append("]\n");
            }
        }, "ssh-stderr");
        reader.setDaemon(true);
        reader.start();
    }
}
