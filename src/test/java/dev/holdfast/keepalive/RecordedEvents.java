package dev.holdfast.keepalive;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what the engine reports about one connection, with the moment it was declared dead. */
public final class RecordedEvents implements KeepaliveEvents {
    public final List<String> log = new CopyOnWriteArrayList<>();
    public final CompletableFuture<Long> deadAt = new CompletableFuture<>();
    public volatile String cause;

    @Override
    public void event(String message) {
        log.add(message);
    }

    @Override
    public void dead(String why) {
        cause = why;
        deadAt.complete(System.nanoTime());
    }
}
