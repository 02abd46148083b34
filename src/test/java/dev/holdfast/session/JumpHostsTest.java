package dev.holdfast.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.testing.Requires;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ProxyJump chains as Holdfast reads them, checked against OpenSSH's own reading: {@code ssh -G -o ProxyJump=…}
 * accepts exactly the chains Holdfast accepts and prints them back as Holdfast writes them.
 */
class JumpHostsTest {
    private static final List<String> CHAINS = List.of("user@bastion:2222,inner", "bastion", "a@[::1]:22",
            "a@[::1]", "ssh://u@h:2200", "u@h:0", "u@h:99999", "u@h:65535", "-oProxyCommand=x", "@h", "h:abc", "a,,b",
            "u@h:22:33", "fe80::1", "[fe80::1]:2200", "u@10.0.0.1", "b1,b2,b3", "u@h,", ",h", "u@@h",
            "a.example.com:22", "host_name", "x@[1.2.3.4]");

    @Test
    void aChainIsReadAsOpenSshReadsIt() throws Exception {
        Requires.sshClient();
        for (String chain : CHAINS) {
            Optional<String> ssh = openSsh(chain);
            Parsed<List<JumpHosts.Hop>> ours = JumpHosts.parse(chain);
            assertEquals(ssh.isPresent(), ours.isOk(), "'" + chain + "': ssh -G " + (ssh.isPresent() ? "accepts it as "
                    + ssh.get() : "refuses it") + ", Holdfast " + (ours.isOk() ? "accepts it" : "says " + ours.error()));
            if (ours.isOk()) {
                assertEquals(normalize(ssh.get()), JumpHosts.format(ours.value()), chain);
            }
        }
    }

    @Test
    void hopsCarryUserHostAndPort() {
        List<JumpHosts.Hop> hops = JumpHosts.parse("ops@bastion.example.com:2222, [2001:db8::7]").value();
        assertEquals(List.of(new JumpHosts.Hop("ops", "bastion.example.com", 2222),
                new JumpHosts.Hop("", "2001:db8::7", 22)), hops);
        assertEquals("ops@bastion.example.com:2222,[2001:db8::7]", JumpHosts.format(hops));
        assertEquals(List.of(), JumpHosts.parse("").value());
        assertEquals(List.of(), JumpHosts.parse(" none ").value());
    }

    @Test
    void aBadChainSaysWhatIsWrong() {
        assertEquals(Optional.of("Not a port number in a jump host: 'abc' (1 to 65535)"), JumpHosts.check("h:abc"));
        assertEquals(Optional.of("A jump host is empty: write user@host:port, separated by commas"),
                JumpHosts.check("a,,b"));
        // ssh's option parser reads only the first word of "h h"; a field with a space in a host is a mistake
        assertTrue(JumpHosts.check("h h").isPresent());
        assertTrue(JumpHosts.check("fe80::1").orElseThrow().contains("brackets"));
        assertTrue(JumpHosts.check("b,b,b,b,b,b,b,b,b").orElseThrow().startsWith("At most"));
    }

    /** What ssh prints, as Holdfast writes it: the default port left out, IPv4 addresses not in brackets. */
    private static String normalize(String printed) {
        return String.join(",", java.util.Arrays.stream(printed.split(",", -1))
                .map(hop -> hop.endsWith(":22") ? hop.substring(0, hop.length() - 3) : hop)
                .map(hop -> hop.replaceAll("\\[([0-9.]+)]", "$1")).toList());
    }

    /** ssh -G's proxyjump line for the chain, or empty when it refuses the chain. */
    private static Optional<String> openSsh(String chain) throws IOException, InterruptedException {
        Process ssh = new ProcessBuilder("ssh", "-G", "-F", "/dev/null", "-o", "ProxyJump=" + chain, "target")
                .redirectErrorStream(true).start();
        ssh.getOutputStream().close();
        String out = new String(ssh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ssh.waitFor(10, TimeUnit.SECONDS), "ssh -G finished");
        if (ssh.exitValue() != 0) {
            return Optional.empty();
        }
        return Optional.of(out.lines().filter(l -> l.startsWith("proxyjump ")).map(l -> l.substring(10))
                .findFirst().orElse(""));
    }
}
