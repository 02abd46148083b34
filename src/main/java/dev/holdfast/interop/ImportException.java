package dev.holdfast.interop;

import java.nio.file.Path;

/** A file that cannot be imported, with where the problem is when that is known. Nothing was imported. */
public final class ImportException extends Exception {
    private static final long serialVersionUID = 1L;

    public ImportException(Path file, int line, String problem) {
        super(file + (line > 0 ? ", line " + line : "") + ": " + problem);
    }
}
