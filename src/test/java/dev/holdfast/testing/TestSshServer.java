package dev.holdfast.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.helpers.AbstractSession;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.keyboard.DefaultKeyboardInteractiveAuthenticator;

/**
 * An in-process Apache MINA SSHD server on a free loopback port, for tests: an ECDSA host key made
 * fresh for each server, password / keyboard-interactive login for {@link #USER} with {@link #PASSWORD},
 * public-key login for keys added with {@link #authorize}, and a real {@code /bin/sh} on a PTY. It
 * records each shell's PTY request and every window-change.
 */
public final class TestSshServer implements AutoCloseable {
    public static final String USER = "alice";
    public static final String PASSWORD = "wonderland";

    private final SshServer server;
    private final KeyPair hostKey;
    private final List<byte[]> authorizedKeys = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> ptyRequests = new CopyOnWriteArrayList<>();
    private final List<int[]> windowChanges = new CopyOnWriteArrayList<>();
    private final List<String> passwordsTried = new CopyOnWriteArrayList<>();

    public TestSshServer() throws IOException, GeneralSecurityException {
        this(PASSWORD);
    }

    /** A server whose password for {@link #USER} is {@code password}. */
    public TestSshServer(String password) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        hostKey = generator.generateKeyPair();
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator((user, typed, session) -> {
            passwordsTried.add(typed);
            return USER.equals(user) && password.equals(typed);
        });
        server.setKeyboardInteractiveAuthenticator(new DefaultKeyboardInteractiveAuthenticator());
        server.setPublickeyAuthenticator((user, key, session) -> USER.equals(user) && isAuthorized(key));
        server.setShellFactory(channel -> new PtyShellCommand(env -> ptyRequests.add(Map.copyOf(env.getEnv())),
                windowChanges::add));
        server.start();
    }

    public int port() {
        return server.getPort();
    }

    /** The host key's public half in SSH wire format, as it would appear in known_hosts. */
    public byte[] hostKeyBlob() {
        return blob(hostKey.getPublic());
    }

    public String hostKeyType() {
        return "ecdsa-sha2-nistp256";
    }

    /** Lets the public key in an OpenSSH {@code .pub} file log in as {@link #USER}. */
    public void authorize(Path publicKeyFile) throws IOException {
        String[] fields = Files.readString(publicKeyFile).trim().split("\\s+");
        authorizedKeys.add(Base64.getDecoder().decode(fields[1]));
    }

    public List<Map<String, String>> ptyRequests() {
        return List.copyOf(ptyRequests);
    }

    /** Every window-change received, as {columns, rows}. */
    public List<int[]> windowChanges() {
        return List.copyOf(windowChanges);
    }

    public List<String> passwordsTried() {
        return List.copyOf(passwordsTried);
    }

    public int activeSessions() {
        return server.getActiveSessions().size();
    }

    /** Ends every session with SSH_MSG_DISCONNECT carrying {@code reason} (an RFC 4253 code) and message. */
    public void disconnectAll(int reason, String message) throws IOException {
        for (AbstractSession session : server.getActiveSessions()) {
            session.disconnect(reason, message);
        }
    }

    /** Closes every session's TCP connection at once, without SSH_MSG_DISCONNECT: the client reads EOF. */
    public void dropAll() {
        server.getActiveSessions().forEach(session -> session.getIoSession().close(true));
    }

    /** The MINA server itself, for tests that change how it answers. */
    public SshServer server() {
        return server;
    }

    private boolean isAuthorized(PublicKey key) {
        byte[] presented = blob(key);
        return authorizedKeys.stream().anyMatch(k -> Arrays.equals(k, presented));
    }

    private static byte[] blob(PublicKey key) {
        ByteArrayBuffer buffer = new ByteArrayBuffer();
        buffer.putPublicKey(key);
        buffer.getInt(); // MINA writes the blob as an SSH string: drop its length
        return buffer.getCompactData();
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
