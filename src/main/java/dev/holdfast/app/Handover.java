package dev.holdfast.app;

import dev.holdfast.app.instance.Reply;
import dev.holdfast.app.instance.SingleInstance;
import dev.holdfast.session.SessionLibrary;
import dev.holdfast.ui.FxThread;
import dev.holdfast.ui.window.MainWindow;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running instance's side of a second launch: its command line arrives on a listener thread
 * ({@link SingleInstance}), is checked with {@link CommandLine#parse}, and is handed to the window on the FX
 * thread once there is one, which opens the tab and comes to the front. The listener thread waits for that
 * (never the FX thread for it), at most {@link #answerWithin}; if the window has not taken it by then, it is
 * dropped and the second launch is told so, so what it says always matches what the window did.
 */
final class Handover {
    /** Less than the second launch waits in all ({@link Launcher}), so it hears why. */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(7);
    private static final Logger LOG = LoggerFactory.getLogger(Handover.class);

    private static SingleInstance claimed;
    private static Handover current;

    private record Window(MainWindow window, SessionLibrary library) {
    }

    private final CompletableFuture<Window> ready = new CompletableFuture<>();
    private final Duration answerWithin;

    Handover(Duration answerWithin) {
        this.answerWithin = answerWithin;
    }

    /** Called by {@link Launcher} for the instance it claimed: hand-overs are taken from now on (and wait for the window). */
    static synchronized void begin(SingleInstance instance) {
        claimed = instance;
        current = new Handover(ANSWER_WITHIN);
        instance.serve(current::receive);
    }

    /** Called on the FX thread once the window shows; nothing happens when no instance was claimed. */
    static synchronized void windowShown(MainWindow window, SessionLibrary library) {
        if (current != null) {
            current.ready(window, library);
        }
    }

    /** Stops taking hand-overs and releases the directory; after the last save. */
    static synchronized void end() {
        if (claimed != null) {
            claimed.close();
            claimed = null;
            current = null;
        }
    }

    void ready(MainWindow window, SessionLibrary library) {
        ready.complete(new Window(window, library));
        LOG.info("The window takes command lines from other launches");
    }

    /** On a listener thread: what to answer the second launch. */
    Reply receive(List<String> args) {
        CommandLine commandLine;
        try {
            commandLine = CommandLine.parse(args);
        } catch (CommandLine.UsageException e) {
            return Reply.refused(e.getMessage());
        }
        long deadline = System.nanoTime() + answerWithin.toNanos();
        AtomicBoolean taken = new AtomicBoolean();
        CompletableFuture<Reply> done = new CompletableFuture<>();
        try {
            Window w = ready.get(answerWithin.toNanos(), TimeUnit.NANOSECONDS);
            FxThread.run(() -> {
                if (taken.compareAndSet(false, true)) {
                    try {
                        done.complete(StartupTargets.openHandedOver(commandLine, w.library().catalog(), w.window()));
                    } catch (RuntimeException e) {
                        done.completeExceptionally(e);
                    }
                }
            });
            return done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (taken.compareAndSet(false, true)) {
                return Reply.busy("it is still starting or busy and did not take the command line within "
                        + answerWithin.toSeconds() + " seconds, so nothing was opened. Try again in a moment.");
            }
            return done.join(); // the window took it just now: wait for what it did
        } catch (ExecutionException e) {
            return Reply.busy("opening what the command line names failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.busy("it was interrupted while taking the command line");
        }
    }
}
