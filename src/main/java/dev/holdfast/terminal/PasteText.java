package dev.holdfast.terminal;

/**
 * What a paste may send to the shell. A clipboard can hold anything, and a pasted {@code ESC[201~} would
 * end the shell's bracketed paste early and run what follows as if typed ({@code harmless ESC[201~ CR id CR}
 * runs {@code id}). Like xterm and VTE, control characters other than tab, line feed and carriage return
 * are left out, ESC and the C1 controls included, so nothing pasted can end the bracket or start an escape
 * sequence. Any thread.
 */
public final class PasteText {
    private PasteText() {
    }

    /** {@code text} without the control characters a paste must not send. */
    public static String clean(String text) {
        StringBuilder kept = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f || (c >= 0x80 && c <= 0x9f);
            if (control && kept == null) {
                kept = new StringBuilder(text.length());
                kept.append(text, 0, i);
            } else if (!control && kept != null) {
                kept.append(c);
            }
        }
        return kept == null ? text : kept.toString();
    }

    /**
     * Whether pasting {@code text} should be confirmed first: it holds a line break, which runs what
     * comes before it as if Enter were pressed, and the program has not turned on bracketed paste (with
     * it, the shell takes the whole paste as text and runs nothing until Enter is pressed).
     */
    public static boolean needsConfirmation(String text, boolean bracketedPaste) {
        return !bracketedPaste && (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0);
    }

    /** How many lines {@code text} holds: CR LF, LF and CR each end one; a last line without an end counts. */
    public static int lineCount(String text) {
        int lines = 0;
        boolean open = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                lines++;
                open = false;
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
            } else {
                open = true;
            }
        }
        return lines + (open ? 1 : 0);
    }
}
