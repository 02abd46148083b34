package dev.holdfast.testing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A text file like the output people {@code cat} or {@code tail} in a terminal: log-style lines of printable
 * ASCII, 10 to 160 characters long (so some wrap at 80 columns and a few at 200), always the same for a size.
 */
public final class TerminalTextFile {
    private static final String[] WORDS = {"INFO", "WARN", "DEBUG", "request", "handled", "in", "ms", "path=/api/v1/items",
        "user=alice", "status=200", "bytes=5120", "cache", "miss", "retry", "connection", "pool", "worker-7",
        "session", "keepalive", "probe", "reply", "0x7f3a", "checksum", "ok", "-", "|", "queue", "depth=3"};

    private TerminalTextFile() {
    }

    /** Writes exactly {@code size} bytes of lines, the last one ending in a newline; returns the file. */
    public static Path write(Path file, long size) throws IOException {
        Random random = new Random(20261123L);
        long written = 0;
        int lineNumber = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            StringBuilder line = new StringBuilder(200);
            while (written < size) {
                line.setLength(0);
                line.append(String.format("%08d ", ++lineNumber));
                int length = 10 + random.nextInt(151);
                while (line.length() < length) {
                    line.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
                }
                line.setLength(Math.min(line.length(), length));
                long room = size - written - 1;
                if (line.length() > room) {
                    line.setLength((int) Math.max(0, room));
                }
                line.append('\n');
                out.write(line.toString());
                written += line.length();
            }
        }
        return file;
    }

    /** The file's last line without its newline. */
    public static String lastLine(Path file) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int tail = (int) Math.min(length, 400);
            byte[] bytes = new byte[tail];
            in.seek(length - tail);
            in.readFully(bytes);
            String text = new String(bytes, StandardCharsets.US_ASCII).stripTrailing();
            return text.substring(text.lastIndexOf('\n') + 1);
        }
    }
}
