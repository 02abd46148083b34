package dev.holdfast.ssh.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.holdfast.session.PortForward;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import net.schmizz.sshj.connection.channel.OpenFailException;
import org.junit.jupiter.api.Test;

class ForwardWordsTest {
    private static PortForward forward(String line) {
        return PortForward.parse(line).value();
    }

    private static OpenFailException open(OpenFailException.Reason reason, String message) {
        return new OpenFailException("direct-tcpip", reason.getCode(), message);
    }

    @Test
    void bindFailuresInWords() {
        assertEquals("port 8080 is already in use on this computer",
                ForwardWords.bindFailed(forward("L 8080:db:5432"), new BindException("Address already in use")));
        assertEquals("port 80 is not allowed: ports below 1024 need administrator rights",
                ForwardWords.bindFailed(forward("L 80:db:80"), new BindException("Permission denied")));
        assertEquals("the listening address 10.9.9.9 is not an address of this computer", ForwardWords.bindFailed(
                forward("D 10.9.9.9:1080"), new BindException("Cannot assign requested address")));
        assertEquals("the listening address nowhere.invalid is not known on this computer",
                ForwardWords.bindFailed(forward("D nowhere.invalid:1080"), new UnknownHostException("nowhere.invalid")));
    }

    @Test
    void aRefusedRemoteForwardNamesTheSettings() {
        assertEquals("the server refused to listen on port 9000 (its AllowTcpForwarding or PermitListen settings)",
                ForwardWords.remoteRefused(forward("R 9000:localhost:3000")));
        assertEquals("the server refused to listen on a port of its choice (its AllowTcpForwarding or PermitListen"
                + " settings)", ForwardWords.remoteRefused(forward("R 0:localhost:3000")));
    }

    @Test
    void channelFailuresInWords() {
        assertEquals("the server could not reach db:5432: connection refused", ForwardWords.channelFailed("db", 5432,
                open(OpenFailException.Reason.CONNECT_FAILED, "Connection refused")));
        assertEquals("the server could not reach [::1]:22: name or service not known", ForwardWords.channelFailed(
                "::1", 22, open(OpenFailException.Reason.CONNECT_FAILED, "open failed: Name or service not known")));
        assertEquals("the server could not reach db:5432", ForwardWords.channelFailed("db", 5432,
                open(OpenFailException.Reason.CONNECT_FAILED, "")));
        assertEquals("the server does not allow connections to db:5432 (its AllowTcpForwarding or PermitOpen"
                + " settings)", ForwardWords.channelFailed("db", 5432,
                open(OpenFailException.Reason.ADMINISTRATIVELY_PROHIBITED, "administratively prohibited")));
        assertEquals("this computer could not reach localhost:3000: connection refused",
                ForwardWords.localTargetFailed("localhost", 3000, new ConnectException("Connection refused")));
        assertEquals("this computer could not reach nowhere.invalid:3000: unknown host nowhere.invalid",
                ForwardWords.localTargetFailed("nowhere.invalid", 3000, new UnknownHostException("nowhere.invalid")));
    }

    @Test
    void socksReplyCodesFollowWhatTheServerSaid() {
        assertEquals(Socks5.REFUSED, ForwardWords.socksReply(open(OpenFailException.Reason.CONNECT_FAILED,
                "Connection refused")));
        assertEquals(Socks5.HOST_UNREACHABLE, ForwardWords.socksReply(open(OpenFailException.Reason.CONNECT_FAILED,
                "Name or service not known")));
        assertEquals(Socks5.HOST_UNREACHABLE, ForwardWords.socksReply(open(OpenFailException.Reason.CONNECT_FAILED,
                "No route to host")));
        assertEquals(Socks5.NETWORK_UNREACHABLE, ForwardWords.socksReply(open(OpenFailException.Reason.CONNECT_FAILED,
                "Network is unreachable")));
        assertEquals(Socks5.NOT_ALLOWED, ForwardWords.socksReply(open(
                OpenFailException.Reason.ADMINISTRATIVELY_PROHIBITED, "open failed")));
        assertEquals(Socks5.GENERAL_FAILURE, ForwardWords.socksReply(new IOException("transport died")));
    }
}
