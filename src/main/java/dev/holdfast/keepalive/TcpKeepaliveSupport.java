package dev.holdfast.keepalive;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketOption;
import java.util.Set;
import jdk.net.ExtendedSocketOptions;

/**
 * What the running JDK and OS let us set for TCP keepalive: {@code SO_KEEPALIVE} is everywhere, the
 * idle / interval / count options only where {@link ExtendedSocketOptions} supports them (Linux and
 * macOS on JDK 17, not Windows).
 */
public final class TcpKeepaliveSupport {
    private static volatile TcpKeepaliveSupport current;

    private final boolean tuningSupported;

    TcpKeepaliveSupport(boolean tuningSupported) {
        this.tuningSupported = tuningSupported;
    }

    /** Probes an unconnected socket once and remembers the answer. Cheap; safe from any thread. */
    public static TcpKeepaliveSupport detect() {
        TcpKeepaliveSupport found = current;
        if (found == null) {
            found = new TcpKeepaliveSupport(probe());
            current = found;
        }
        return found;
    }

    private static boolean probe() {
        try (Socket socket = new Socket()) {
            Set<SocketOption<?>> options = socket.supportedOptions();
            return options.contains(ExtendedSocketOptions.TCP_KEEPIDLE)
                    && options.contains(ExtendedSocketOptions.TCP_KEEPINTERVAL)
                    && options.contains(ExtendedSocketOptions.TCP_KEEPCOUNT);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether idle, interval and count can be set per socket. */
    public boolean tuningSupported() {
        return tuningSupported;
    }

    /** Why tuning is unavailable, for the UI; empty text when it is available. */
    public String explanation() {
        return tuningSupported ? ""
                : "This system (" + System.getProperty("os.name")
                + ") does not let Java set TCP keepalive idle, interval and count per connection;"
                + " the operating system's defaults apply (typically 2 hours idle).";
    }
}
