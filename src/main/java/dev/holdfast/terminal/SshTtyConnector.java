package dev.holdfast.terminal;

import com.techsenger.jeditermfx.core.TtyConnector;
import com.techsenger.jeditermfx.core.util.TermSize;
import dev.holdfast.ssh.SshConnection;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seam between an SSH shell and the terminal emulator: the emulator's thread reads the shell's
 * output as UTF-8 characters here (through a {@link SequenceClamp}, so that huge counts in control sequences
 * cannot stall it), typed keys are written to the shell, and size changes become SSH
 * window-change requests. When the output ends (the shell exited or the connection dropped) the
 * {@code onEnded} callback runs once, on the emulator's thread, with the shell's exit status if it sent one.
 */
public final class SshTtyConnector implements TtyConnector {
    private static final Logger LOG = LoggerFactory.getLogger(SshTtyConnector.class);

    private final SshConnection connection;
    private final Reader reader;
    private final SequenceClamp clamp = new SequenceClamp();
    private final OutputStream input;
    private final Consumer<Ending> onEnded;
    private volatile String preamble = "";
    private volatile Throwable failure;
    private volatile java.util.function.BooleanSupplier gateOpen = () -> true;
    private volatile Runnable refused = () -> { };
    private volatile SessionTranscript transcript;

    /**
     * How the shell's output ended.
     *
     * @param exitStatus the shell's exit status, when the server sent one (the shell exited)
     * @param error the read error, when the connection broke (reset, timeout)
     */
    public record Ending(Optional<Integer> exitStatus, Optional<Throwable> error) {
    }
    private final AtomicBoolean ended = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile TermSize size;

    private final java.util.concurrent.Executor closer;

    /**
     * @param closer runs the disconnect, which blocks on the network; the widget closes its connector on
     *               the FX thread
     */
    public SshTtyConnector(SshConnection connection, java.util.concurrent.Executor closer,
                           Consumer<Ending> onEnded) {
        this.connection = connection;
        this.closer = closer;
        this.reader = new InputStreamReader(connection.output(), StandardCharsets.UTF_8);
        this.input = connection.input();
        this.onEnded = onEnded;
    }

    /**
     * Logs the server's output from now on (not the preamble, never the keys typed); closed when the
     * output ends or the connector is closed.
     */
    public void setTranscript(SessionTranscript log) {
        transcript = log;
    }

    /** Text shown before the shell's output, such as a reconnect marker line. */
    public void setPreamble(String text) {
        preamble = text;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        String first = preamble;
        if (!first.isEmpty()) {
            int n = Math.min(length, first.length());
            first.getChars(0, n, buffer, offset);
            preamble = first.substring(n);
            return n;
        }
        try {
            int count = clamp.read(reader, buffer, offset, length);
            if (count < 0) {
                end();
            } else {
                SessionTranscript log = transcript;
                if (log != null) {
                    log.write(buffer, offset, count);
                }
            }
            return count;
        } catch (IOException e) {
            failure = e;
            end();
            throw e;
        }
    }

    /**
     * Keys typed while {@code open} says no are not sent (the connection is not live: they would vanish
     * without a word); {@code refused} runs instead, so the tab can say so.
     */
    public void setInputGate(java.util.function.BooleanSupplier open, Runnable refused) {
        this.gateOpen = open;
        this.refused = refused;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        if (bytes.length == 0) {
            return;
        }
        if (!gateOpen.getAsBoolean()) {
            refused.run();
            return;
        }
        input.write(bytes);
        input.flush();
    }

    @Override
    public void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean isConnected() {
        return connection.isOpen();
    }

    @Override
    public void resize(TermSize termSize) {
        if (termSize.getColumns() > 0 && termSize.getRows() > 0 && !termSize.equals(size)) {
            size = termSize;
            connection.resize(termSize.getColumns(), termSize.getRows());
        }
    }

    /** The last size sent to the server, if any. */
    public Optional<TermSize> size() {
        return Optional.ofNullable(size);
    }

    @Override
    public int waitFor() throws InterruptedException {
        finished.await();
        return connection.exitStatus().orElse(-1);
    }

    @Override
    public boolean ready() throws IOException {
        return !preamble.isEmpty() || clamp.hasPending() || reader.ready();
    }

    public SshConnection connection() {
        return connection;
    }

    @Override
    public String getName() {
        return connection.spec().sessionName();
    }

    /** Disconnects; idempotent (the widget calls it as well as the tab). */
    @Override
    public void close() {
        closer.execute(connection::close);
        closeTranscript();
        finished.countDown();
    }

    private void closeTranscript() {
        SessionTranscript log = transcript;
        if (log != null) {
            log.close();
        }
    }

    private void end() {
        closeTranscript();
        if (ended.compareAndSet(false, true)) {
            Optional<Integer> status = connection.awaitExitStatus(java.time.Duration.ofSeconds(1));
            finished.countDown();
            LOG.info("Shell output of {} ended{}", connection.spec().target(),
                    status.map(s -> " (exit status " + s + ")").orElse(""));
            onEnded.accept(new Ending(status, Optional.ofNullable(failure)));
        }
    }
}
