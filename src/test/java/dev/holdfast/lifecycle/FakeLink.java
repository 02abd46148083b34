package dev.holdfast.lifecycle;

import dev.holdfast.keepalive.KeepaliveTransport;
import dev.holdfast.testing.FakeTime;
import java.util.function.LongConsumer;

/** A connection on fake time whose server answers probes after {@code rtt} until it is silenced. */
final class FakeLink implements Link {
    final String name;
    private final FakeTime time;
    volatile long lastInbound;
    volatile boolean answering = true;
    volatile boolean closed;
    int probes;
    long rtt = 2 * FakeTime.MILLI;

    FakeLink(String name, FakeTime time) {
        this.name = name;
        this.time = time;
        this.lastInbound = time.now();
    }

    /** The server goes silent now (stopped, blackholed). */
    void silence() {
        answering = false;
    }

    /** The server sends something now. */
    void speak() {
        lastInbound = time.now();
    }

    @Override
    public KeepaliveTransport keepalive() {
        return new KeepaliveTransport() {
            @Override
            public long lastInboundNanos() {
                return lastInbound;
            }

            @Override
            public long bytesIn() {
                return 0;
            }

            @Override
            public long bytesOut() {
                return 0;
            }

            @Override
            public boolean readyForKeepalive() {
                return !closed;
            }

            @Override
            public void sendProbe(LongConsumer onReply) {
                probes++;
                if (answering && !closed) {
                    time.schedule(() -> {
                        if (answering && !closed) {
                            lastInbound = time.now();
                            onReply.accept(rtt);
                        }
                    }, rtt);
                }
            }

            @Override
            public void sendNullPacket() {
            }
        };
    }

    @Override
    public String tcpKeepalive() {
        return "on";
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return name;
    }
}
