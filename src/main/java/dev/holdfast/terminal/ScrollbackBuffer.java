package dev.holdfast.terminal;

import com.techsenger.jeditermfx.core.model.LinesBuffer;
import com.techsenger.jeditermfx.core.model.TerminalLine;
import com.techsenger.jeditermfx.core.model.TerminalTextBuffer;
import com.techsenger.jeditermfx.core.model.hyperlinks.TextProcessing;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal's scrollback (history) buffer, trimmed in batches. JediTermFX's own buffer, once full,
 * copies all of its lines into a new list for every line that scrolls off the screen, so a fast
 * {@code cat} into a terminal with 10,000 lines of scrollback spent most of its time copying: about 4 MB/s
 * at 80x24 (BENCHMARKS.md). This one lets the oldest lines stay until there are {@link #slack} too many
 * and then drops them with one move, so each scrolled line costs a constant amount: the scrollback holds
 * between its limit and the limit plus one sixteenth.
 *
 * <p>JediTermFX creates its history buffer privately, so {@link #install} swaps this one in, by
 * reflection, into a new text buffer before anything has been written to it. If the library's fields ever
 * change, the swap is skipped with a warning and the stock buffer stays: slower, never wrong.
 */
public final class ScrollbackBuffer extends LinesBuffer {
    private static final Logger LOG = LoggerFactory.getLogger(ScrollbackBuffer.class);
    private static final VarHandle LINES;
    private static final VarHandle HISTORY;
    private static final VarHandle HISTORY_LINES_COUNT;
    private static final VarHandle TEXT_PROCESSING;

    static {
        VarHandle lines = null;
        VarHandle history = null;
        VarHandle count = null;
        VarHandle processing = null;
        try {
            MethodHandles.Lookup inLines = MethodHandles.privateLookupIn(LinesBuffer.class, MethodHandles.lookup());
            lines = inLines.findVarHandle(LinesBuffer.class, "myLines", ArrayList.class);
            MethodHandles.Lookup inText = MethodHandles.privateLookupIn(TerminalTextBuffer.class,
                    MethodHandles.lookup());
            history = inText.findVarHandle(TerminalTextBuffer.class, "myHistoryBuffer", LinesBuffer.class);
            count = inText.findVarHandle(TerminalTextBuffer.class, "myHistoryLinesCount", int.class);
            processing = inText.findVarHandle(TerminalTextBuffer.class, "myTextProcessing", TextProcessing.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("The terminal keeps JediTermFX's own scrollback buffer (slower on fast output): {}", e.toString());
            lines = null;
        }
        LINES = lines;
        HISTORY = history;
        HISTORY_LINES_COUNT = count;
        TEXT_PROCESSING = processing;
    }

    private final int limit;
    private final int slack;

    private ScrollbackBuffer(int limit, TextProcessing processing) {
        super(limit, processing);
        this.limit = limit;
        this.slack = Math.max(64, limit / 16);
    }

    /**
     * Puts a batch-trimming scrollback buffer into a text buffer that has not been written to yet.
     *
     * @return whether it was put in (false when the library's internals are not the ones this knows)
     */
    public static boolean install(TerminalTextBuffer buffer) {
        if (LINES == null) {
            return false;
        }
        buffer.lock();
        try {
            int limit = (int) HISTORY_LINES_COUNT.get(buffer);
            if (limit <= 0 || buffer.getHistoryLinesCount() > 0) {
                return false;
            }
            HISTORY.set(buffer, new ScrollbackBuffer(limit, (TextProcessing) TEXT_PROCESSING.get(buffer)));
            return true;
        } finally {
            buffer.unlock();
        }
    }

    /** The most lines this buffer holds at any time: its limit plus the batch it trims at once. */
    public int capacity() {
        return limit + slack;
    }

    @SuppressWarnings("unchecked")
    private List<TerminalLine> lines() {
        return (List<TerminalLine>) LINES.get(this);
    }

    /** Lines scrolled off the screen: appended, then the oldest dropped once there are too many. */
    @Override
    public void addLines(List<TerminalLine> added) {
        List<TerminalLine> lines = lines();
        if (added.size() >= limit) {
            lines.clear();
            lines.addAll(added.subList(added.size() - limit, added.size()));
            return;
        }
        lines.addAll(added);
        if (lines.size() > limit + slack) {
            lines.subList(0, lines.size() - limit).clear();
        }
    }

    /** Drops the oldest lines in place, without copying the rest into a new list. */
    @Override
    public void removeTopLines(int count) {
        List<TerminalLine> lines = lines();
        if (count >= lines.size()) {
            lines.clear();
        } else if (count > 0) {
            lines.subList(0, count).clear();
        }
    }
}
