package dev.holdfast.lifecycle;

import dev.holdfast.keepalive.KeepaliveTransport;
import dev.holdfast.ssh.Connections;
import dev.holdfast.ssh.SshConnection;

/** An SSHJ connection as a lifecycle's {@link Link}. */
public final class SshLink implements Link {
    private final SshConnection connection;
    private final Connections connections;
    private final KeepaliveTransport keepalive;

    SshLink(SshConnection connection, Connections connections) {
        this.connection = connection;
        this.connections = connections;
        this.keepalive = connection.keepaliveTransport();
    }

    /** The connection, for the terminal. */
    public SshConnection connection() {
        return connection;
    }

    @Override
    public KeepaliveTransport keepalive() {
        return keepalive;
    }

    @Override
    public String tcpKeepalive() {
        return connection.tcpKeepalive();
    }

    @Override
    public String explainSilence(String cause) {
        return connection.explainSilence(cause);
    }

    @Override
    public void close() {
        connections.disconnect(connection);
    }
}
