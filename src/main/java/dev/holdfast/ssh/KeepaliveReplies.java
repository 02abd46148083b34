package dev.holdfast.ssh;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.schmizz.concurrent.Promise;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.Service;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHException;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.connection.Connection;
import net.schmizz.sshj.connection.ConnectionException;
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
 * <p>Replies name no request, so every global request must be in one queue: SSHJ's own ({@code tcpip-forward}
 * for a remote forward, its cancel) go through {@link #sshjRequest}, which queues a place for it in line with
 * the probes and hands its reply to SSHJ. A request sent past it while a probe is outstanding would have its reply
 * taken for the probe's and the probe's given to it: a remote forward the server granted was reported refused
 * (OpenSSH refuses the probe), and then refused for real, the port being held by that very grant.
 *
 * <p>Threads: {@link #probe} from the keepalive engine's writer threads; the rest from SSHJ's reader thread,
 * which also completes the probes' futures and so runs whatever waits on them: nothing blocks for an answer.
 */
final class KeepaliveReplies implements Service {
    static final String REQUEST = "keepalive@openssh.com";

    /** How long the reader thread waits for a probe's writer to learn its sequence number (it is past the write). */
    private static final long SEQUENCE_WAIT_MILLIS = 1000;

    private final Service inner;
    private final Transport transport;
    private final Connection connection;
    /** Probe writes one at a time, so that {@link #outstanding} is in the order the probes went out. */
    private final Object writing = new Object();
    /**
     * Outstanding probes, oldest first; guarded by itself. A probe is added before it is written, and the lock is
     * never held across a write: the reader thread must never wait for a socket write (or a key exchange, which
     * needs the reader thread itself) to take an answer.
     */
    private final Deque<Probe> outstanding = new ArrayDeque<>();

    /**
     * One probe: its packet's sequence number is known once the write returned. Or the place of one of SSHJ's
     * global requests ({@link #sshj}), whose reply is SSHJ's to take.
     */
    private static final class Probe {
        final CompletableFuture<Message> answer = new CompletableFuture<>();
        private final CountDownLatch written = new CountDownLatch(1);
        private volatile long sequence = -1;
        final boolean sshj;

        Probe(boolean sshj) {
            this.sshj = sshj;
        }

        void written(long seq) {
            sequence = seq;
            written.countDown();
        }

        /** The sequence number, waiting a little for the writer if the answer came before write() returned. */
        long sequence() {
            try {
                if (!written.await(SEQUENCE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                    return -1;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return sequence;
        }
    }

    private KeepaliveReplies(Service inner, Transport transport, Connection connection) {
        this.inner = inner;
        this.transport = transport;
        this.connection = connection;
    }

    /** Puts itself in front of the client's connection service; call once authenticated. */
    static KeepaliveReplies install(SSHClient client) {
        Transport transport = client.getTransport();
        KeepaliveReplies replies = new KeepaliveReplies(transport.getService(), transport, client.getConnection());
        transport.setService(replies);
        return replies;
    }

    /**
     * Writes one probe with want-reply and returns; the answer completes the future on SSHJ's reader thread.
     * The write itself can block (a full socket send buffer, a key exchange); nothing here waits for the answer.
     *
     * @return completes with REQUEST_SUCCESS, REQUEST_FAILURE or UNIMPLEMENTED, whichever the server sent;
     *         fails if the connection dies first
     */
    CompletableFuture<Message> probe() throws TransportException {
        Probe probe = new Probe(false);
        synchronized (writing) {
            synchronized (outstanding) {
                outstanding.add(probe);
            }
            try {
                probe.written(transport.write(
                        new SSHPacket(Message.GLOBAL_REQUEST).putString(REQUEST).putBoolean(true)));
            } catch (TransportException | RuntimeException e) {
                synchronized (outstanding) {
                    outstanding.remove(probe);
                }
                probe.written(-1);
                throw e;
            }
        }
        return probe.answer;
    }

    /**
     * Sends one of SSHJ's global requests with want-reply, in line with the probes: its reply goes to SSHJ, which
     * completes the returned promise. Returns once written; the caller waits on the promise.
     */
    Promise<SSHPacket, ConnectionException> sshjRequest(String name, byte[] specifics) throws TransportException {
        Probe place = new Probe(true);
        place.written(-1); // never an UNIMPLEMENTED's: SSHJ's rule applies to those
        synchronized (writing) {
            synchronized (outstanding) {
                outstanding.add(place);
            }
            try {
                return connection.sendGlobalRequest(name, true, specifics);
            } catch (TransportException | RuntimeException e) {
                synchronized (outstanding) {
                    outstanding.remove(place);
                }
                throw e;
            }
        }
    }

    /** How many probes (and SSHJ's requests) are waiting for an answer. */
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
            if (answered != null && !answered.sshj) {
                answered.answer.complete(msg); // runs the probe's callback here, on the reader thread
                return;
            }
        }
        inner.handle(msg, buf);
    }

    @Override
    public void notifyUnimplemented(long seqNum) throws SSHException {
        List<Probe> candidates;
        synchronized (outstanding) {
            candidates = List.copyOf(outstanding);
        }
        Probe answered = null;
        for (Probe probe : candidates) {
            if (!probe.sshj && probe.sequence() == seqNum) {
                answered = probe;
                break;
            }
        }
        boolean ours;
        synchronized (outstanding) {
            ours = answered != null && outstanding.remove(answered);
        }
        if (!ours) {
            inner.notifyUnimplemented(seqNum); // not ours: SSHJ's rule (it ends the connection)
            return;
        }
        answered.answer.complete(Message.UNIMPLEMENTED);
    }

    @Override
    public void notifyError(SSHException error) {
        List<Probe> failed;
        synchronized (outstanding) {
            failed = List.copyOf(outstanding);
            outstanding.clear();
        }
        failed.forEach(probe -> probe.answer.completeExceptionally(error)); // outside the lock: callbacks run here
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
