package dev.holdfast.keepalive;

import dev.holdfast.threads.Threads;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a network change (an interface or an address that appeared, went away or changed, as when a
 * laptop moves to another Wi-Fi, a VPN comes up or a cable is pulled) by polling the system's interfaces
 * every few seconds on its own thread, never the FX thread. Java has no portable notification for this.
 */
public final class NetworkWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkWatch.class);

    /** What is compared between polls: one line per interface that is up, with its addresses. */
    public interface Interfaces {
        Set<String> snapshot() throws IOException;
    }

    private final ScheduledExecutorService poller;
    private final Interfaces source;
    private final Runnable onChange;
    private Set<String> last;
    private java.util.concurrent.ScheduledFuture<?> polling;

    private NetworkWatch(Interfaces source, Runnable onChange, ScheduledExecutorService poller) {
        this.source = source;
        this.onChange = onChange;
        this.poller = poller;
    }

    /** Polls {@code source} every {@code period}; {@code onChange} runs on the poller's thread after a change. */
    public static NetworkWatch start(Interfaces source, Duration period, Runnable onChange) {
        NetworkWatch watch = new NetworkWatch(source, onChange,
                Executors.newSingleThreadScheduledExecutor(Threads.factory("network-watch", false)));
        watch.polling = watch.poller.scheduleWithFixedDelay(watch::poll, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return watch;
    }

    /** For tests: a watch that polls only when {@link #poll} is called. */
    static NetworkWatch polledByHand(Interfaces source, Runnable onChange) {
        return new NetworkWatch(source, onChange, null);
    }

    /** The interfaces that are up and their addresses, loopback left out. */
    public static Set<String> system() throws SocketException {
        Set<String> lines = new TreeSet<>();
        for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            List<String> addresses = nic.inetAddresses().map(InetAddress::getHostAddress).sorted().toList();
            lines.add(nic.getName() + " " + addresses);
        }
        return lines;
    }

    /** Compares the interfaces now with the last poll's (also called by the poller). */
    void poll() {
        Set<String> now;
        try {
            now = source.snapshot();
        } catch (IOException | RuntimeException e) {
            LOG.debug("network interfaces not read: {}", e.toString());
            return;
        }
        Set<String> before = last;
        last = now;
        if (before != null && !before.equals(now)) {
            Set<String> gone = new TreeSet<>(before);
            gone.removeAll(now);
            Set<String> came = new TreeSet<>(now);
            came.removeAll(before);
            LOG.info("The network changed: gone {}, new {}", gone, came);
            onChange.run();
        }
    }

    @Override
    public void close() {
        if (poller != null) {
            polling.cancel(false);
            poller.shutdownNow();
        }
    }
}
