package dev.holdfast.ssh.forward;

import dev.holdfast.session.PortForward;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code -D}: a SOCKS5 proxy here; each client's CONNECT is carried to the destination it names, connected (and
 * its name resolved) from the server.
 */
final class DynamicForward extends ListeningForward {
    private static final Logger LOG = LoggerFactory.getLogger(DynamicForward.class);
    /** How long a client may take over its handshake before it is dropped (a silent client holds a thread). */
    static final int HANDSHAKE_TIMEOUT_MS = 30_000;

    DynamicForward(PortForward forward, Forwards.Context context) {
        super(forward, context);
    }

    @Override
    void handle(Socket socket) {
        Socks5.Request request;
        try {
            socket.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            request = Socks5.handshake(in, out);
        } catch (IOException e) {
            LOG.debug("SOCKS client of {} not served: {}", forward().text(), e.toString());
            closeQuietly(socket);
            return;
        }
        DirectConnection channel;
        try {
            channel = context.client().newDirectConnection(request.host(), request.port());
        } catch (IOException | RuntimeException e) {
            IOException io = e instanceof IOException x ? x : new IOException(e.getMessage(), e);
            connectionFailed();
            context.event("SOCKS proxy on port " + state().port() + ": "
                    + ForwardWords.channelFailed(request.host(), request.port(), io));
            try {
                Socks5.reply(socket.getOutputStream(), ForwardWords.socksReply(io));
            } catch (IOException ignored) {
                LOG.debug("SOCKS failure reply not sent: {}", ignored.toString());
            }
            closeQuietly(socket);
            return;
        }
        channelOpened();
        try {
            Socks5.reply(socket.getOutputStream(), Socks5.SUCCEEDED);
            socket.setSoTimeout(0);
        } catch (IOException e) {
            closeQuietly(socket);
            closeQuietly(channel);
            channelClosed();
            return;
        }
        Pipe.carry(socket, channel.getInputStream(), channel.getOutputStream(), channel, this, context.pool());
    }
}
