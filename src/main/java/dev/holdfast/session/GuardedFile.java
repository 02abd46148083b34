package dev.holdfast.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads a settings file without trusting what is at its path: symbolic links are followed to the file
 * they name, and anything that is not a regular file (a named pipe, a device such as {@code /dev/zero}, a
 * folder) or is larger than {@link #MAX_BYTES} is refused before a byte is read. The read itself is
 * bounded too, so a file that grows while it is read cannot exhaust memory. Blocking I/O; any thread.
 */
final class GuardedFile {
    /** The largest settings file read: 100,000 sessions take about 27 MiB, so about 240,000 fit. */
    static final long MAX_BYTES = 64L * 1024 * 1024;
    static final String MAX_TEXT = "64 MiB";
    private static final int MAX_LINKS = 40; // as Linux's own limit on links in one lookup

    private GuardedFile() {
    }

    /** What is at the path cannot be used as a settings file; the message says why, for the user. */
    static final class RefusedException extends IOException {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }

    /**
     * The file {@code path} stands for: itself, or, if it is a symbolic link, the file at the end of its
     * chain of links (which may not exist yet). Writing goes to this file, so a link stays a link.
     */
    static Path target(Path path) throws IOException {
        Path current = path.toAbsolutePath();
        for (int hops = 0; Files.isSymbolicLink(current); hops++) {
            if (hops == MAX_LINKS) {
                throw new RefusedException(path + " is a chain of more than " + MAX_LINKS
                        + " symbolic links (perhaps a loop).");
            }
            Path link = Files.readSymbolicLink(current);
            Path folder = current.getParent();
            // relative to the folder holding the link, as the kernel does; not normalized, as ".." after
            // a linked folder means that folder's parent
            current = folder == null || link.isAbsolute() ? link : folder.resolve(link);
        }
        return current;
    }

    /**
     * The whole content of the file {@code path} stands for.
     *
     * @throws NoSuchFileException when there is no file (also for a link to a file that does not exist)
     * @throws RefusedException when it is not a regular file or is too large
     */
    static byte[] read(Path path) throws IOException {
        Path file = target(path);
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile()) {
            throw new RefusedException(describe(path, file) + " is " + (attributes.isDirectory() ? "a folder"
                    : "not a regular file (a named pipe, device or socket)") + ".");
        }
        if (attributes.size() > MAX_BYTES) {
            throw new RefusedException(describe(path, file) + " is larger than " + MAX_TEXT
                    + ", the most Holdfast reads as a settings file.");
        }
        try (InputStream in = Channels.newInputStream(Files.newByteChannel(file, StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS))) {
            byte[] content = in.readNBytes((int) MAX_BYTES + 1);
            if (content.length > MAX_BYTES) {
                throw new RefusedException(describe(path, file) + " grew larger than " + MAX_TEXT
                        + " while it was read (" + MAX_TEXT + " is the most Holdfast reads as a settings file).");
            }
            return content;
        }
    }

    private static String describe(Path path, Path file) {
        return file.equals(path.toAbsolutePath()) ? path.toString() : path + " (a link to " + file + ")";
    }
}
