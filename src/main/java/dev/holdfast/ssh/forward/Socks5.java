package dev.holdfast.ssh.forward;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * The server side of a SOCKS5 handshake (RFC 1928): the no-authentication method only, the CONNECT command
 * only, destinations as IPv4 or IPv6 addresses or as domain names (passed on unresolved, so the server resolves
 * them, as ssh's {@code -D} does). Reads exactly what the protocol allows and no more (at most 255 method bytes, a
 * name of at most 255 bytes), so a client's later bytes stay in the socket for the tunnel. Pure apart from the
 * streams; blocking.
 */
final class Socks5 {
    static final int VERSION = 5;
    static final int NO_AUTH = 0x00;
    static final int NO_ACCEPTABLE_METHOD = 0xFF;
    static final int CONNECT = 0x01;
    static final int SUCCEEDED = 0x00;
    static final int GENERAL_FAILURE = 0x01;
    static final int NOT_ALLOWED = 0x02;
    static final int NETWORK_UNREACHABLE = 0x03;
    static final int HOST_UNREACHABLE = 0x04;
    static final int REFUSED = 0x05;
    static final int COMMAND_NOT_SUPPORTED = 0x07;
    static final int ADDRESS_NOT_SUPPORTED = 0x08;
    static final int IPV4 = 0x01;
    static final int DOMAIN = 0x03;
    static final int IPV6 = 0x04;

    private Socks5() {
    }

    /** Where a client asked to be connected. */
    record Request(String host, int port) {
    }

    /** The client broke the protocol or asked for what is not offered; what could be answered has been. */
    static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /**
     * Reads the client's greeting, chooses no-authentication, and reads its request. A request this server does
     * not carry (another command, an unknown address type) is answered with the matching failure reply.
     *
     * @throws Refused when the client cannot be served (answered where the protocol allows it)
     * @throws IOException when the client's bytes end early or the socket fails
     */
    static Request handshake(InputStream in, OutputStream out) throws IOException {
        int version = readByte(in);
        if (version != VERSION) {
            throw new Refused("not SOCKS version 5 (version byte " + version + ")");
        }
        int count = readByte(in);
        byte[] methods = readExactly(in, count);
        boolean noAuth = false;
        for (byte method : methods) {
            noAuth |= (method & 0xFF) == NO_AUTH;
        }
        if (!noAuth) {
            out.write(new byte[] {VERSION, (byte) NO_ACCEPTABLE_METHOD});
            out.flush();
            throw new Refused("the client offered no method without authentication");
        }
        out.write(new byte[] {VERSION, NO_AUTH});
        out.flush();

        if (readByte(in) != VERSION) {
            throw new Refused("the request is not SOCKS version 5");
        }
        int command = readByte(in);
        readByte(in); // reserved
        int type = readByte(in);
        String host = switch (type) {
            case IPV4 -> InetAddress.getByAddress(readExactly(in, 4)).getHostAddress();
            case IPV6 -> InetAddress.getByAddress(readExactly(in, 16)).getHostAddress();
            case DOMAIN -> name(readExactly(in, readByte(in)));
            default -> null;
        };
        if (host == null) {
            reply(out, ADDRESS_NOT_SUPPORTED);
            throw new Refused("address type " + type + " is not one SOCKS5 defines");
        }
        int port = readByte(in) << 8 | readByte(in);
        if (command != CONNECT) {
            reply(out, COMMAND_NOT_SUPPORTED);
            throw new Refused("only CONNECT is offered (command " + command + ")");
        }
        if (host.isEmpty() || port == 0) {
            reply(out, GENERAL_FAILURE);
            throw new Refused("an empty destination");
        }
        return new Request(host, port);
    }

    /** The reply to a request; the bound address is not known here, so 0.0.0.0:0 as RFC 1928 permits. */
    static void reply(OutputStream out, int code) throws IOException {
        out.write(new byte[] {VERSION, (byte) code, 0, IPV4, 0, 0, 0, 0, 0, 0});
        out.flush();
    }

    /** A domain name's bytes, or empty when they hold anything but printable ASCII (no control characters). */
    private static String name(byte[] bytes) {
        for (byte b : bytes) {
            if (b <= 0x20 || b == 0x7F) {
                return "";
            }
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the SOCKS client closed the connection during the handshake");
        }
        return b;
    }

    /**
     * Exactly {@code count} bytes. Not {@code InputStream.readNBytes}: once it has them all it reads once more
     * with a length of 0, which an SSH channel's stream (SSHJ's) answers by waiting for more data, so a SOCKS
     * handshake over a channel (the remote SOCKS proxy) would hang.
     */
    private static byte[] readExactly(InputStream in, int count) throws IOException {
        byte[] bytes = new byte[count];
        for (int at = 0; at < count; ) {
            int n = in.read(bytes, at, count - at);
            if (n < 0) {
                throw new EOFException("the SOCKS client closed the connection during the handshake");
            }
            at += n;
        }
        return bytes;
    }
}
