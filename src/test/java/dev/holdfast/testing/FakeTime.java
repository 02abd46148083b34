package dev.holdfast.testing;

import dev.holdfast.keepalive.KeepaliveEngine;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/** Virtual monotonic time and a scheduler on it: tasks run in due order as a test advances the clock. */
public final class FakeTime implements KeepaliveEngine.Scheduler {
    public static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    public static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);

    private record Task(long due, long seq, Runnable run, boolean[] cancelled) { }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.due != b.due
            ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private long now = 1_000 * SECOND;
    private long seq;
    private long lateness;

    /** Runs every task this much after it is due, like a busy scheduler thread. */
    public void runLateBy(long nanos) {
        lateness = nanos;
    }

    public long now() {
        return now;
    }

    @Override
    public Runnable schedule(Runnable task, long delayNanos) {
        boolean[] cancelled = {false};
        tasks.add(new Task(now + Math.max(0, delayNanos) + lateness, seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Moves the clock to {@code time}, running every task due by then. */
    public void advanceTo(long time) {
        while (!tasks.isEmpty() && tasks.peek().due <= time) {
            Task task = tasks.poll();
            now = Math.max(now, task.due);
            if (!task.cancelled[0]) {
                task.run.run();
            }
        }
        now = Math.max(now, time);
    }

    public void advance(long nanos) {
        advanceTo(now + nanos);
    }

    /** Whether any task not cancelled is waiting. */
    public boolean idle() {
        return tasks.stream().allMatch(t -> t.cancelled[0]);
    }
}
