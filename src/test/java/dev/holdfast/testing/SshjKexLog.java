package dev.holdfast.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** What SSHJ's key exchange logs at DEBUG (the negotiated algorithms among it) while an action runs. */
public final class SshjKexLog {
    private static final String KEY_EXCHANGER = "net.schmizz.sshj.transport.KeyExchanger";

    private SshjKexLog() {
    }

    /** Something that connects (and may throw). */
    public interface Action {
        void run() throws Exception;
    }

    /** Runs {@code action} with SSHJ's KeyExchanger logging at DEBUG, and returns what it logged. */
    public static List<String> during(Action action) throws Exception {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(KEY_EXCHANGER);
        Level level = logger.getLevel();
        boolean additive = logger.isAdditive();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.DEBUG);
        logger.setAdditive(false);
        try {
            action.run();
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(level);
            logger.setAdditive(additive);
            appender.stop();
        }
        synchronized (appender) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }
}
