package dev.holdfast.testing;

import dev.holdfast.ssh.SshConnection;
import java.io.IOException;

/** A shell's output read and thrown away on a daemon thread, so nothing backs up when the content does not matter. */
public final class ShellOutput {
    private ShellOutput() {
    }

    public static void drain(SshConnection connection) {
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[4096];
            try {
                while (connection.output().read(buffer) >= 0) {
                    // discard
                }
            } catch (IOException e) {
                // the connection is gone
            }
        }, "shell-drain");
        reader.setDaemon(true);
        reader.start();
    }
}
