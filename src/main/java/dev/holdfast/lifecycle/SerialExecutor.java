package dev.holdfast.lifecycle;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in the order given, on a base executor (the FX thread in the app, the
 * caller's thread in tests). A task given while another runs waits its turn instead of running inside
 * it, so a state machine is never re-entered by its own listeners.
 */
final class SerialExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);
    private final Executor base;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean scheduled;

    SerialExecutor(Executor base) {
        this.base = base;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (queue) {
            queue.addLast(task);
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        base.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (queue) {
                next = queue.pollFirst();
                if (next == null) {
                    scheduled = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.error("A connection lifecycle task failed", e);
            }
        }
    }
}
