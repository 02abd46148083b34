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
        String safe = sessionName.replaceAll("[^\\p{L}\\p{N}._ -]", "_").strip();
        return logsDir.resolve((safe.isEmpty() ? "session" : safe) + ".log");
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
            Files.createDirectories(path.getParent());
            Files.writeString(path, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("Could not append to the event log {}: {}", path, e.toString());
        }
    }
}
