package dev.holdfast.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.holdfast.testing.HeadlessTerminal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Output the emulator cannot handle (unknown DCS, OSC and CSI sequences) never reaches a log with what it
 * carried: the app's logging configuration (src/main/resources/logback.xml, the one on the test class path
 * too) keeps JediTermFX's content-quoting messages out.
 */
class NoTerminalContentInLogsTest {
    private static final String MARKER = "s3cret-marker-4711";

    @Test
    void unhandledSequencesLeaveNoTerminalContentInTheLog() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.setContext(context);
        seen.start();
        root.addAppender(seen);
        try {
            HeadlessTerminal terminal = new HeadlessTerminal(80, 24, 100, true);
            String hostile = "\u001bP" + MARKER + "\u001b\\" // DCS the emulator does not know
                    + "\u001b]777;" + MARKER + "\u0007" // an OSC it does not handle
                    + "\u001b[" + MARKER.length() + ";" + "9999999999999999999z" // an unknown CSI
                    + "\u001b]52;c;" + MARKER + "\u0007" // clipboard write: never answered
                    + "visible " + MARKER + "\r\n";
            terminal.feed(hostile.toCharArray());
            assertTrue(terminal.buffer().getScreenLines().contains("visible " + MARKER), "the text itself is shown");
            List<String> leaked = seen.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m != null && m.contains(MARKER)).toList();
            assertEquals(List.of(), leaked, "log lines that quote terminal content");
        } finally {
            root.detachAppender(seen);
        }
    }
}
