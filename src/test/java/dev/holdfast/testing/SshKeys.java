package dev.holdfast.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** OpenSSH key files made by the real {@code ssh-keygen}, as users have them. */
public final class SshKeys {
    private SshKeys() {
    }

    /**
     * Makes a key pair in OpenSSH's format.
     *
     * @param type ed25519, ecdsa or rsa
     * @param passphrase empty for an unencrypted key
     * @return the private key file; the public key is beside it with {@code .pub}
     */
    public static Path generate(Path dir, String name, String type, String passphrase)
            throws IOException, InterruptedException {
        Path file = dir.resolve(name);
        run(List.of("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C", name, "-f", file.toString()));
        return file;
    }

    public static Path publicKey(Path privateKey) {
        return privateKey.resolveSibling(privateKey.getFileName() + ".pub");
    }

    static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
