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
    private final Deque<String> unwritten = new ArrayDeque<>();
    private boolean writing;
    private final Optional<Path> file;
    private final Executor writer;

    /**
     * @param file where to append, if anywhere
     * @param writer runs the file writes, off the caller's thread
     */
    public EventLog(Optional<Path> file, Executor writer) {
        this.file = file;
        this.writer = writer;
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

    /** Writes what was added, in order, until nothing is left. */
    private void writeUnwritten() {
        while (true) {
            List<String> batch;
            synchronized (lines) {
                if (unwritten.isEmpty()) {
                    writing = false;
                    return;
                }
                batch = List.copyOf(unwritten);
                unwritten.clear();
            }
            append(file.orElseThrow(), String.join(System.lineSeparator(), batch));
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
