package dev.holdfast.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Which processes on this (Linux) machine hold a TCP port in the LISTEN state, from {@code /proc/net/tcp},
 * {@code tcp6} and each process's file descriptors: for a test that must know a port is free before it blames
 * the code under test, and for a failure message that names who holds it.
 */
public final class Listeners {
    private static final String LISTEN = "0A";

    private Listeners() {
    }

    /** The socket inodes listening on {@code port}, over IPv4 and IPv6. Empty when none (or no /proc). */
    public static Set<String> inodes(int port) {
        Set<String> inodes = new TreeSet<>();
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(table), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                continue;
            }
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[1].endsWith(":" + hexPort) && f[3].equals(LISTEN)) {
                    inodes.add(f[9]);
                }
            }
        }
        return inodes;
    }

    /** True when nothing listens on {@code port}. */
    public static boolean free(int port) {
        return inodes(port).isEmpty();
    }

    /** The pids of the processes that hold a socket listening on {@code port}. */
    public static Set<Long> holders(int port) {
        Set<String> inodes = inodes(port);
        Set<Long> pids = new TreeSet<>();
        if (inodes.isEmpty()) {
            return pids;
        }
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(proc -> !holding(proc, inodes).isEmpty())
                    .forEach(proc -> pids.add(Long.parseLong(proc.getFileName().toString())));
        } catch (IOException e) {
            // none found
        }
        return pids;
    }

    /** Who listens on {@code port}: each holder's pid and command line, for a failure message. */
    public static String describe(int port) {
        Set<String> inodes = inodes(port);
        if (inodes.isEmpty()) {
            return "nothing listens on port " + port;
        }
        List<String> holders = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .forEach(proc -> holders.addAll(holding(proc, inodes)));
        } catch (IOException e) {
            holders.add("(could not list /proc: " + e.getMessage() + ")");
        }
        return "port " + port + " is listened on by socket(s) " + inodes + ", held by "
                + (holders.isEmpty() ? "no process found" : String.join("; ", holders));
    }

    private static List<String> holding(Path proc, Set<String> inodes) {
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            boolean holds = fds.anyMatch(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    return target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1));
                } catch (IOException e) {
                    return false;
                }
            });
            if (!holds) {
                return List.of();
            }
            String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ').trim();
            String state = Files.readAllLines(proc.resolve("status"), StandardCharsets.UTF_8).stream()
                    .filter(l -> l.startsWith("State:")).findFirst().orElse("State: ?");
            return List.of("pid " + proc.getFileName() + " (" + cmdline + ", " + state + ")");
        } catch (IOException e) {
            return List.of(); // gone, or not ours to read
        }
    }
}
