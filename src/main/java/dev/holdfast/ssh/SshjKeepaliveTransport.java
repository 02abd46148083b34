package dev.holdfast.ssh;

import dev.holdfast.keepalive.KeepaliveTransport;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import net.schmizz.concurrent.Promise;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.transport.TransportImpl;

/** The keepalive engine's view of an SSHJ connection. */
final class SshjKeepaliveTransport implements KeepaliveTransport {
    private static final byte[] NO_DATA = new byte[0];

    private final SSHClient client;
    private final TrafficMeter meter;

    SshjKeepaliveTransport(SSHClient client, TrafficMeter meter) {
        this.client = client;
        this.meter = meter;
    }

    @Override
    public long lastInboundNanos() {
        return meter.lastInboundNanos();
    }

    @Override
    public long bytesIn() {
        return meter.bytesIn();
    }

    @Override
    public long bytesOut() {
        return meter.bytesOut();
    }

    @Override
    public boolean readyForKeepalive() {
        return client.isConnected() && client.isAuthenticated()
                && !(client.getTransport() instanceof TransportImpl transport && !transport.isKexDone());
    }

    @Override
    public void sendProbe(long waitNanos, LongConsumer onReply) throws IOException {
        long sent = System.nanoTime();
        Promise<SSHPacket, ConnectionException> reply = client.getConnection()
                .sendGlobalRequest("keepalive@openssh.com", true, NO_DATA);
        try {
            if (reply.tryRetrieve(waitNanos, TimeUnit.NANOSECONDS) != null) {
                onReply.accept(System.nanoTime() - sent);
            }
        } catch (ConnectionException e) {
            // OpenSSH answers keepalive@openssh.com with REQUEST_FAILURE: an answer all the same
            if (e.getCause() == null && String.valueOf(e.getMessage()).startsWith("Global request")) {
                onReply.accept(System.nanoTime() - sent);
            }
        }
    }

    @Override
    public void sendNullPacket() throws IOException {
        client.getTransport().write(new SSHPacket(Message.IGNORE).putString(""));
    }
}
