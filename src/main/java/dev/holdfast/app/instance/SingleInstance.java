package dev.holdfast.app.instance;

import dev.holdfast.session.AtomicFiles;
import dev.holdfast.threads.Threads;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Holdfast per config directory. The first start {@link #claim claims} the directory: an OS lock on
 * {@value #LOCK_FILE}, kept open for the life of the process (the OS frees it when the process ends, however
 * it ends, so a crash cannot leave it stuck), and a Unix domain socket that later launches hand their
 * command line to ({@link #handOver}). The socket is {@value #SOCKET_FILE} in the directory, or, when that
 * path is too long for a socket address, in a private directory under the system's temporary directory;
 * {@value #ADDRESS_FILE} (0600) says where. Only the same user can reach it: the directories are 0700,
 * the socket and files 0600, and where the OS tells the peer's user, another user is turned away.
 *
 * <p>No JavaFX here: the {@link #serve handler} decides what to do with the arguments, on the listener's
 * threads. Blocking I/O: never call on the FX thread.
 */
public final class SingleInstance implements AutoCloseable {
    public static final String LOCK_FILE = "holdfast.lock";
    public static final String ADDRESS_FILE = "holdfast.address";
    public static final String SOCKET_FILE = "holdfast.sock";
    /** Below every OS's limit for a socket path (104 bytes on macOS, 108 on Linux, 108 on Windows). */
    static final int MAX_SOCKET_PATH_BYTES = 100;
    /** How long a connected peer may take to send its request. */
    static final Duration READ_WITHIN = Duration.ofSeconds(5);
    private static final int MAX_CONNECTIONS = 4;
    private static final int MAX_ADDRESS_FILE_BYTES = 4096;
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Logger LOG = LoggerFactory.getLogger(SingleInstance.class);

    private final Path configDir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean closed;
    /** Guarded by {@code this}; empty until {@link #bind()}. */
    private Optional<Bound> bound = Optional.empty();

    /** The listening socket, where it is, and the private directory it was put in, if any. */
    private record Bound(ServerSocketChannel server, Path socket, Optional<Path> privateDir) {
    }

    private SingleInstance(Path configDir, FileChannel lockChannel, FileLock lock) {
        this.configDir = configDir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Takes the directory's lock; empty when another Holdfast holds it. Quick (no socket yet, so a start
     * waits for nothing more than a file lock): {@link #serve} binds the socket on its own thread, and a
     * later launch waits for it.
     *
     * @throws IOException when the lock file cannot be made or locked at all (a read-only directory)
     */
    public static Optional<SingleInstance> claim(Path configDir) throws IOException {
        AtomicFiles.createPrivateDirectories(configDir);
        Path lockFile = configDir.resolve(LOCK_FILE);
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileChannel channel = POSIX
                ? FileChannel.open(lockFile, options, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")))
                : FileChannel.open(lockFile, options);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very JVM, through another channel
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            return Optional.empty();
        }
        return Optional.of(new SingleInstance(configDir, channel, lock));
    }

    /**
     * Binds the socket, removing what a crashed Holdfast left, and records where it is; idempotent. Then
     * connections wait in its backlog until {@link #serve} answers them.
     *
     * @return where it listens
     * @throws IOException when it cannot be bound (this instance still holds the lock: later launches are
     *                     told it does not answer)
     */
    public synchronized Path bind() throws IOException {
        if (closed) {
            throw new IOException("closed");
        }
        if (bound.isPresent()) {
            return bound.get().socket();
        }
        try {
            bound = Optional.of(bind(configDir));
        } catch (UnsupportedOperationException e) {
            throw new IOException("this system has no Unix domain sockets", e);
        }
        return bound.get().socket();
    }

    private static Bound bind(Path configDir) throws IOException {
        removeLeftovers(configDir);
        Path socket = configDir.resolve(SOCKET_FILE);
        Optional<Path> privateDir = Optional.empty();
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
            Path temp = Path.of(System.getProperty("java.io.tmpdir"));
            Path dir = POSIX ? Files.createTempDirectory(temp, "holdfast-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------"))) : Files.createTempDirectory(temp, "holdfast-");
            privateDir = Optional.of(dir);
            socket = dir.resolve(SOCKET_FILE);
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket), MAX_CONNECTIONS);
            if (POSIX) {
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            }
            writeAddress(configDir, socket);
        } catch (IOException | RuntimeException e) {
            server.close();
            Files.deleteIfExists(socket);
            if (privateDir.isPresent()) {
                Files.deleteIfExists(privateDir.get());
            }
            throw e;
        }
        return new Bound(server, socket, privateDir);
    }

    /**
     * Writes {@value #ADDRESS_FILE} (0600) through a temporary file and a rename, so a reader sees the old or
     * the new one; not forced to disk (a start waits for no fsync): after a crash a stale one is harmless.
     */
    private static void writeAddress(Path configDir, Path socket) throws IOException {
        byte[] content = ("pid=" + ProcessHandle.current().pid() + "\nsocket=" + socket + "\n")
                .getBytes(StandardCharsets.UTF_8);
        Path temp = POSIX ? Files.createTempFile(configDir, "." + ADDRESS_FILE + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(configDir, "." + ADDRESS_FILE + ".", ".tmp");
        try {
            Files.write(temp, content);
            try {
                Files.move(temp, configDir.resolve(ADDRESS_FILE), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, configDir.resolve(ADDRESS_FILE), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * What a Holdfast that ended without closing left: its socket file (nobody listens on it, since we hold the
     * lock) and, if it used one, its private directory. Only a socket is removed, only in a {@code holdfast-}
     * directory, so a hand-edited address file cannot make us delete anything else.
     */
    private static void removeLeftovers(Path configDir) throws IOException {
        Files.deleteIfExists(configDir.resolve(SOCKET_FILE));
        Optional<Path> recorded = recordedSocket(configDir);
        if (recorded.isEmpty() || recorded.get().equals(configDir.resolve(SOCKET_FILE))) {
            return;
        }
        Path old = recorded.get();
        Path parent = old.getParent();
        try {
            BasicFileAttributes attributes = Files.readAttributes(old, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (attributes.isOther() && old.getFileName().toString().equals(SOCKET_FILE) && parent != null
                    && parent.getFileName() != null && parent.getFileName().toString().startsWith("holdfast-")) {
                Files.delete(old);
                Files.deleteIfExists(parent);
            }
        } catch (NoSuchFileException e) {
            // already gone (the temporary directory was cleaned)
        } catch (IOException e) {
            LOG.info("Left the old hand-over socket {} alone: {}", old, e.toString());
        }
    }

    /** The socket path in the address file, if there is a readable one. */
    static Optional<Path> recordedSocket(Path configDir) {
        return recorded(configDir, "socket=").flatMap(value -> {
            try {
                Path path = Path.of(value);
                return path.isAbsolute() ? Optional.of(path) : Optional.<Path>empty();
            } catch (java.nio.file.InvalidPathException e) {
                return Optional.empty();
            }
        });
    }

    /** The process id in the address file: for telling the user which process does not answer. */
    static OptionalLong recordedPid(Path configDir) {
        Optional<String> value = recorded(configDir, "pid=");
        try {
            return value.isPresent() ? OptionalLong.of(Long.parseLong(value.get())) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static Optional<String> recorded(Path configDir, String key) {
        Path file = configDir.resolve(ADDRESS_FILE);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_ADDRESS_FILE_BYTES + 1);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (bytes.length > MAX_ADDRESS_FILE_BYTES) {
            return Optional.empty();
        }
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n", -1)) {
            if (line.startsWith(key)) {
                return Optional.of(line.substring(key.length()));
            }
        }
        return Optional.empty();
    }


    /**
     * Starts answering hand-overs: each request's arguments go to {@code handler} on a thread of its own,
     * which answers with what it did. The handler should answer within a few seconds (the second launch gives
     * up after its own timeout); a handler that throws is answered as {@link Reply.Status#BUSY}.
     */
    public void serve(Function<List<String>, Reply> handler) {
        Threads.start("instance-listen", () -> {
            ServerSocketChannel server;
            try {
                Path socket = bind();
                synchronized (this) {
                    server = bound.orElseThrow().server();
                }
                LOG.info("Other launches on {} hand their command line over through {}", configDir, socket);
            } catch (IOException e) {
                if (!closed) {
                    // still the only instance (the lock holds); later launches say that it does not answer
                    LOG.warn("Other launches cannot hand their command line over to this one: {}", e.toString());
                }
                return;
            }
            acceptLoop(server, handler);
        });
    }

    private void acceptLoop(ServerSocketChannel server, Function<List<String>, Reply> handler) {
        while (!closed) {
            SocketChannel peer;
            try {
                peer = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("The hand-over socket stopped accepting: {}", e.toString());
                }
                return;
            }
            if (connections.incrementAndGet() > MAX_CONNECTIONS) {
                connections.decrementAndGet();
                closeQuietly(peer);
                continue;
            }
            Threads.start("instance-handover", () -> {
                try {
                    answer(peer, handler);
                } finally {
                    connections.decrementAndGet();
                    closeQuietly(peer);
                }
            });
        }
    }

    private void answer(SocketChannel peer, Function<List<String>, Reply> handler) {
        try {
            if (!sameUser(peer)) {
                LOG.warn("Turned away a hand-over from another user");
                return;
            }
            List<String> args;
            try {
                args = Wire.parseRequest(Wire.readFrame(peer, System.nanoTime() + READ_WITHIN.toNanos()));
            } catch (Wire.ProtocolException e) {
                LOG.warn("Refused a hand-over message: {}", e.getMessage());
                if (e.knownMagic()) {
                    send(peer, Reply.refused("The running Holdfast did not understand the hand-over (" + e.getMessage()
                            + "). Are both the same version?"));
                }
                return;
            }
            if (gone(peer)) {
                // it gave up waiting (this process was stopped or busy): acting now would contradict what it said
                LOG.info("Dropped a hand-over whose launch had stopped waiting for an answer");
                return;
            }
            Reply reply;
            try {
                reply = handler.apply(args);
            } catch (RuntimeException e) {
                LOG.warn("Handling a hand-over failed", e);
                reply = Reply.busy("The running Holdfast could not take the command line: " + e);
            }
            if (reply.status() == Reply.Status.NO_ANSWER) {
                reply = Reply.busy(reply.message());
            }
            send(peer, reply);
        } catch (IOException e) {
            LOG.info("A hand-over connection ended early: {}", e.toString());
        }
    }

    /** Whether the peer closed its end: a waiting launch keeps it open until it has the answer. */
    private static boolean gone(SocketChannel peer) throws IOException {
        peer.configureBlocking(false);
        try {
            return peer.read(java.nio.ByteBuffer.allocate(1)) != 0; // -1: closed; more bytes: not a launch that waits
        } catch (IOException e) {
            return true;
        }
    }

    private static void send(SocketChannel peer, Reply reply) throws IOException {
        Wire.writeFrame(peer, Wire.reply(reply), System.nanoTime() + READ_WITHIN.toNanos());
    }

    /** The peer's user where the OS tells it (Linux, macOS); elsewhere the directory's permissions decide. */
    private boolean sameUser(SocketChannel peer) throws IOException {
        try {
            jdk.net.UnixDomainPrincipal principal = peer.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED);
            return principal.user().getName().equals(Files.getOwner(configDir.resolve(LOCK_FILE)).getName());
        } catch (UnsupportedOperationException e) {
            return true;
        }
    }

    /**
     * As a later launch: hands {@code args} to the Holdfast that holds {@code configDir}, waiting at most
     * {@code timeout} for it to listen and answer (it may still be starting). Never throws: a failure to reach
     * it is {@link Reply.Status#NO_ANSWER} with what went wrong.
     */
    public static Reply handOver(Path configDir, List<String> args, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] request;
        try {
            request = Wire.request(args);
        } catch (IllegalArgumentException e) {
            return Reply.refused("The command line is too long to hand over to the running Holdfast (" + e.getMessage()
                    + ").");
        }
        if (request.length > Wire.MAX_PAYLOAD) {
            return Reply.refused("The command line is too long to hand over to the running Holdfast (at most "
                    + Wire.MAX_PAYLOAD + " bytes).");
        }
        String lastProblem = "it does not listen for other launches";
        while (true) {
            Optional<Path> socket = recordedSocket(configDir);
            if (socket.isPresent()) {
                try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    boolean connected;
                    try {
                        connected = channel.connect(UnixDomainSocketAddress.of(socket.get()));
                    } catch (IOException e) {
                        // not listening (yet, or any more): it may be starting; try again until the deadline
                        lastProblem = "its hand-over socket did not take the connection (" + e.getMessage() + ")";
                        connected = false;
                    }
                    if (connected) {
                        // connected: from here on no second try, which could open the tab twice
                        Wire.writeFrame(channel, request, deadline);
                        return Wire.parseReply(Wire.readFrame(channel, deadline));
                    }
                } catch (Wire.TimedOut e) {
                    return noAnswer(configDir, timeout, "it took the connection but did not answer");
                } catch (Wire.ProtocolException e) {
                    return new Reply(Reply.Status.NO_ANSWER, "Its answer was not understood (" + e.getMessage()
                            + "). Are both the same version of Holdfast?");
                } catch (IOException e) {
                    return noAnswer(configDir, timeout, "the connection ended before its answer (" + e.getMessage() + ")");
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                return noAnswer(configDir, timeout, lastProblem);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return noAnswer(configDir, timeout, "interrupted");
            }
        }
    }

    private static Reply noAnswer(Path configDir, Duration timeout, String why) {
        OptionalLong pid = recordedPid(configDir);
        String within = timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " seconds"
                : timeout.toMillis() + " ms";
        return new Reply(Reply.Status.NO_ANSWER, "It" + (pid.isPresent() ? " (process " + pid.getAsLong() + ")" : "")
                + " did not answer within " + within + ": " + why + ".");
    }

    /** Stops answering, removes the socket and releases the lock. */
    @Override
    public void close() {
        // the lock goes last: until then no other Holdfast can start and bind the same socket path
        Optional<Bound> listening;
        synchronized (this) {
            if (closed) {
                return; // closed already (the app's stop and a test's clean-up may both close it)
            }
            closed = true;
            listening = bound;
            bound = Optional.empty();
        }
        if (listening.isPresent()) {
            Bound b = listening.get();
            closeQuietly(b.server());
            try {
                Files.deleteIfExists(b.socket());
                if (b.privateDir().isPresent()) {
                    Files.deleteIfExists(b.privateDir().get());
                }
            } catch (IOException e) {
                LOG.info("Could not remove the hand-over socket {}: {}", b.socket(), e.toString());
            }
        }
        try {
            lock.release();
        } catch (IOException e) {
            LOG.info("Releasing {} failed (the OS frees it at exit): {}", LOCK_FILE, e.toString());
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // nothing to do about a close that fails
        }
    }
}
