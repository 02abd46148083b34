package dev.holdfast.keepalive;

import java.net.Socket;
import jdk.net.ExtendedSocketOptions;

/**
 * TCP keepalive settings for one socket: SO_KEEPALIVE, and where the OS allows, the idle time before the
 * first probe, the time between probes and how many may go unanswered.
 */
public record TcpKeepalive(boolean enabled, int idleSeconds, int intervalSeconds, int count) {

    public static final TcpKeepalive OFF = new TcpKeepalive(false, 0, 0, 0);

    /**
     * Applies these settings to a connected socket and says what the OS accepted, for the health view
     * and the event log, e.g. "on: idle 60 s, every 10 s, 6 probes (as asked)".
     */
    public String applyTo(Socket socket) {
        try {
            socket.setKeepAlive(enabled);
            if (!enabled) {
                return "off";
            }
            if (!TcpKeepaliveSupport.detect().tuningSupported()) {
                return "on with the system's timing (this OS does not let Java set idle/interval/count)";
            }
            socket.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, idleSeconds);
            socket.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, intervalSeconds);
            socket.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, count);
            int idle = socket.getOption(ExtendedSocketOptions.TCP_KEEPIDLE);
            int interval = socket.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL);
            int probes = socket.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT);
            boolean asAsked = idle == idleSeconds && interval == intervalSeconds && probes == count;
            return "on: idle " + idle + " s, every " + interval + " s, " + probes + " probes"
                    + (asAsked ? " (as asked)" : " (asked " + idleSeconds + "/" + intervalSeconds + "/" + count + ")");
        } catch (java.io.IOException | RuntimeException e) {
            return "not applied: " + e.getMessage();
        }
    }
}
