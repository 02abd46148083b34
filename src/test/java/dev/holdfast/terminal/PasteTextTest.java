package dev.holdfast.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A paste cannot end the shell's bracketed paste, start an escape sequence or send a control key. */
class PasteTextTest {

    @Test
    void anEndOfBracketInTheClipboardCannotEscapeThePaste() {
        String hostile = "harmless\u001b[201~\rid # injected\r";
        String pasted = PasteText.clean(hostile);
        assertFalse(pasted.contains("\u001b"), pasted);
        assertEquals("harmless[201~\rid # injected\r", pasted);
    }

    @Test
    void tabsLineBreaksAndEveryPrintableCharacterStay() {
        String text = "for f in *; do\n\techo \"$f\" | grüße ✓ 数据\r\ndone\n";
        assertSame(text, PasteText.clean(text), "nothing to leave out: the same string back");
    }

    @Test
    void otherControlCharactersAndC1AreLeftOut() {
        assertEquals("abcdef", PasteText.clean("a\u0003b\u0000c\u0004d\u007fe\u009bf"));
        assertEquals("[200~x[201~", PasteText.clean("\u001b[200~x\u001b[201~"));
    }

    @Test
    void aLineBreakWithoutBracketedPasteIsAskedAboutAndNothingElseIs() {
        assertTrue(PasteText.needsConfirmation("rm -rf build\n", false), "a trailing newline runs the line");
        assertTrue(PasteText.needsConfirmation("a\rb", false));
        assertTrue(PasteText.needsConfirmation("a\r\nb", false));
        assertFalse(PasteText.needsConfirmation("one line, no break", false));
        assertFalse(PasteText.needsConfirmation("a\tb", false), "a tab completes, it does not run");
        assertFalse(PasteText.needsConfirmation("a\nb\nc\n", true), "the shell takes a bracketed paste as text");
    }

    @Test
    void linesAreCountedAsTheShellWouldRunThem() {
        assertEquals(1, PasteText.lineCount("ls"));
        assertEquals(1, PasteText.lineCount("ls\n"));
        assertEquals(2, PasteText.lineCount("ls\npwd"));
        assertEquals(2, PasteText.lineCount("ls\r\npwd\r\n"), "CR LF is one line end");
        assertEquals(3, PasteText.lineCount("a\rb\n\n"), "an empty line is a line (Enter again)");
        assertEquals(0, PasteText.lineCount(""));
    }
}
