package dev.holdfast.threads;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in the order given, on a base executor: a connection's lifecycle on the FX
 * thread (the caller's thread in tests), a terminal's writes on a pool that all terminals share. A task
 * given while another runs waits its turn instead of running inside it, so a state machine is never
 * re-entered by its own listeners; the base holds no thread for it while nothing is queued.
 */
public final class SerialExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);
    private final Executor base;
    private final String role;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean scheduled;

    /** @param role what the tasks are, for the log line when one fails ("connection lifecycle") */
    public SerialExecutor(Executor base, String role) {
        this.base = base;
        this.role = role;
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
        try {
            base.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (queue) {
                queue.removeLastOccurrence(task);
                scheduled = false;
            }
            throw e;
        }
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
                LOG.error("A {} task failed", role, e);
            }
        }
    }
}
