package dev.holdfast.session;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Something the user must be told after loading the settings file.
 *
 * @param kind what went wrong
 * @param summary one sentence for a dialog's header
 * @param details the individual repairs, or the parser's message
 * @param copy where the original file was put, untouched, if it was set aside or copied
 */
public record LoadProblem(Kind kind, String summary, List<String> details, Optional<Path> copy) {
    public LoadProblem {
        details = List.copyOf(details);
    }

    public enum Kind {
        /** The file could not be read at all; it was moved aside and Holdfast started empty. */
        SET_ASIDE,
        /** Parts of the file were unusable and were dropped; a copy of the original was kept. */
        REPAIRED,
        /** The file exists but cannot be opened; saving is switched off so it is not overwritten. */
        UNREADABLE
    }
}
