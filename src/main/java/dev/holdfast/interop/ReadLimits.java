package dev.holdfast.interop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * How much one import may read in all: files, lines and bytes, counted across every file it reads (an
 * ssh_config and all it includes, or a PuTTY sessions directory). A file that is not a regular file (a
 * FIFO, {@code /dev/zero}, a socket) is refused before it is opened, so nothing blocks or reads forever.
 * Each refusal names the bound that was hit. One instance per import; not thread-safe.
 */
final class ReadLimits {
    /** Far beyond any real configuration; an Include fan-out reaches it in milliseconds. */
    static final int MAX_FILES = 256;
    static final long MAX_LINES = 100_000;
    static final long MAX_BYTES = 8L * 1024 * 1024;

    private final int maxFiles;
    private final long maxLines;
    private final long maxBytes;
    private int files;
    private long lines;
    private long bytes;

    ReadLimits(int maxFiles, long maxLines, long maxBytes) {
        this.maxFiles = maxFiles;
        this.maxLines = maxLines;
        this.maxBytes = maxBytes;
    }

    static ReadLimits standard() {
        return new ReadLimits(MAX_FILES, MAX_LINES, MAX_BYTES);
    }

    /** A directory of one file per session (PuTTY's): more files, the same lines and bytes. */
    static ReadLimits forDirectory() {
        return new ReadLimits(16 * MAX_FILES, MAX_LINES, MAX_BYTES);
    }

    /** The file's bytes, after checking it is a regular file and that it fits what is left. */
    byte[] read(Path file) throws ImportException {
        BasicFileAttributes attributes = regularFile(file);
        if (attributes.size() > maxBytes) {
            throw new ImportException(file, 0, "is " + attributes.size() / (1024 * 1024) + " MB; a settings file is"
                    + " a small text file (this one is refused above " + maxBytes / (1024 * 1024) + " MB)");
        }
        if (++files > maxFiles) {
            throw new ImportException(file, 0, "not read: this import has already read " + maxFiles
                    + " files, the most one import may read (does Include pull in files over and over?)");
        }
        long left = maxBytes - bytes;
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            // a file may grow, or report a size it does not have: read no more than what is left, plus one
            content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, left + 1));
        } catch (IOException e) {
            throw new ImportException(file, 0, "cannot be read: " + e.getMessage());
        }
        bytes += content.length;
        if (bytes > maxBytes) {
            throw new ImportException(file, 0, "not read in full: the files of this import come to more than "
                    + maxBytes / (1024 * 1024) + " MB, the most one import may read");
        }
        return content;
    }

    /** The file's attributes (links followed); refused unless it is a regular file, before anything opens it. */
    static BasicFileAttributes regularFile(Path file) throws ImportException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new ImportException(file, 0, "does not exist");
        } catch (IOException e) {
            throw new ImportException(file, 0, "cannot be read: " + e.getMessage());
        }
        if (attributes.isDirectory()) {
            throw new ImportException(file, 0, "is a directory, not a file");
        }
        if (!attributes.isRegularFile()) {
            throw new ImportException(file, 0, "is not a regular file (a FIFO, device or socket), so it was not read");
        }
        return attributes;
    }

    /** Counts the lines of a file just read. */
    void lines(Path file, int count) throws ImportException {
        lines += count;
        if (lines > maxLines) {
            throw new ImportException(file, 0, "not read in full: the files of this import have more than "
                    + maxLines + " lines, the most one import may read");
        }
    }
}
