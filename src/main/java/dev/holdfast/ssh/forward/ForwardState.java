package dev.holdfast.ssh.forward;

import dev.holdfast.session.PortForward;

/**
 * One forward as it stands at one moment: immutable, so any thread may read it.
 *
 * @param forward what was asked for
 * @param phase starting, listening, failed or closed
 * @param port the port actually listened on (the server's choice for a remote forward asked with port 0); 0
 *             until listening
 * @param problem why it failed, in plain words; while starting again after a failure that may pass (a port
 *                still held), what is awaited; else empty
 * @param openChannels connections being carried now
 * @param connections connections carried since it started
 * @param failedConnections connections that could not be carried (the far side could not be reached)
 * @param bytesIn bytes that came out of the SSH connection (from the server's side)
 * @param bytesOut bytes that went into the SSH connection (towards the server's side)
 */
public record ForwardState(PortForward forward, Phase phase, int port, String problem, int openChannels,
                           long connections, long failedConnections, long bytesIn, long bytesOut) {

    /** Where a forward is in its life. */
    public enum Phase {
        /** Being set up: binding here, or asking the server to listen. */
        STARTING,
        /** Listening on {@link ForwardState#port()}. */
        LISTENING,
        /** Could not be set up; {@link ForwardState#problem()} says why. */
        FAILED,
        /** Stopped with its connection. */
        CLOSED
    }

    /** Nothing done yet. */
    public static ForwardState starting(PortForward forward) {
        return new ForwardState(forward, Phase.STARTING, 0, "", 0, 0, 0, 0, 0);
    }
}
