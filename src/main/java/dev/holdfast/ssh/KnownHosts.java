package dev.holdfast.ssh;

import dev.holdfast.session.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Host keys from the user's {@code ~/.ssh/known_hosts} (read only, never written) and the app's own
 * known_hosts file (where accepted keys are saved). Lookups follow OpenSSH: a matching key is known, a
 * different key of the same kind is a changed key, a revoked key is refused. Thread-safe; file access
 * blocks, so call off the FX thread.
 */
public final class KnownHosts {
    private final List<Path> readOnly;
    private final Path appFile;

    /**
     * @param readOnly files consulted but never written, such as {@code ~/.ssh/known_hosts}
     * @param appFile the app's own file, where {@link #accept} appends
     */
    public KnownHosts(List<Path> readOnly, Path appFile) {
        this.readOnly = List.copyOf(readOnly);
        this.appFile = appFile;
    }

    /** The user's OpenSSH file ({@code known_hosts} in {@code sshDir}) plus {@code known_hosts} in the config directory. */
    public static KnownHosts standard(Path configDir, Path sshDir) {
        return new KnownHosts(List.of(sshDir.resolve("known_hosts")), configDir.resolve("known_hosts"));
    }

    public Path appFile() {
        return appFile;
    }

    /** Looks the presented key up in every file, each read fresh. */
    public HostKeyCheck check(String host, int port, HostKey presented) {
        List<KnownHostsFile.Entry> matches = new ArrayList<>();
        for (Path path : files()) {
            matches.addAll(KnownHostsFile.load(path).matching(host, port));
        }
        for (KnownHostsFile.Entry entry : matches) {
            if (entry.revoked() && entry.key().equals(presented)) {
                return new HostKeyCheck(HostKeyCheck.Verdict.REVOKED, presented, Optional.of(entry), List.of());
            }
        }
        for (KnownHostsFile.Entry entry : matches) {
            if (!entry.revoked() && sameKey(entry.key(), presented)) {
                return new HostKeyCheck(HostKeyCheck.Verdict.KNOWN, presented, Optional.of(entry), List.of());
            }
        }
        for (KnownHostsFile.Entry entry : matches) {
            if (!entry.revoked() && entry.key().family().equals(presented.family())) {
                return new HostKeyCheck(HostKeyCheck.Verdict.CHANGED, presented, Optional.of(entry), List.of());
            }
        }
        Set<String> others = new LinkedHashSet<>();
        matches.stream().filter(e -> !e.revoked()).forEach(e -> others.add(e.key().displayType()));
        return new HostKeyCheck(HostKeyCheck.Verdict.UNKNOWN, presented, Optional.empty(), List.copyOf(others));
    }

    /** Key types already known for the host, so the client can ask the server for one of those first. */
    public List<String> knownKeyTypes(String host, int port) {
        Set<String> types = new LinkedHashSet<>();
        for (Path path : files()) {
            KnownHostsFile.load(path).matching(host, port).stream()
                    .filter(e -> !e.revoked()).forEach(e -> types.add(e.key().type()));
        }
        return List.copyOf(types);
    }

    /** Appends the key to the app's known_hosts file (atomically rewritten, mode 0600). */
    public synchronized void accept(String host, int port, HostKey key) throws IOException {
        String existing = Files.exists(appFile) ? Files.readString(appFile, StandardCharsets.UTF_8) : "";
        if (!existing.isEmpty() && !existing.endsWith("\n")) {
            existing += "\n";
        }
        String line = KnownHostsFile.hostPatternName(host, port) + " " + key.type() + " " + key.base64() + "\n";
        AtomicFiles.write(appFile, (existing + line).getBytes(StandardCharsets.UTF_8));
    }

    private List<Path> files() {
        List<Path> all = new ArrayList<>(readOnly);
        all.add(appFile);
        return all;
    }

    /** RSA keys are one key whatever signature algorithm name the server used. */
    private static boolean sameKey(HostKey known, HostKey presented) {
        return java.util.Arrays.equals(known.blob(), presented.blob());
    }
}
