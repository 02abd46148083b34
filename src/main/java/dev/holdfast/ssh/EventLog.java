package dev.holdfast.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tab's connection events with timestamps (connecting, authenticated, unanswered probes, declared
 * dead and why, disconnects, reconnects), kept in memory for the details view and appended to a
 * per-session file under the config directory's {@code logs/}. Events only: never terminal content or
 * secrets. Thread-safe.
 */
public final class EventLog {
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final int KEEP = 2000;
    private static final int MAX_FILE_NAME_BYTES = 255;

    private final Deque<String> lines = new ArrayDeque<>();
    /** Lines and moves not yet done, in order: a {@link String} is appended, a {@link Path} is moved to. */
    private final Deque<Object> unwritten = new ArrayDeque<>();
    private boolean writing;
    /** Where lines go now; a rename of the session changes it (see {@link #moveTo}). */
    private Optional<Path> file;
    /** The file the writer appends to: {@link #file} once the queued moves are done. */
    private Path writtenTo;
    private final Executor writer;

    /**
     * @param file where to append, if anywhere
     * @param writer runs the file writes, off the caller's thread
     */
    public EventLog(Optional<Path> file, Executor writer) {
        this.file = file;
        this.writtenTo = file.orElse(null);
        this.writer = writer;
    }

    /** Where this log appends now, if anywhere. */
    public Optional<Path> file() {
        synchronized (lines) {
            return file;
        }
    }

    /**
     * Follows a rename of the session: the file is moved to {@code target} (appended to it when a file of
     * that name already exists) after the lines added so far are written, and later lines go there.
     * Nothing is written when this log writes no file.
     */
    public void moveTo(Path target) {
        boolean startWriter;
        synchronized (lines) {
            if (file.isEmpty() || file.get().equals(target)) {
                return;
            }
            file = Optional.of(target);
            unwritten.addLast(target);
            startWriter = !writing;
            writing = true;
        }
        if (startWriter) {
            writer.execute(this::writeUnwritten);
        }
    }

    /**
     * Moves a session's log file from {@code from} to {@code to}; when {@code to} exists (a session of that
     * name was deleted, say), appends to it instead, so no line is lost. Nothing to do when there is no
     * {@code from}. Blocking I/O.
     */
    public static synchronized void moveFile(Path from, Path to) {
        if (from.equals(to) || !Files.exists(from, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            if (Files.exists(to, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try (java.io.OutputStream out = Files.newOutputStream(to, StandardOpenOption.APPEND)) {
                    Files.copy(from, out);
                }
                Files.delete(from);
            } else {
                Files.move(from, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            LOG.warn("Could not move the event log {} to {}: {}", from, to, e.toString());
        }
    }

    /** The file for a session's events: its name made safe as a file name. */
    public static Path fileFor(Path logsDir, String sessionName) {
        return logsDir.resolve(fileName(sessionName));
    }

    /**
     * A session's log file name: letters, digits and {@code . _ - space} as they are, every other character
     * %-escaped as its UTF-8 bytes (so {@code prod/web}, {@code prod_web} and {@code prod:web} get files of
     * their own, and a name can never reach outside {@code logs/}), at most 255 bytes: a longer name keeps
     * its first 180 bytes and adds a hash of the whole.
     */
    static String fileName(String sessionName) {
        StringBuilder safe = new StringBuilder();
        int last = sessionName.length();
        for (int i = 0; i < last; ) {
            int c = sessionName.codePointAt(i);
            boolean edge = i == 0 || i + Character.charCount(c) == last;
            boolean plain = Character.isLetterOrDigit(c) || ((c == '.' || c == '_' || c == '-' || c == ' ') && !edge);
            if (plain && Character.getType(c) != Character.NON_SPACING_MARK) {
                safe.appendCodePoint(c);
            } else {
                for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
                    safe.append('%').append(String.format(java.util.Locale.ROOT, "%02X", b & 0xff));
                }
            }
            i += Character.charCount(c);
        }
        String name = safe.length() == 0 ? "session" : safe.toString();
        if (name.getBytes(StandardCharsets.UTF_8).length + ".log".length() > MAX_FILE_NAME_BYTES) {
            name = prefixOfBytes(name, 180) + "~" + hash(sessionName);
        }
        return name + ".log";
    }

    private static String prefixOfBytes(String text, int bytes) {
        int end = 0;
        int used = 0;
        while (end < text.length()) {
            int c = text.codePointAt(end);
            int size = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8).length;
            if (used + size > bytes) {
                break;
            }
            used += size;
            end += Character.charCount(c);
        }
        return text.substring(0, end);
    }

    private static String hash(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    /**
     * Adds a line stamped now. Lines reach the file in the order they were added, by one write at a
     * time (several writers on a pool could overtake each other).
     */
    public void add(String event) {
        boolean startWriter;
        synchronized (lines) {
            String line = LocalDateTime.now(java.time.ZoneId.systemDefault()).format(TIME) + "  " + event;
            lines.addLast(line);
            while (lines.size() > KEEP) {
                lines.removeFirst();
            }
            if (file.isEmpty()) {
                return;
            }
            unwritten.addLast(line);
            startWriter = !writing;
            writing = true;
        }
        if (startWriter) {
            writer.execute(this::writeUnwritten);
        }
    }

    /**
     * Writes what was added and does the moves asked for, in order, until nothing is left. One runs at a
     * time per log, so a line added before a rename is in the file before it moves.
     */
    private void writeUnwritten() {
        while (true) {
            List<String> batch = new java.util.ArrayList<>();
            Path moveTo = null;
            Path target;
            synchronized (lines) {
                while (!unwritten.isEmpty() && unwritten.peekFirst() instanceof String line) {
                    batch.add(line);
                    unwritten.removeFirst();
                }
                if (!unwritten.isEmpty()) {
                    moveTo = (Path) unwritten.removeFirst();
                }
                if (batch.isEmpty() && moveTo == null) {
                    writing = false;
                    return;
                }
                target = writtenTo;
            }
            if (!batch.isEmpty()) {
                append(target, String.join(System.lineSeparator(), batch));
            }
            if (moveTo != null) {
                moveFile(target, moveTo);
                synchronized (lines) {
                    writtenTo = moveTo;
                }
            }
        }
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    private static synchronized void append(Path path, String line) {
        try {
            createPrivately(path);
            Files.writeString(path, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("Could not append to the event log {}: {}", path, e.toString());
        }
    }

    /** Makes the directories 0700 and the file 0600 where the file system has POSIX permissions. */
    private static void createPrivately(Path path) throws IOException {
        if (Files.exists(path)) {
            return;
        }
        boolean posix = path.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!posix) {
            Files.createDirectories(path.getParent());
            return;
        }
        java.util.List<Path> missing = new java.util.ArrayList<>();
        for (Path dir = path.toAbsolutePath().getParent(); dir != null && !Files.exists(dir); dir = dir.getParent()) {
            missing.add(0, dir);
        }
        for (Path dir : missing) {
            Files.createDirectories(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        }
        try {
            Files.createFile(path, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // another writer made it first
        }
    }
}
