package dev.holdfast.ssh.agent;

import dev.holdfast.threads.Threads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.connection.Connection;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.forwarded.AbstractForwardedChannel;
import net.schmizz.sshj.connection.channel.forwarded.ForwardedChannelOpener;
import net.schmizz.sshj.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenSSH's agent forwarding ({@code ForwardAgent}): the shell's session asks the server for it
 * ({@code auth-agent-req@openssh.com}), and each {@code auth-agent@openssh.com} channel the server then opens (a
 * program there using {@code SSH_AUTH_SOCK}) is carried to the local agent's socket, byte for byte, both ways.
 * The keys never leave the agent; what the server can do is ask it to sign while the session is open.
 */
public final class AgentForwarding implements ForwardedChannelOpener {
    private static final Logger LOG = LoggerFactory.getLogger(AgentForwarding.class);
    static final String CHANNEL_TYPE = "auth-agent@openssh.com";
    /** Carries the forwarded channels: two threads for each open one, idle ones ended after a minute. */
    private static final ExecutorService PUMPS = Executors.newCachedThreadPool(Threads.factory("agent-forward"));

    private final Connection connection;
    private final Path socket;

    private AgentForwarding(Connection connection, Path socket) {
        this.connection = connection;
        this.socket = socket;
    }

    /** Asks for agent forwarding on {@code session}, before its PTY and shell, and accepts the server's channels. */
    public static void request(SSHClient client, Session session, Path socket) throws TransportException {
        client.getConnection().attach(new AgentForwarding(client.getConnection(), socket));
        client.getTransport().write(new SSHPacket(Message.CHANNEL_REQUEST).putUInt32(session.getRecipient())
                .putString("auth-agent-req@openssh.com").putBoolean(false));
        LOG.info("Agent forwarding asked for, to the agent at {}", socket);
    }

    @Override
    public String getChannelType() {
        return CHANNEL_TYPE;
    }

    /** On SSHJ's reader thread: confirms the channel and hands the carrying to the pumps. */
    @Override
    public void handleOpen(SSHPacket buf) throws ConnectionException, TransportException {
        AgentChannel channel;
        try {
            channel = new AgentChannel(connection, buf.readUInt32AsInt(), buf.readUInt32(), buf.readUInt32());
        } catch (Buffer.BufferException e) {
            throw new ConnectionException(e);
        }
        connection.attach(channel);
        channel.confirm();
        PUMPS.execute(() -> carry(channel));
    }

    private void carry(AgentChannel channel) {
        try (SocketChannel agent = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            agent.connect(UnixDomainSocketAddress.of(socket));
            PUMPS.execute(() -> toServer(agent, channel));
            InputStream in = channel.getInputStream();
            byte[] buffer = new byte[16 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    agent.write(chunk);
                }
            }
        } catch (IOException e) {
            LOG.info("A forwarded agent channel ended: {}", e.toString());
        } finally {
            closeQuietly(channel);
        }
    }

    private static void toServer(SocketChannel agent, AgentChannel channel) {
        try {
            OutputStream out = channel.getOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
            while (agent.read(buffer) >= 0) {
                out.write(buffer.array(), 0, buffer.position());
                out.flush();
                buffer.clear();
            }
        } catch (IOException e) {
            LOG.debug("agent to server: {}", e.toString());
        } finally {
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(AgentChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing a forwarded agent channel: {}", e.toString());
        }
    }

    /** A channel the server opened towards the agent. */
    private static final class AgentChannel extends AbstractForwardedChannel {
        AgentChannel(Connection connection, int recipient, long window, long maxPacket) {
            super(connection, CHANNEL_TYPE, recipient, window, maxPacket, "", 0);
        }
    }
}
