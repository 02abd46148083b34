package dev.holdfast.ssh;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.common.LoggerFactory;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHException;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.Channel;
import net.schmizz.sshj.transport.TransportException;

/**
 * A jump host's {@code direct-tcpip} channel to the next hop, whose streams count the next hop's bytes in a
 * {@link TrafficMeter}: the next connection runs over this channel instead of a socket, and its keepalive needs
 * to know when that server last spoke. Everything else is the channel's own.
 */
final class MeteredChannel implements Channel {
    private final Channel channel;
    private final InputStream in;
    private final OutputStream out;

    MeteredChannel(Channel channel, TrafficMeter meter) {
        this.channel = channel;
        this.in = meter.metered(channel.getInputStream());
        this.out = meter.metered(channel.getOutputStream());
    }

    @Override
    public InputStream getInputStream() {
        return in;
    }

    @Override
    public OutputStream getOutputStream() {
        return out;
    }

    @Override
    public void close() throws TransportException, ConnectionException {
        channel.close();
    }

    @Override
    public boolean getAutoExpand() {
        return channel.getAutoExpand();
    }

    @Override
    public int getID() {
        return channel.getID();
    }

    @Override
    public int getLocalMaxPacketSize() {
        return channel.getLocalMaxPacketSize();
    }

    @Override
    public long getLocalWinSize() {
        return channel.getLocalWinSize();
    }

    @Override
    public int getRecipient() {
        return channel.getRecipient();
    }

    @Override
    public Charset getRemoteCharset() {
        return channel.getRemoteCharset();
    }

    @Override
    public int getRemoteMaxPacketSize() {
        return channel.getRemoteMaxPacketSize();
    }

    @Override
    public long getRemoteWinSize() {
        return channel.getRemoteWinSize();
    }

    @Override
    public String getType() {
        return channel.getType();
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void setAutoExpand(boolean autoExpand) {
        channel.setAutoExpand(autoExpand);
    }

    @Override
    public void join() throws ConnectionException {
        channel.join();
    }

    @Override
    public void join(long timeout, TimeUnit unit) throws ConnectionException {
        channel.join(timeout, unit);
    }

    @Override
    public boolean isEOF() {
        return channel.isEOF();
    }

    @Override
    public LoggerFactory getLoggerFactory() {
        return channel.getLoggerFactory();
    }

    @Override
    public void handle(Message msg, SSHPacket buf) throws SSHException {
        channel.handle(msg, buf);
    }

    @Override
    public void notifyError(SSHException error) {
        channel.notifyError(error);
    }
}
