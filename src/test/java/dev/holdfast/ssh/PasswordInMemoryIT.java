package dev.holdfast.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.testing.PasswordLoginChild;
import dev.holdfast.testing.TestSshServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A password that was not to be remembered is not in the client's memory once the login is done: a
 * process of its own (so the in-process server's copy is not in the heap) logs in with it as the app does,
 * and its heap dump is searched for it as bytes (a Latin-1 or UTF-8 string), as UTF-16 in either byte
 * order (a {@code char[]}). Two control markers show that the search finds both forms. This covers the
 * SSH side from the {@link Secret} on (the connector, the authenticators, SSHJ); the dialog's own field is
 * JavaFX's and is cleared when it closes.
 */
class PasswordInMemoryIT {
    @TempDir
    Path dir;

    @Test
    void aPasswordNotRememberedIsNowhereInTheHeapAfterLogin() throws Exception {
        String password = "Hf" + random(18);
        String control = "Ctl" + random(18);
        try (TestSshServer server = new TestSshServer(password)) {
            Path knownHostsFile = dir.resolve("known_hosts");
            new KnownHosts(List.of(), knownHostsFile).accept("127.0.0.1", server.port(),
                    new HostKey(server.hostKeyType(), server.hostKeyBlob()));
            Path dump = dir.resolve("child.hprof");
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), PasswordLoginChild.class.getName(),
                    Integer.toString(server.port()), knownHostsFile.toString(), dump.toString(), control)
                    .redirectErrorStream(true).start();
            child.getOutputStream().write((password + "\n").getBytes(StandardCharsets.US_ASCII));
            child.getOutputStream().close();
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child finishes");
            assertEquals(0, child.exitValue(), output);
            assertTrue(output.contains("DUMPED"), output);
            assertEquals(List.of(password), server.passwordsTried(), "the login used the password");

            byte[] heap = Files.readAllBytes(dump);
            String reversed = new StringBuilder(control).reverse().toString();
            assertTrue(contains(heap, utf16(reversed, true)), "the search finds a char[] in the dump");
            assertTrue(contains(heap, (reversed + "-string").getBytes(StandardCharsets.ISO_8859_1)),
                    "the search finds a String in the dump");
            assertTrue(!contains(heap, password.getBytes(StandardCharsets.ISO_8859_1)), "the password as bytes");
            assertTrue(!contains(heap, utf16(password, true)), "the password as UTF-16BE characters");
            assertTrue(!contains(heap, utf16(password, false)), "the password as UTF-16LE characters");
        }
    }

    private static String random(int length) {
        String letters = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(letters.charAt(random.nextInt(letters.length())));
        }
        return text.toString();
    }

    private static byte[] utf16(String text, boolean bigEndian) {
        return text.getBytes(bigEndian ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE);
    }

    private static boolean contains(byte[] haystack, byte[] needle) throws IOException {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
