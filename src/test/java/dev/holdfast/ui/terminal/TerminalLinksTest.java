package dev.holdfast.ui.terminal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.techsenger.jeditermfx.core.ArrayTerminalDataStream;
import com.techsenger.jeditermfx.core.HyperlinkStyle;
import com.techsenger.jeditermfx.core.TextStyle;
import com.techsenger.jeditermfx.core.emulator.JediEmulator;
import com.techsenger.jeditermfx.core.model.JediTerminal;
import com.techsenger.jeditermfx.ui.DefaultHyperlinkFilter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * OSC 8 hyperlinks are inert in the app's terminal: a server can label text with any address (the text
 * says one place, the link goes to another), and the widget as Holdfast makes it turns none of them into
 * a link a click would open. A widget with JediTermFX's URL filter added shows the check can fail.
 */
@ExtendWith(ApplicationExtension.class)
class TerminalLinksTest {
    private static final String OUTPUT = "see \u001b]8;;https://evil.example/\u001b\\https://bank.example\u001b]8;;\u001b\\ now";

    @Test
    void anOsc8LinkFromTheServerIsPlainText() throws Exception {
        TextStyle style = styleOfLinkText(false);
        assertFalse(style instanceof HyperlinkStyle, "no link made: " + style);
    }

    @Test
    void withAHyperlinkFilterTheSameOutputWouldBeALink() throws Exception {
        TextStyle style = styleOfLinkText(true);
        assertTrue(style instanceof HyperlinkStyle, "the control: a filter makes it a link: " + style);
    }

    private static TextStyle styleOfLinkText(boolean withFilter) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            TerminalWidget widget = new TerminalWidget(80, 24, new TerminalSettings(14, 1000));
            // closed as the app closes a tab's widget: JediTermFX's repaint timer throws on every pulse once
            // a widget it still runs for has been garbage-collected
            try {
                if (withFilter) {
                    widget.addHyperlinkFilter(new DefaultHyperlinkFilter());
                }
                JediTerminal terminal = (JediTerminal) widget.getTerminal();
                JediEmulator emulator = new JediEmulator(new ArrayTerminalDataStream(OUTPUT.toCharArray()), terminal);
                while (emulator.hasNext()) {
                    emulator.next();
                }
                String screen = widget.getTerminalTextBuffer().getScreenLines();
                if (!screen.startsWith("see https://bank.example now")) {
                    throw new AssertionError("the text is shown as it is: " + screen);
                }
                return widget.getTerminalTextBuffer().getStyleAt(6, 0);
            } finally {
                widget.close();
            }
        }).get(10, TimeUnit.SECONDS);
    }
}
