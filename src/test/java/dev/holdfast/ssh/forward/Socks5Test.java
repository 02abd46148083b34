package dev.holdfast.ssh.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Socks5Test {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    private Socks5.Request handshake(byte[] client) throws IOException {
        return Socks5.handshake(new ByteArrayInputStream(client), out);
    }

    @Test
    void ipv4Ipv6AndNames() throws IOException {
        assertEquals(new Socks5.Request("127.0.0.1", 8080),
                handshake(bytes(5, 1, 0, 5, 1, 0, 1, 127, 0, 0, 1, 0x1F, 0x90)));
        assertArrayEquals(bytes(5, 0), out.toByteArray(), "no authentication chosen, nothing else sent yet");
        out.reset();
        assertEquals(new Socks5.Request("0:0:0:0:0:0:0:1", 22), handshake(concat(bytes(5, 1, 0, 5, 1, 0, 4),
                new byte[15], bytes(1, 0, 22))));
        out.reset();
        byte[] name = "db.internal".getBytes(StandardCharsets.US_ASCII);
        assertEquals(new Socks5.Request("db.internal", 5432), handshake(concat(bytes(5, 2, 2, 0, 5, 1, 0, 3,
                name.length), name, bytes(0x15, 0x38))));
    }

    @Test
    void neverAsksAStreamForZeroBytesWhichAnSshChannelAnswersByWaiting() throws IOException {
        // SSHJ's channel stream blocks on a read of length 0; InputStream.readNBytes makes one after the last byte
        java.io.InputStream channelLike = new ByteArrayInputStream(bytes(5, 1, 0, 5, 1, 0, 1, 127, 0, 0, 1, 0, 22)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                if (len == 0) {
                    throw new AssertionError("a read of 0 bytes would wait for data that never comes");
                }
                return super.read(b, off, Math.min(len, 1));
            }
        };
        assertEquals(new Socks5.Request("127.0.0.1", 22), Socks5.handshake(channelLike, out));
    }

    @Test
    void readsNoByteBeyondTheRequest() throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(concat(bytes(5, 1, 0, 5, 1, 0, 1, 10, 0, 0, 1, 0, 80),
                "GET /".getBytes(StandardCharsets.US_ASCII)));
        Socks5.handshake(in, out);
        assertEquals("GET /", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
    }

    @Test
    void aClientWithoutNoAuthIsToldNoAcceptableMethod() {
        assertThrows(Socks5.Refused.class, () -> handshake(bytes(5, 1, 2)));
        assertArrayEquals(bytes(5, 0xFF), out.toByteArray());
    }

    @Test
    void otherCommandsAndAddressTypesGetTheirReplyCodes() {
        assertThrows(Socks5.Refused.class, () -> handshake(bytes(5, 1, 0, 5, 2, 0, 1, 127, 0, 0, 1, 0, 80)));
        assertArrayEquals(bytes(5, 0, 5, 7, 0, 1, 0, 0, 0, 0, 0, 0), out.toByteArray(), "command not supported");
        out.reset();
        assertThrows(Socks5.Refused.class, () -> handshake(bytes(5, 1, 0, 5, 1, 0, 9, 1, 2, 3)));
        assertArrayEquals(bytes(5, 0, 5, 8, 0, 1, 0, 0, 0, 0, 0, 0), out.toByteArray(), "address type not supported");
        out.reset();
        assertThrows(Socks5.Refused.class, () -> handshake(bytes(5, 1, 0, 5, 1, 0, 3, 3, 'a', 0, 'b', 0, 80)));
        assertArrayEquals(bytes(5, 0, 5, 1, 0, 1, 0, 0, 0, 0, 0, 0), out.toByteArray(), "a name with a NUL in it");
    }

    @Test
    void otherVersionsAndShortInputEndTheHandshake() {
        assertThrows(Socks5.Refused.class, () -> handshake(bytes(4, 1, 0, 80, 127, 0, 0, 1, 0)));
        assertArrayEquals(new byte[0], out.toByteArray(), "nothing said to a SOCKS4 client");
        assertThrows(EOFException.class, () -> handshake(bytes(5, 3, 0)));
        assertThrows(EOFException.class, () -> handshake(bytes(5, 1, 0, 5, 1, 0, 3, 200, 'a')));
    }
}
