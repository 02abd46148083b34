package dev.holdfast.terminal;

import dev.holdfast.threads.Threads;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session log as PuTTY writes one: what the server sent to the terminal, to a file only the user can
 * read (0600; folders made for it 0700). Never what the user typed. {@link #write} never blocks the
 * terminal's thread: text goes to a bounded queue that the log's own thread writes; when the queue is full
 * (a slow or full disk) the text is dropped and the log says how much is missing. After a write error the
 * log stops, with a last line saying why when the disk lets it.
 */
public final class SessionTranscript implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionTranscript.class);
    private static final int QUEUE = 1024;
    private static final String END = new String(new char[] {'\u0000'});

    private final Path file;
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;
    private volatile String problem = "";
    private java.util.function.Consumer<String> problemListener = p -> { };

    private SessionTranscript(Path file, boolean append) {
        this.file = file;
        this.writer = Threads.factory("session-log").newThread(() -> run(append));
        writer.start();
    }

    /** Starts a log of {@code file}; the file is opened on the log's own thread. */
    public static SessionTranscript start(Path file, boolean append) {
        return new SessionTranscript(file, append);
    }

    /**
     * The file for a PuTTY-style name: {@code &H} host, {@code &P} port, {@code &Y} year, {@code &M} month,
     * {@code &D} day, {@code &T} time (HHmmss), {@code &&} an ampersand; a leading {@code ~/} is the home folder.
     */
    public static Path fileFor(String pattern, String host, int port, ZonedDateTime now) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '&' || i + 1 == pattern.length()) {
                out.append(c);
                continue;
            }
            char code = pattern.charAt(++i);
            switch (Character.toUpperCase(code)) {
                case 'H' -> out.append(safe(host));
                case 'P' -> out.append(port);
                case 'Y' -> out.append(now.format(DateTimeFormatter.ofPattern("yyyy", Locale.ROOT)));
                case 'M' -> out.append(now.format(DateTimeFormatter.ofPattern("MM", Locale.ROOT)));
                case 'D' -> out.append(now.format(DateTimeFormatter.ofPattern("dd", Locale.ROOT)));
                case 'T' -> out.append(now.format(DateTimeFormatter.ofPattern("HHmmss", Locale.ROOT)));
                case '&' -> out.append('&');
                default -> out.append('&').append(code);
            }
        }
        String name = out.toString();
        if (name.equals("~") || name.startsWith("~/")) {
            return Path.of(System.getProperty("user.home"), name.substring(1).replaceFirst("^/", ""));
        }
        return Path.of(name);
    }

    /** A host name as part of a file name: no path separators. */
    private static String safe(String host) {
        return host.replaceAll("[/\\\\:]", "_");
    }

    public Path file() {
        return file;
    }

    /** Why the log stopped or lost text, or empty. */
    public String problem() {
        return problem;
    }

    /** Queues what the terminal was given; never blocks. */
    public void write(char[] text, int offset, int length) {
        if (length <= 0 || closed) {
            return;
        }
        if (!queue.offer(new String(text, offset, length))) {
            dropped.addAndGet(length);
        }
    }

    /** Writes what is queued, then closes the file; returns at once. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!queue.offer(END)) {
            queue.poll(); // full: make room for the end mark rather than wait
            dropped.incrementAndGet();
        }
    }

    /** Waits until the file is closed (for tests and shutdown). */
    public boolean awaitClosed(java.time.Duration limit) throws InterruptedException {
        writer.join(limit.toMillis());
        return !writer.isAlive();
    }

    private void run(boolean append) {
        try (Writer out = open(append)) {
            while (true) {
                String next = queue.take();
                if (next.equals(END)) {
                    noteDropped(out);
                    out.flush();
                    return;
                }
                out.write(next);
                if (queue.isEmpty()) {
                    noteDropped(out); // what was dropped came after all that was queued
                    out.flush();
                }
            }
        } catch (IOException e) {
            report("The session log " + file + " stopped: " + e.getMessage());
            LOG.warn("{}", problem);
            closed = true;
            queue.clear();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Tells {@code listener} (on the log's thread) each time the log has a problem: it stopped, or lost
     * output. A problem that came before this call is told at once.
     */
    public synchronized void onProblem(java.util.function.Consumer<String> listener) {
        problemListener = listener;
        if (!problem.isEmpty()) {
            listener.accept(problem);
        }
    }

    private synchronized void report(String text) {
        problem = text;
        problemListener.accept(text);
    }

    private void noteDropped(Writer out) throws IOException {
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            report(lost + " characters were not logged: the disk did not keep up");
            out.write("\r\n[Holdfast: " + lost + " characters of output are missing here: the log could not "
                    + "keep up with the terminal]\r\n");
        }
    }

    private Writer open(boolean append) throws IOException {
        boolean posix = file.toAbsolutePath().getRoot() != null
                && Files.getFileStore(existingAncestor(file.toAbsolutePath()))
                        .supportsFileAttributeView("posix");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            createDirectories(parent, posix);
        }
        List<StandardOpenOption> options = new ArrayList<>(List.of(StandardOpenOption.WRITE,
                StandardOpenOption.CREATE, append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING));
        if (posix) {
            Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rw-------");
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(owner));
            } catch (FileAlreadyExistsException e) {
                Files.setPosixFilePermissions(file, owner); // an older log: make it private too
            }
        }
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8, options.toArray(StandardOpenOption[]::new));
    }

    private static void createDirectories(Path dir, boolean posix) throws IOException {
        Path parent = dir.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            createDirectories(parent, posix);
        }
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
                : new FileAttribute<?>[0];
        try {
            Files.createDirectory(dir, attrs);
        } catch (FileAlreadyExistsException e) {
            // made meanwhile
        }
    }

    private static Path existingAncestor(Path path) {
        Path p = path;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p == null ? path.getRoot() : p;
    }
}
