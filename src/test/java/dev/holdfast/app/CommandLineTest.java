package dev.holdfast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.testing.Requires;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void configDirIsTakenInBothSpellings() throws Exception {
        assertEquals(Optional.of("/tmp/x"), CommandLine.parse(List.of("--config-dir", "/tmp/x")).configDir());
        assertEquals(Optional.of("/tmp/y"), CommandLine.parse(List.of("--config-dir=/tmp/y")).configDir());
        assertEquals(Optional.empty(), CommandLine.parse(List.of()).configDir());
    }

    @Test
    void helpAndVersionAreFlags() throws Exception {
        assertTrue(CommandLine.parse(List.of("--help")).help());
        assertTrue(CommandLine.parse(List.of("--version")).version());
    }

    @Test
    void unknownArgumentsAndAMissingDirectoryAreUsageErrors() {
        assertEquals("Unknown option: --bogus",
                assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse(List.of("--bogus"))).getMessage());
        assertEquals("--config-dir needs a directory",
                assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse(List.of("--config-dir")))
                        .getMessage());
    }

    @Test
    void sessionNamesAnAtStartSession() throws Exception {
        assertEquals(Optional.of("web 1"), CommandLine.parse(List.of("--session", "web 1")).session());
        assertEquals(Optional.of("db"), CommandLine.parse(List.of("--session=db")).session());
        assertEquals(Optional.of("db"), CommandLine.parse(List.of("-load", "db")).session(), "PuTTY's spelling");
        assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse(List.of("--session")));
        assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse(List.of("--session", "a", "b@c")));
    }

    @Test
    void destinationsInEachSpelling() throws Exception {
        assertEquals(new CommandLine.Target("deploy", "web.example.com", Optional.empty()),
                CommandLine.parse(List.of("deploy@web.example.com")).target().orElseThrow());
        assertEquals(new CommandLine.Target("deploy", "web.example.com", Optional.of(2222)),
                CommandLine.parse(List.of("deploy@web.example.com:2222")).target().orElseThrow());
        assertEquals(new CommandLine.Target("root", "10.0.0.5", Optional.of(22)),
                CommandLine.parse(List.of("ssh://root@10.0.0.5:22")).target().orElseThrow());
        assertEquals(new CommandLine.Target("", "fe80::1", Optional.of(2200)),
                CommandLine.parse(List.of("[fe80::1]:2200")).target().orElseThrow());
        assertEquals(new CommandLine.Target("", "fe80::1", Optional.empty()),
                CommandLine.parse(List.of("ssh://fe80::1/")).target().orElseThrow(), "a bare IPv6 literal");
        assertEquals(new CommandLine.Target("", "pi.local", Optional.empty()),
                CommandLine.parse(List.of("pi.local")).target().orElseThrow());
    }

    @Test
    void badDestinationsSayWhatIsWrong() {
        for (String bad : List.of("user@host:0", "user@host:99999", "user@host:ssh", "user@", "-x@host",
                "[fe80::1", "host name")) {
            CommandLine.UsageException e = assertThrows(CommandLine.UsageException.class,
                    () -> CommandLine.parse(List.of(bad)), bad);
            assertTrue(e.getMessage().contains(bad) || e.getMessage().startsWith("Unknown option"), e.getMessage());
        }
    }

    @Test
    void sshUrlsAreReadAsOpenSshReadsThem() throws Exception {
        Requires.sshClient();
        for (String url : List.of("ssh://al%40ice@h.example", "ssh://carol;fingerprint=SHA256-abc@h.example",
                "ssh://d%C3%A9v@h.example:2200", "ssh://root@10.0.0.5:22", "ssh://deploy@web.example.com/")) {
            Process ssh = new ProcessBuilder("ssh", "-G", "-F", "/dev/null", url).redirectErrorStream(true).start();
            String out = new String(ssh.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(ssh.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), url);
            java.util.Map<String, String> read = new java.util.HashMap<>();
            out.lines().map(l -> l.split(" ", 2)).filter(kv -> kv.length == 2).forEach(kv -> read.put(kv[0], kv[1]));
            CommandLine.Target ours = CommandLine.parse(List.of(url)).target().orElseThrow();
            assertEquals(read.get("user"), ours.user(), url + ": the user, as ssh -G reads it");
            assertEquals(read.get("hostname"), ours.host(), url);
            assertEquals(read.get("port"), String.valueOf(ours.port().orElse(22)), url);
        }
    }

    @Test
    void anSshUrlIsRecognisedInAnyCaseAndItsEscapesAreDecoded() throws Exception {
        assertEquals(new CommandLine.Target("bob", "h.example", Optional.of(2222)),
                CommandLine.parse(List.of("SSH://bob@h.example:2222")).target().orElseThrow());
        assertEquals(new CommandLine.Target("al@ice", "h.example", Optional.empty()),
                CommandLine.parse(List.of("Ssh://al%40ice@h.example")).target().orElseThrow());
        assertEquals(new CommandLine.Target("al%40ice", "h.example", Optional.empty()),
                CommandLine.parse(List.of("al%40ice@h.example")).target().orElseThrow(),
                "user@host is not a URL: ssh takes it as written");
        for (String bad : List.of("ssh://bad%4@h.example", "ssh://bad%zz@h.example", "ssh://bad%ff@h.example")) {
            assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse(List.of(bad)), bad);
        }
    }

    @Test
    void aPasswordInAnSshUrlIsRefusedAndNeverShown() {
        CommandLine.UsageException e = assertThrows(CommandLine.UsageException.class,
                () -> CommandLine.parse(List.of("ssh://alice:s3cret-pw@h.example")));
        assertTrue(e.getMessage().startsWith("A password in an ssh:// address is not accepted"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret-pw"), "the password is not in the message");
    }
}
