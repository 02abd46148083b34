package dev.holdfast.ssh.forward;

import dev.holdfast.session.PortForward;
import java.io.IOException;
import java.net.Socket;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;

/** {@code -L}: each connection made here is carried to host:hostPort, connected from the server. */
final class LocalForward extends ListeningForward {

    LocalForward(PortForward forward, Forwards.Context context) {
        super(forward, context);
    }

    @Override
    void handle(Socket socket) {
        PortForward forward = forward();
        DirectConnection channel;
        try {
            channel = context.client().newDirectConnection(forward.host(), forward.hostPort());
        } catch (IOException | RuntimeException e) {
            IOException io = e instanceof IOException x ? x : new IOException(e.getMessage(), e);
            connectionFailed();
            context.event("Forward " + forward.describe() + ": "
                    + ForwardWords.channelFailed(forward.host(), forward.hostPort(), io));
            closeQuietly(socket);
            return;
        }
        channelOpened();
        Pipe.carry(socket, channel.getInputStream(), channel.getOutputStream(), channel, this, context.pool());
    }
}
