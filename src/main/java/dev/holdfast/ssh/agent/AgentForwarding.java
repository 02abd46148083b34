package dev.holdfast.ssh.agent;

import dev.holdfast.threads.Threads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
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
 * program there using {@code SSH_AUTH_SOCK}) is carried to the local agent, one message at a time: a request
 * from the server (at most {@link AgentClient#MAX_MESSAGE} bytes, as OpenSSH's agent bounds it), then the
 * agent's answer, as the protocol goes. Relaying whole messages rather than pumping bytes both ways at once
 * needs one thread per channel and works over a Windows named pipe too, where a read waiting on a pipe would
 * hold up a write on it. The keys never leave the agent; what the server can do is ask it to sign while the
 * session is open.
 */
public final class AgentForwarding implements ForwardedChannelOpener {
    private static final Logger LOG = LoggerFactory.getLogger(AgentForwarding.class);
    static final String CHANNEL_TYPE = "auth-agent@openssh.com";
    /** Carries the forwarded channels: one thread for each open one, idle ones ended after a minute. */
    private static final ExecutorService PUMPS = Executors.newCachedThreadPool(Threads.factory("agent-forward"));

    private final Connection connection;
    private final AgentEndpoint socket;

    private AgentForwarding(Connection connection, AgentEndpoint socket) {
        this.connection = connection;
        this.socket = socket;
    }

    /** Asks for agent forwarding on {@code session}, before its PTY and shell, and accepts the server's channels. */
    public static void request(SSHClient client, Session session, AgentEndpoint socket) throws TransportException {
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
        try (AgentEndpoint.Stream agent = socket.open()) {
            InputStream fromServer = channel.getInputStream();
            OutputStream toServer = channel.getOutputStream();
            for (byte[] request = message(fromServer, true); request != null; request = message(fromServer, true)) {
                agent.out().write(request);
                agent.out().flush();
                byte[] answer = message(agent.in(), false);
                if (answer == null) {
                    throw new EOFException("the agent closed the connection without answering");
                }
                toServer.write(answer);
                toServer.flush();
            }
        } catch (IOException e) {
            LOG.info("A forwarded agent channel ended: {}", e.toString());
        } finally {
            closeQuietly(channel);
        }
    }

    /**
     * One whole message with its length in front, or null at a clean end before its first byte.
     *
     * @param fromServer whether the server sent it (for the words of an error)
     */
    static byte[] message(InputStream in, boolean fromServer) throws IOException {
        byte[] length = new byte[4];
        int first = in.read(length, 0, 4);
        if (first < 0) {
            return null;
        }
        readFully(in, length, first);
        int size = ByteBuffer.wrap(length).getInt();
        if (size < 1 || size > AgentClient.MAX_MESSAGE) {
            throw new IOException((fromServer ? "the server" : "the agent") + " sent a message of "
                    + Integer.toUnsignedString(size) + " bytes; at most " + AgentClient.MAX_MESSAGE + " are carried");
        }
        byte[] whole = new byte[4 + size];
        System.arraycopy(length, 0, whole, 0, 4);
        readFully(in, whole, 4);
        return whole;
    }

    private static void readFully(InputStream in, byte[] buffer, int from) throws IOException {
        for (int at = from; at < buffer.length; ) {
            int n = in.read(buffer, at, buffer.length - at);
            if (n < 0) {
                throw new EOFException("a message ended early");
            }
            at += n;
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
