package dev.holdfast.terminal;

import java.io.IOException;
import java.io.Reader;

/**
 * A streaming filter between the shell's output and the terminal emulator that clamps the numbers in
 * control sequences (CSI, {@code ESC [ ... final}) before JediTermFX sees them, as xterm clamps them itself.
 *
 * <p>JediTermFX carries out a count such as {@code CSI 2147483647 L} (insert lines) step by step while it
 * holds the text buffer's lock, which the drawing thread waits for: a hostile or binary output froze the
 * app for minutes. Here:
 * <ul>
 *   <li>in sequences whose parameters are counts or screen positions (IL/DL {@code L M}, ICH/DCH
 *       {@code @ P}, ECH {@code X}, SU/SD {@code S T}, cursor moves {@code A}-{@code G} and {@code `},
 *       VPA {@code d}, CUP/HVP {@code H f}, REP {@code b}, CHT/CBT {@code I Z}, DECSTBM {@code r} and window
 *       operations {@code t}, whose {@code 8;rows;columns} resizes the emulator) every parameter is clamped
 *       to {@value #SCREEN_BOUND}. That is above any real screen (an 8K display in a 6-pixel font has about
 *       1,300 columns, so a cursor move or erase of 1,000 still reaches the edge of every usual screen) and
 *       low enough that the emulator's step-by-step loops stay in the millisecond range;</li>
 *   <li>in every other sequence (SGR colours, modes) a parameter is clamped to {@value #VALUE_BOUND}, which
 *       keeps JediTermFX's {@code int} parsing from overflowing;</li>
 *   <li>a sequence with more than {@value #MAX_HELD} characters between {@code ESC [} and its final
 *       character (10,000 digits or semicolons) is rewritten from its first {@value #MAX_PARAMETERS}
 *       parameters, clamped, and its private marker; other characters in it are dropped.</li>
 * </ul>
 * Controls and other characters that cannot be part of a sequence (C0 controls, ESC, non-ASCII text such as
 * U+FFFD) are passed on at once, before the sequence they interrupt: that is where JediTermFX itself would
 * move them, and it keeps them out of its bounded push-back buffer. Everything else, which is all ordinary
 * output, passes through unchanged, character for character.
 *
 * <p>The filter keeps its state between reads (a sequence may be split anywhere) and allocates nothing
 * after construction. Not thread-safe: one reader thread, as the emulator has.
 */
public final class SequenceClamp {
    /** The bound for counts and positions. */
    public static final int SCREEN_BOUND = 1000;
    /** The bound for any other parameter. */
    public static final int VALUE_BOUND = 65535;
    /** The characters of one sequence held before it is rewritten in short. */
    public static final int MAX_HELD = 64;
    /** The parameters kept of an overlong sequence. */
    public static final int MAX_PARAMETERS = 16;

    private static final char ESC = 0x1B;
    private static final int GROUND = 0;
    private static final int ESCAPE = 1;
    private static final int CSI = 2;
    /** Parsing saturates here, above both bounds. */
    private static final int SATURATED = 10_000_000;
    private static final String SCREEN_FINALS = "LM@PXSTABCDEFG`dHfbIZrt";
    /** Worst output beyond the input for one read: a held or rewritten sequence. */
    private static final int SPILL = 2 * (MAX_HELD + MAX_PARAMETERS * 7 + 8);

    private final char[] input = new char[8192];
    private final char[] held = new char[MAX_HELD];
    private final int[] values = new int[MAX_PARAMETERS];
    private final char[] spill = new char[SPILL];
    private int spillStart;
    private int spillEnd;
    private int state = GROUND;
    private int heldLength;
    private boolean overlong;
    private char marker;
    private int parameters;
    private boolean inParameter;
    private boolean inSubParameter;

    private char[] out;
    private int outPosition;
    private int outEnd;

    /**
     * Reads from {@code source} into {@code buffer}, filtered. Blocks until at least one character can be
     * given (a read that ends inside a sequence reads on) or the source ends; a sequence left unfinished at
     * the end is passed on as it came.
     *
     * @return the number of characters stored, or -1 at the end of the source
     */
    public int read(Reader source, char[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        out = buffer;
        outPosition = offset;
        outEnd = offset + length;
        try {
            drainSpill();
            while (outPosition == offset) {
                int count = source.read(input, 0, Math.min(length, input.length));
                if (count < 0) {
                    flushUnfinished();
                    return outPosition > offset ? outPosition - offset : -1;
                }
                filterInput(count);
            }
            return outPosition - offset;
        } finally {
            out = null;
        }
    }

    /** Whether characters are waiting to be given (from a rewritten sequence that did not fit a read). */
    public boolean hasPending() {
        return spillStart < spillEnd;
    }

    /**
     * Filters {@code text} as if it were read in one piece, to the end of the text (an unfinished sequence
     * at its end is held for the next call); for tests and tools.
     */
    public String filter(CharSequence text) {
        StringBuilder result = new StringBuilder(text.length() + 16);
        char[] chunk = new char[4096];
        int position = 0;
        while (position < text.length() || hasPending()) {
            int n = Math.min(chunk.length / 2, text.length() - position);
            for (int i = 0; i < n; i++) {
                input[i] = text.charAt(position + i);
            }
            position += n;
            out = chunk;
            outPosition = 0;
            outEnd = chunk.length;
            drainSpill();
            filterInput(n);
            result.append(chunk, 0, outPosition);
            out = null;
        }
        return result.toString();
    }

    /** The first {@code count} characters of {@link #input}: runs of text are copied in bulk. */
    private void filterInput(int count) {
        int i = 0;
        while (i < count) {
            if (state == GROUND && spillEnd == 0) {
                int start = i;
                int limit = Math.min(count, start + outEnd - outPosition);
                while (i < limit && input[i] != ESC) {
                    i++;
                }
                System.arraycopy(input, start, out, outPosition, i - start);
                outPosition += i - start;
                if (i == count) {
                    return;
                }
            }
            accept(input[i++]);
        }
    }

    private void drainSpill() {
        while (spillStart < spillEnd && outPosition < outEnd) {
            out[outPosition++] = spill[spillStart++];
        }
        if (spillStart == spillEnd) {
            spillStart = 0;
            spillEnd = 0;
        }
    }

    private void put(char c) {
        if (outPosition < outEnd && spillEnd == 0) {
            out[outPosition++] = c;
        } else {
            spill[spillEnd++] = c;
        }
    }

    private void accept(char c) {
        switch (state) {
            case GROUND -> {
                if (c == ESC) {
                    state = ESCAPE;
                } else {
                    put(c);
                }
            }
            case ESCAPE -> {
                if (c == '[') {
                    state = CSI;
                    heldLength = 0;
                    overlong = false;
                    marker = 0;
                    parameters = 0;
                    inParameter = false;
                    inSubParameter = false;
                } else {
                    put(ESC);
                    state = GROUND;
                    accept(c);
                }
            }
            default -> inSequence(c);
        }
    }

    private void inSequence(char c) {
        if (c >= 0x40 && c <= 0x7E) {
            finish(c);
            state = GROUND;
        } else if (c < 0x20 || c > 0x7E) {
            put(c); // a control or text inside the sequence: the emulator would run it first anyway
        } else {
            hold(c);
        }
    }

    private void hold(char c) {
        if (heldLength == 0 && (c == '?' || c == '>' || c == '!' || c == '<' || c == '=')) {
            marker = c;
        } else if (c >= '0' && c <= '9') {
            if (!inParameter) {
                inParameter = true;
                if (parameters < MAX_PARAMETERS) {
                    values[parameters] = 0;
                }
                parameters++;
            }
            int index = parameters - 1;
            if (!inSubParameter && index < MAX_PARAMETERS && values[index] < SATURATED) {
                values[index] = values[index] * 10 + (c - '0');
            }
        } else if (c == ';') {
            if (!inParameter) {
                if (parameters < MAX_PARAMETERS) {
                    values[parameters] = -1; // empty
                }
                parameters++;
            }
            inParameter = false;
            inSubParameter = false;
        } else if (c == ':') {
            inSubParameter = inParameter; // the digits after a colon are kept only in a sequence that is not rewritten
        }
        if (heldLength < MAX_HELD) {
            held[heldLength++] = c;
        } else {
            overlong = true;
        }
    }

    private void finish(char finalChar) {
        int bound = SCREEN_FINALS.indexOf(finalChar) >= 0 ? SCREEN_BOUND : VALUE_BOUND;
        put(ESC);
        put('[');
        if (overlong) {
            if (marker != 0) {
                put(marker);
            }
            int kept = Math.min(parameters, MAX_PARAMETERS);
            for (int i = 0; i < kept; i++) {
                if (i > 0) {
                    put(';');
                }
                if (values[i] >= 0) {
                    putNumber(Math.min(values[i], bound));
                }
            }
        } else {
            int i = 0;
            while (i < heldLength) {
                char c = held[i];
                if (c < '0' || c > '9') {
                    put(c);
                    i++;
                    continue;
                }
                int end = i;
                int value = 0;
                while (end < heldLength && held[end] >= '0' && held[end] <= '9') {
                    if (value < SATURATED) {
                        value = value * 10 + (held[end] - '0');
                    }
                    end++;
                }
                if (value > bound) {
                    putNumber(bound);
                } else {
                    for (int j = i; j < end; j++) {
                        put(held[j]);
                    }
                }
                i = end;
            }
        }
        put(finalChar);
        heldLength = 0;
    }

    private void flushUnfinished() {
        if (state == ESCAPE) {
            put(ESC);
        } else if (state == CSI) {
            put(ESC);
            put('[');
            for (int i = 0; i < heldLength; i++) {
                put(held[i]);
            }
        }
        state = GROUND;
        heldLength = 0;
    }

    private void putNumber(int value) {
        int divisor = 1;
        while (value / divisor >= 10) {
            divisor *= 10;
        }
        for (; divisor > 0; divisor /= 10) {
            put((char) ('0' + value / divisor % 10));
        }
    }
}
