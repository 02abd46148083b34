package dev.holdfast.app.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two "instances" in one JVM on the same directory: the first claims it, the second finds it taken and hands
 * its arguments over the real socket.
 */
class SingleInstanceTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path temp;

    private final List<SingleInstance> opened = new CopyOnWriteArrayList<>();
    private final List<List<String>> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void closeAll() {
        release.countDown();
        opened.forEach(SingleInstance::close);
    }

    private SingleInstance claim(Path dir) throws IOException {
        Optional<SingleInstance> instance = SingleInstance.claim(dir);
        assertTrue(instance.isPresent(), "the directory was free");
        opened.add(instance.get());
        return instance.get();
    }

    private SingleInstance serving(Path dir) throws IOException {
        SingleInstance instance = claim(dir);
        instance.serve(args -> {
            received.add(args);
            return args.contains("nosuch") ? Reply.refused("no saved session is called \"nosuch\"") : Reply.handedOver();
        });
        return instance;
    }

    @Test
    void aSecondClaimFindsTheDirectoryTakenAndHandsItsArgumentsOver() throws Exception {
        Path dir = temp.resolve("config");
        serving(dir);
        assertTrue(SingleInstance.claim(dir).isEmpty(), "a second instance on the same directory");
        Reply reply = SingleInstance.handOver(dir, List.of("--config-dir", dir.toString(), "--session", "web 1"), TIMEOUT);
        assertEquals(Reply.Status.HANDED_OVER, reply.status(), reply.message());
        assertEquals(List.of(List.of("--config-dir", dir.toString(), "--session", "web 1")), received);
    }

    @Test
    void aRefusalComesBackWithItsMessage() throws Exception {
        Path dir = temp.resolve("config");
        serving(dir);
        Reply reply = SingleInstance.handOver(dir, List.of("--session", "nosuch"), TIMEOUT);
        assertEquals(new Reply(Reply.Status.REFUSED, "no saved session is called \"nosuch\""), reply);
    }

    @Test
    void theDirectoryLockSocketAndAddressArePrivate() throws Exception {
        Path dir = temp.resolve("new").resolve("config");
        SingleInstance instance = claim(dir);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        for (Path file : List.of(dir.resolve(SingleInstance.LOCK_FILE), dir.resolve(SingleInstance.ADDRESS_FILE),
                instance.bind())) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
        }
        assertEquals(dir.resolve(SingleInstance.SOCKET_FILE), instance.bind());
    }

    @Test
    void closingFreesTheDirectoryAndRemovesTheSocket() throws Exception {
        Path dir = temp.resolve("config");
        SingleInstance first = claim(dir);
        Path socket = first.bind();
        first.close();
        assertFalse(Files.exists(socket));
        serving(dir);
        assertEquals(Reply.Status.HANDED_OVER, SingleInstance.handOver(dir, List.of(), TIMEOUT).status());
    }

    @Test
    void aSocketFileLeftByACrashIsReplaced() throws Exception {
        Path dir = temp.resolve("config");
        Files.createDirectories(dir);
        Path stale = dir.resolve(SingleInstance.SOCKET_FILE);
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(stale));
        }
        assertTrue(Files.exists(stale), "a closed socket channel leaves its file, as a crash does");
        Files.writeString(dir.resolve(SingleInstance.LOCK_FILE), "left by a crash");
        Files.writeString(dir.resolve(SingleInstance.ADDRESS_FILE), "pid=1\nsocket=" + stale + "\n");
        serving(dir);
        Reply reply = SingleInstance.handOver(dir, List.of("--session", "web"), TIMEOUT);
        assertEquals(Reply.Status.HANDED_OVER, reply.status(), reply.message());
        assertEquals(List.of(List.of("--session", "web")), received);
    }

    @Test
    void aConfigDirectoryTooLongForASocketPathUsesAPrivateTemporaryDirectory() throws Exception {
        Path dir = temp.resolve("a-config-directory-whose-path-is-too-long-for-a-unix-domain-socket-address-"
                + "on-any-operating-system-that-holdfast-runs-on");
        SingleInstance instance = serving(dir);
        Path socket = instance.bind();
        assertFalse(socket.startsWith(dir), socket.toString());
        assertTrue(socket.getParent().getFileName().toString().startsWith("holdfast-"), socket.toString());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
        assertEquals(Optional.of(socket), SingleInstance.recordedSocket(dir));
        assertEquals(Reply.Status.HANDED_OVER, SingleInstance.handOver(dir, List.of("--session", "x"), TIMEOUT).status());
        instance.close();
        assertFalse(Files.exists(socket.getParent()), "the private directory is removed on close");
    }

    @Test
    void aPrivateSocketDirectoryLeftByACrashIsRemovedOnTheNextClaim() throws Exception {
        Path dir = temp.resolve("a-config-directory-whose-path-is-too-long-for-a-unix-domain-socket-address-"
                + "on-any-operating-system-that-holdfast-runs-on");
        Path crashedDir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "holdfast-");
        Path crashedSocket = crashedDir.resolve(SingleInstance.SOCKET_FILE);
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(crashedSocket));
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(SingleInstance.ADDRESS_FILE), "pid=1\nsocket=" + crashedSocket + "\n");
        SingleInstance instance = claim(dir);
        instance.bind();
        assertFalse(Files.exists(crashedDir), "the crashed instance's socket directory");
        assertTrue(Files.exists(instance.bind()));
    }

    @Test
    void anAddressFilePointingElsewhereRemovesNothingThere() throws Exception {
        Path dir = temp.resolve("config");
        Path precious = Files.writeString(Files.createDirectories(temp.resolve("holdfast-notes")).resolve(
                SingleInstance.SOCKET_FILE), "not a socket");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(SingleInstance.ADDRESS_FILE), "socket=" + precious + "\n");
        claim(dir).bind();
        assertTrue(Files.exists(precious));
    }

    private static SocketChannel connect(SingleInstance instance) throws IOException {
        return SocketChannel.open(UnixDomainSocketAddress.of(instance.bind()));
    }

    @Test
    void anOversizedMessageIsRefusedUnreadAndTheInstanceGoesOnAnswering() throws Exception {
        Path dir = temp.resolve("config");
        SingleInstance instance = serving(dir);
        try (SocketChannel raw = connect(instance)) {
            ByteBuffer header = ByteBuffer.allocate(8).put(new byte[] {'H', 'F', 'I', Wire.VERSION})
                    .putInt(Integer.MAX_VALUE).flip();
            raw.write(header);
            Reply reply = Wire.parseReply(Wire.readFrame(raw, System.nanoTime() + TIMEOUT.toNanos()));
            assertEquals(Reply.Status.REFUSED, reply.status());
            assertTrue(reply.message().contains("2147483647 bytes (at most 65536"), reply.message());
        }
        assertEquals(Reply.Status.HANDED_OVER, SingleInstance.handOver(dir, List.of(), TIMEOUT).status());
        assertEquals(List.of(List.of()), received, "only the well-formed request reached the handler");
    }

    @Test
    void garbageIsDroppedWithoutAnAnswerAndTheInstanceGoesOnAnswering() throws Exception {
        Path dir = temp.resolve("config");
        SingleInstance instance = serving(dir);
        try (SocketChannel raw = connect(instance)) {
            raw.write(ByteBuffer.wrap("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            int read;
            try {
                read = raw.read(ByteBuffer.allocate(16));
            } catch (java.net.SocketException e) {
                read = -1; // closed with our bytes unread: "connection reset"
            }
            assertEquals(-1, read, "closed without an answer");
        }
        try (SocketChannel raw = connect(instance)) {
            // the right header, then a request whose string claims more bytes than the message holds
            ByteBuffer lying = ByteBuffer.allocate(16).put(new byte[] {'H', 'F', 'I', Wire.VERSION}).putInt(8)
                    .putInt(1).putInt(1000).flip();
            raw.write(lying);
            Reply reply = Wire.parseReply(Wire.readFrame(raw, System.nanoTime() + TIMEOUT.toNanos()));
            assertEquals(Reply.Status.REFUSED, reply.status(), reply.message());
        }
        try (SocketChannel raw = connect(instance)) {
            ByteBuffer future = ByteBuffer.allocate(8).put(new byte[] {'H', 'F', 'I', 9}).putInt(0).flip();
            raw.write(future);
            Reply reply = Wire.parseReply(Wire.readFrame(raw, System.nanoTime() + TIMEOUT.toNanos()));
            assertTrue(reply.message().contains("hand-over version 9"), reply.message());
        }
        assertEquals(Reply.Status.HANDED_OVER, SingleInstance.handOver(dir, List.of("a"), TIMEOUT).status());
        assertEquals(List.of(List.of("a")), received);
    }

    @Test
    void aPeerThatConnectsAndSendsNothingDoesNotBlockOthers() throws Exception {
        Path dir = temp.resolve("config");
        SingleInstance instance = serving(dir);
        try (SocketChannel silent = connect(instance)) {
            assertTrue(silent.isConnected());
            assertEquals(Reply.Status.HANDED_OVER, SingleInstance.handOver(dir, List.of("b"), TIMEOUT).status());
        }
    }

    @Test
    void anInstanceThatTakesTheConnectionButNeverAnswersIsReportedAsNotAnswering() throws Exception {
        Path dir = temp.resolve("config");
        claim(dir).bind(); // bound, never serving: as a process that is stopped or hung before it answers
        long start = System.nanoTime();
        Reply reply = SingleInstance.handOver(dir, List.of("--session", "web"), Duration.ofMillis(500));
        assertEquals(Reply.Status.NO_ANSWER, reply.status());
        assertEquals("It (process " + ProcessHandle.current().pid() + ") did not answer within 500 ms: it took the "
                + "connection but did not answer.", reply.message());
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(500), "gave it the whole timeout");
    }

    @Test
    void aRequestWhoseLaunchGaveUpIsDroppedWhenTheInstanceCatchesUp() throws Exception {
        Path dir = temp.resolve("config");
        SingleInstance instance = claim(dir);
        instance.bind(); // not answering yet: the request waits in the socket's backlog
        assertEquals(Reply.Status.NO_ANSWER, SingleInstance.handOver(dir, List.of("gave", "up"),
                Duration.ofMillis(300)).status());
        instance.serve(args -> {
            received.add(args);
            return Reply.handedOver();
        });
        Reply reply = SingleInstance.handOver(dir, List.of("waits"), TIMEOUT);
        assertEquals(Reply.Status.HANDED_OVER, reply.status(), reply.message());
        assertEquals(List.of(List.of("waits")), received, "what the first launch was told was not done is not done");
    }

    @Test
    void aHandlerThatHangsIsReportedAsNotAnswering() throws Exception {
        Path dir = temp.resolve("config");
        claim(dir).serve(args -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Reply.handedOver();
        });
        Reply reply = SingleInstance.handOver(dir, List.of(), Duration.ofSeconds(1));
        assertEquals(Reply.Status.NO_ANSWER, reply.status());
        assertTrue(reply.message().contains("it took the connection but did not answer"), reply.message());
    }

    @Test
    void aHolderThatIsNotListeningYetIsWaitedForUntilTheTimeout() throws Exception {
        Path dir = temp.resolve("config");
        Files.createDirectories(dir);
        // the lock is held, but no address file was written yet: as between the lock and the bind
        try (java.nio.channels.FileChannel lock = java.nio.channels.FileChannel.open(
                dir.resolve(SingleInstance.LOCK_FILE), java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE); java.nio.channels.FileLock held = lock.lock()) {
            assertTrue(held.isValid());
            assertTrue(SingleInstance.claim(dir).isEmpty());
            Reply reply = SingleInstance.handOver(dir, List.of(), Duration.ofMillis(300));
            assertEquals(Reply.Status.NO_ANSWER, reply.status());
            assertTrue(reply.message().contains("does not listen"), reply.message());
        }
    }

    @Test
    void aConnectionThatBreaksAfterTheRequestIsNotTriedAgain() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("config"));
        Path socket = dir.resolve(SingleInstance.SOCKET_FILE);
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.writeString(dir.resolve(SingleInstance.ADDRESS_FILE), "socket=" + socket + "\n");
            Thread acceptor = new Thread(() -> {
                while (true) {
                    try (SocketChannel peer = server.accept()) {
                        Wire.readFrame(peer, System.nanoTime() + TIMEOUT.toNanos());
                        requests.incrementAndGet(); // then closes without answering, as a process that dies here
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Reply reply = SingleInstance.handOver(dir, List.of("--session", "web"), TIMEOUT);
            assertEquals(Reply.Status.NO_ANSWER, reply.status());
            assertTrue(reply.message().contains("the connection ended before its answer"), reply.message());
            assertEquals(1, requests.get(), "sent once: a second try could open the tab twice");
        }
    }

    @Test
    void aHandlerThatThrowsIsAnsweredAsBusy() throws Exception {
        Path dir = temp.resolve("config");
        claim(dir).serve(args -> {
            throw new IllegalStateException("boom");
        });
        Reply reply = SingleInstance.handOver(dir, List.of(), TIMEOUT);
        assertEquals(Reply.Status.BUSY, reply.status());
    }

    @Test
    void aCommandLineTooLongToHandOverIsRefusedWithoutConnecting() {
        Reply reply = SingleInstance.handOver(temp, List.of("x".repeat(Wire.MAX_PAYLOAD)), TIMEOUT);
        assertEquals(Reply.Status.REFUSED, reply.status());
        assertTrue(reply.message().contains("too long"), reply.message());
    }

    @Test
    void requestsAndRepliesSurviveTheWireAndBrokenOnesAreRefused() throws Exception {
        List<String> args = List.of("--session", "caf\u00e9 \u2603", "", "ssh://a@b:22");
        assertEquals(args, Wire.parseRequest(Wire.request(args)));
        Reply reply = Reply.refused("no saved session is called \"x\"");
        assertEquals(reply, Wire.parseReply(Wire.reply(reply)));
        assertThrows(Wire.ProtocolException.class, () -> Wire.parseRequest(new byte[] {0, 0}));
        assertThrows(Wire.ProtocolException.class, () -> Wire.parseRequest(new byte[] {0, 0, 0, 1, 0, 0, 0, 1,
                (byte) 0xff}));
        assertThrows(Wire.ProtocolException.class, () -> Wire.parseRequest(new byte[] {0x7f, 0, 0, 0}));
        assertThrows(Wire.ProtocolException.class, () -> Wire.parseReply(new byte[] {9, 0, 0, 0, 0}));
    }
}
