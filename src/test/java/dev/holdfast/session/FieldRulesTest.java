package dev.holdfast.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FieldRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "web-1.internal", "localhost", "a", "host_with_underscore.lan",
            "xn--bcher-kva.example", "example.com.", "192.168.1.20", "0.0.0.0", "255.255.255.255", "::1",
            "[::1]", "fe80::1%eth0", "2001:db8::8a2e:370:7334", "[2001:db8:0:0:0:0:0:1]", "::ffff:192.0.2.1",
            "1:2:3:4:5:6:7:8"})
    void acceptsHostNamesAndAddressLiterals(String host) {
        assertEquals(Optional.empty(), FieldRules.host(host), host);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|Enter a host name or address",
            "-oProxyCommand=x|must not start with '-'",
            "my host|must not contain spaces",
            "'host\tname'|control characters",
            "'bad\u0007'|control characters",
            "256.1.1.1|Not a valid IPv4 address",
            "1.2.3|Not a valid IPv4 address",
            "01.2.3.4|Not a valid IPv4 address",
            "[::1|Unbalanced brackets",
            "::1]|Unbalanced brackets",
            "[]|Unbalanced brackets",
            "[1.2.3.4]|Not a valid IPv6 address",
            "1:2:3:4:5:6:7:8:9|Not a valid IPv6 address",
            "1::2::3|Not a valid IPv6 address",
            "example.com:22|a port goes in the Port field",
            "-example.com|must not start with '-'",
            "exa$mple.com|Not a valid host name",
            "web-.example.com|Not a valid host name",
            "a..b|Not a valid host name"})
    void rejectsBadHostsWithAMessageThatSaysWhy(String host, String expected) {
        Optional<String> problem = FieldRules.host(host);
        assertTrue(problem.isPresent(), host);
        assertTrue(problem.get().contains(expected), problem.get());
    }

    @Test
    void hostNamesAreCheckedLabelByLabelAsTheirPlainDefinitionSays() {
        // every string of up to 6 characters from an alphabet of the characters that matter, then longer
        // random ones: the in-place check against the plain one (split on dots, a pattern per label)
        String alphabet = "a9.-_:x";
        java.util.List<String> hosts = new java.util.ArrayList<>(java.util.List.of(""));
        for (int length = 1, from = 0; length <= 6; length++) {
            int to = hosts.size();
            for (int i = from; i < to; i++) {
                for (char c : alphabet.toCharArray()) {
                    hosts.add(hosts.get(i) + c);
                }
            }
            from = to;
        }
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder host = new StringBuilder();
            for (int n = random.nextInt(80); n > 0; n--) {
                host.append(random.nextInt(10) == 0 ? '.' : alphabet.charAt(random.nextInt(alphabet.length())));
            }
            hosts.add(host.toString());
        }
        hosts.add("a".repeat(63) + ".b");
        hosts.add("a".repeat(64) + ".b");
        for (String host : hosts) {
            assertEquals(plainHostCheck(host), FieldRules.host(host).isEmpty(), host);
        }
    }

    /** Whether {@code host} is a valid host name or address, written the plain way. */
    private static boolean plainHostCheck(String host) {
        if (host.isEmpty() || host.startsWith("-") || host.startsWith("[") || host.endsWith("]")) {
            return !host.isEmpty() && !host.startsWith("-") && host.startsWith("[") && host.endsWith("]")
                    && host.length() > 2 && FieldRules.isIpv6(host.substring(1, host.length() - 1));
        }
        if (host.contains(":")) {
            return FieldRules.isIpv6(host);
        }
        if (host.matches("[0-9.]+")) {
            return FieldRules.isIpv4(host);
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.length() > 253) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (!label.matches("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?")) {
                return false;
            }
        }
        return true;
    }

    @Test
    void rejectsHostNamesLongerThan253Characters() {
        String label = "a".repeat(60);
        String longName = String.join(".", label, label, label, label, label);
        assertTrue(FieldRules.host(longName).orElseThrow().contains("253"));
    }

    @ParameterizedTest
    @CsvSource({"1,true", "22,true", "65535,true", "0,false", "65536,false", "-1,false"})
    void portMustBeBetween1And65535(int port, boolean valid) {
        assertEquals(valid, Settings.PORT.check(port).isEmpty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"abc|Enter a whole number", "''|Enter a number", "2.5|Enter a whole number",
            "99999999999|Number is too large", "70000|Port must be between 1 and 65535"})
    void portTextThatIsNotAPortSaysWhy(String text, String message) {
        Parsed<Integer> parsed = Settings.PORT.parse(text);
        assertEquals(Optional.of(message), parsed.error());
    }

    @Test
    void portTextIsTrimmed() {
        assertEquals(2222, Settings.PORT.parse(" 2222 ").value());
    }

    @ParameterizedTest
    @CsvSource({"root,true", "'',true", "first last,true", "-l,false", "'a\nb',false", "'tab\tuser',false"})
    void userMustNotHoldControlCharactersOrStartWithADash(String user, boolean valid) {
        assertEquals(valid, FieldRules.user(user).isEmpty(), user);
    }

    @ParameterizedTest
    @CsvSource({"0,true", "1,true", "86400,true", "86401,false", "-5,false"})
    void keepaliveIntervalIsZeroForOffOrOneToADay(int seconds, boolean valid) {
        assertEquals(valid, Settings.KEEPALIVE_INTERVAL.check(seconds).isEmpty());
    }

    @Test
    void keepaliveIntervalMessageMentionsThatZeroTurnsItOff() {
        assertTrue(Settings.KEEPALIVE_INTERVAL.check(90_000).orElseThrow().contains("choose Off to turn keepalive off"));
    }

    @ParameterizedTest
    @CsvSource({"1,true", "3,true", "100,true", "0,false", "101,false"})
    void countMaxIsOneToAHundred(int count, boolean valid) {
        assertEquals(valid, Settings.KEEPALIVE_COUNT_MAX.check(count).isEmpty());
    }

    @ParameterizedTest
    @CsvSource({"tcpKeepIdleSeconds,1,true", "tcpKeepIdleSeconds,32767,true", "tcpKeepIdleSeconds,0,false",
            "tcpKeepIdleSeconds,32768,false", "tcpKeepIntervalSeconds,1,true", "tcpKeepIntervalSeconds,0,false",
            "tcpKeepIntervalSeconds,40000,false", "tcpKeepCount,1,true", "tcpKeepCount,127,true",
            "tcpKeepCount,128,false", "tcpKeepCount,0,false", "connectTimeoutSeconds,0,false",
            "connectTimeoutSeconds,600,true", "fontSize,5,false", "fontSize,72,true", "scrollbackLines,0,true",
            "scrollbackLines,1000001,false"})
    @SuppressWarnings("unchecked")
    void numericSettingsStayInRange(String key, int value, boolean valid) {
        Setting<Integer> setting = (Setting<Integer>) Settings.byKey(key).orElseThrow();
        assertEquals(valid, setting.check(value).isEmpty(), key + "=" + value);
    }

    @Test
    void aKeyFileIsCheckedForSyntaxOnlyAndMissingIsAWarning(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("id_ed25519"), "key");
        assertEquals(Optional.empty(), FieldRules.keyFile(""));
        assertEquals(Optional.empty(), FieldRules.keyFile(key.toString()));
        assertEquals(Optional.empty(), FieldRules.keyFile(dir.resolve("missing").toString()),
                "a key on an unmounted drive is still a valid setting");
        assertEquals(Optional.of("Path must not contain control characters"), FieldRules.keyFile("/k\nProxyCommand x"));
        assertEquals(Optional.empty(), FieldRules.keyFileMissing(key.toString()));
        assertEquals(Optional.empty(), FieldRules.keyFileMissing(""));
        assertTrue(FieldRules.keyFileMissing(dir.resolve("missing").toString()).orElseThrow()
                .startsWith("File not found"));
        assertEquals(Optional.of("Not a file"), FieldRules.keyFileMissing(dir.toString()));
        assertTrue(Settings.KEY_FILE.parse(dir.resolve("missing").toString()).isOk());
    }

    @Test
    void keyFileThatCannotBeReadIsWarnedAbout(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("id_rsa"), "key");
        boolean madeUnreadable = key.toFile().setReadable(false, false) && !Files.isReadable(key);
        org.junit.jupiter.api.Assumptions.assumeTrue(madeUnreadable, "root can read any file");
        assertEquals(Optional.of("File is not readable"), FieldRules.keyFileMissing(key.toString()));
    }

    @ParameterizedTest
    @CsvSource({"xterm-256color,true", "vt100,true", "screen.xterm-256color,true", "'',false", "'xterm 256',false",
            "-xterm,false"})
    void terminalTypeIsATermName(String term, boolean valid) {
        assertEquals(valid, FieldRules.terminalType(term).isEmpty(), term);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"web|true", "''|false", "' padded'|false", "'a\tb'|false"})
    void sessionNamesAreNonEmptyAndTrimmed(String name, boolean valid) {
        assertEquals(valid, FieldRules.sessionName(name).isEmpty(), name);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"''|true", "Work|true", "Work/Prod|true", "Work//Prod|false", "/Work|false"})
    void foldersNestWithSlashesButHaveNoEmptyParts(String folder, boolean valid) {
        assertEquals(valid, FieldRules.folder(folder).isEmpty(), folder);
    }
}
