package dev.holdfast.testing;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.holdfast.session.AuthMethod;
import dev.holdfast.ssh.ConnectSpec;
import dev.holdfast.ssh.HostKeyCheck;
import dev.holdfast.ssh.Interaction;
import dev.holdfast.ssh.KnownHosts;
import dev.holdfast.ssh.SecretCache;
import dev.holdfast.ssh.Secret;
import dev.holdfast.ssh.SshConnection;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A process that logs in with a password the way the app does and then dumps its own heap, for
 * {@code PasswordInMemoryIT}: the password comes on standard input, read without any buffer of the JDK's,
 * so a copy in the dump can only be one Holdfast or SSHJ kept. Two control markers, a {@code char[]} and a
 * {@code String} derived from an argument, stay reachable so the test can show its search finds both forms.
 * Arguments: port, known_hosts file, dump file, control text.
 */
public final class PasswordLoginChild {
    /** Reachable for the whole run: the test must find them in the dump. */
    static char[] controlChars;
    static String controlString;

    private PasswordLoginChild() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path knownHostsFile = Path.of(args[1]);
        Path dump = Path.of(args[2]);
        controlChars = new StringBuilder(args[3]).reverse().toString().toCharArray();
        controlString = new StringBuilder(args[3]).reverse().append("-string").toString();
        char[] password = readLine();
        Interaction interaction = new Interaction() {
            @Override
            public void progress(String step) {
            }

            @Override
            public HostKeyDecision unknownHostKey(ConnectSpec spec, HostKeyCheck check) {
                return HostKeyDecision.CANCEL;
            }

            @Override
            public Optional<Secret> password(ConnectSpec spec, int attempt) {
                Secret secret = new Secret(password, false);
                Arrays.fill(password, '\0'); // as ConnectDialogs wipes what the field gave it
                return Optional.of(secret);
            }

            @Override
            public Optional<Secret> passphrase(ConnectSpec spec, Path keyFile, int attempt) {
                return Optional.empty();
            }

            @Override
            public Optional<Secret> keyboardInteractive(ConnectSpec spec, KeyboardPrompt prompt) {
                return Optional.empty();
            }
        };
        ConnectSpec spec = new ConnectSpec("heap", "127.0.0.1", port, TestSshServer.USER, AuthMethod.PASSWORD,
                Optional.empty(), Duration.ofSeconds(30), "xterm-256color");
        KnownHosts knownHosts = new KnownHosts(List.of(), knownHostsFile);
        try (SshConnection connection = TestConnectors.connector(knownHosts, new SecretCache())
                .attempt(spec, interaction, 80, 24).run()) {
            connection.input().write("echo logged-$((20+22))\n".getBytes(StandardCharsets.US_ASCII));
            connection.input().flush();
            StringBuilder seen = new StringBuilder();
            byte[] chunk = new byte[4096];
            while (seen.indexOf("logged-42") < 0) {
                int n = connection.output().read(chunk);
                if (n < 0) {
                    throw new IOException("the shell ended before it answered: " + seen);
                }
                seen.append(new String(chunk, 0, n, StandardCharsets.US_ASCII));
            }
            System.gc();
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(dump.toString(), true);
            System.out.println("DUMPED " + controlChars.length + controlString.length());
        }
    }

    /** One line of standard input, byte by byte from the file descriptor, as characters; the bytes are wiped. */
    private static char[] readLine() throws IOException {
        byte[] bytes = new byte[256];
        int length = 0;
        @SuppressWarnings("resource") // standard input stays open
        FileInputStream in = new FileInputStream(FileDescriptor.in);
        for (int b = in.read(); b >= 0 && b != '\n' && length < bytes.length; b = in.read()) {
            bytes[length++] = (byte) b;
        }
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = (char) (bytes[i] & 0x7f);
        }
        Arrays.fill(bytes, (byte) 0);
        return chars;
    }
}
