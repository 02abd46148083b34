package dev.holdfast.ssh;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.Service;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHException;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.Transport;
import net.schmizz.sshj.transport.TransportException;

/**
 * Sends {@code keepalive@openssh.com} probes and takes every answer a server may give them, so no answer
 * can end the session. It sits in front of SSHJ's connection service (installed once authenticated) and
 * passes everything else through.
 *
 * <p>Why: SSHJ 0.40 hands an SSH_MSG_UNIMPLEMENTED to the active service's {@code notifyUnimplemented},
 * and its {@code AbstractService} (which {@code ConnectionImpl} does not override) throws a PROTOCOL_ERROR
 * from there, so the transport dies: a server that does not know the request (older libssh, tinysshd,
 * embedded servers) kills the session at its first probe. SSHJ's own global-request promise would also
 * never complete. Here the probe is written through the transport, which returns the packet's sequence
 * number; an UNIMPLEMENTED that names that number answers the probe. REQUEST_SUCCESS and REQUEST_FAILURE
 * answer the oldest outstanding probe, as replies come in request order (RFC 4254, 4).
 *
 * <p>Holdfast sends no other global requests; one sent through SSHJ's {@code Connection} while a probe is
 * outstanding would have its reply taken for the probe's.
 *
 * <p>Threads: {@link #probe} from the keepalive engine's I/O threads; the rest from SSHJ's reader thread.
 */
final class KeepaliveReplies implements Service {
    static final String REQUEST = "keepalive@openssh.com";

    private final Service inner;
    private final Transport transport;
    /** Outstanding probes, oldest first; guarded by itself, which also orders writes against replies. */
    private final Deque<Probe> outstanding = new ArrayDeque<>();

    private record Probe(long sequence, CompletableFuture<Message> answer) {
    }

    private KeepaliveReplies(Service inner, Transport transport) {
        this.inner = inner;
        this.transport = transport;
    }

    /** Puts itself in front of the client's connection service; call once authenticated. */
    static KeepaliveReplies install(SSHClient client) {
        Transport transport = client.getTransport();
        KeepaliveReplies replies = new KeepaliveReplies(transport.getService(), transport);
        transport.setService(replies);
        return replies;
    }

    /**
     * Sends one probe with want-reply.
     *
     * @return completes with REQUEST_SUCCESS, REQUEST_FAILURE or UNIMPLEMENTED, whichever the server sent;
     *         fails if the connection dies first
     */
    CompletableFuture<Message> probe() throws TransportException {
        synchronized (outstanding) {
            long sequence = transport.write(new SSHPacket(Message.GLOBAL_REQUEST).putString(REQUEST).putBoolean(true));
            Probe probe = new Probe(sequence, new CompletableFuture<>());
            outstanding.add(probe);
            return probe.answer();
        }
    }

    /** How many probes are waiting for an answer. */
    int outstanding() {
        synchronized (outstanding) {
            return outstanding.size();
        }
    }

    @Override
    public void handle(Message msg, SSHPacket buf) throws SSHException {
        if (msg == Message.REQUEST_SUCCESS || msg == Message.REQUEST_FAILURE) {
            Probe answered;
            synchronized (outstanding) {
                answered = outstanding.poll();
            }
            if (answered != null) {
                answered.answer().complete(msg);
                return;
            }
        }
        inner.handle(msg, buf);
    }

    @Override
    public void notifyUnimplemented(long seqNum) throws SSHException {
        Probe answered = null;
        synchronized (outstanding) {
            for (Iterator<Probe> it = outstanding.iterator(); it.hasNext(); ) {
                Probe probe = it.next();
                if (probe.sequence() == seqNum) {
                    it.remove();
                    answered = probe;
                    break;
                }
            }
        }
        if (answered == null) {
            inner.notifyUnimplemented(seqNum); // not ours: SSHJ's rule (it ends the connection)
            return;
        }
        answered.answer().complete(Message.UNIMPLEMENTED);
    }

    @Override
    public void notifyError(SSHException error) {
        synchronized (outstanding) {
            outstanding.forEach(probe -> probe.answer().completeExceptionally(error));
            outstanding.clear();
        }
        inner.notifyError(error);
    }

    @Override
    public String getName() {
        return inner.getName();
    }

    @Override
    public void request() throws TransportException {
        inner.request();
    }
}
