package dev.holdfast.ssh;

import dev.holdfast.session.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Host keys from the user's {@code ~/.ssh/known_hosts} (read only, never written) and the app's own
 * known_hosts file (where accepted keys are saved). Lookups follow OpenSSH: a matching key is known, a
 * different key of the same kind is a changed key, a revoked key is refused. A file that exists but cannot
 * be read fails closed: a key no readable file knows is then {@link HostKeyCheck.Verdict#UNVERIFIABLE}, never
 * {@link HostKeyCheck.Verdict#UNKNOWN}. Thread-safe; file access blocks, so call off the FX thread.
 */
public final class KnownHosts {
    private static final Logger LOG = LoggerFactory.getLogger(KnownHosts.class);
    /** In {@link #knownKeyTypes}: a {@code @cert-authority} line matches the host. */
    public static final String CERTIFICATES = "@cert-authority";
    private final List<Path> readOnly;
    private final Path appFile;
    private final Clock clock;

    /**
     * @param readOnly files consulted but never written, such as {@code ~/.ssh/known_hosts}
     * @param appFile the app's own file, where {@link #accept} appends
     */
    public KnownHosts(List<Path> readOnly, Path appFile) {
        this(readOnly, appFile, Clock.systemUTC());
    }

    /** As {@link #KnownHosts(List, Path)}, with the clock that host certificates' validity is checked against. */
    public KnownHosts(List<Path> readOnly, Path appFile, Clock clock) {
        this.readOnly = List.copyOf(readOnly);
        this.appFile = appFile;
        this.clock = clock;
    }

    /** The user's OpenSSH file ({@code known_hosts} in {@code sshDir}) plus {@code known_hosts} in the config directory. */
    public static KnownHosts standard(Path configDir, Path sshDir) {
        return new KnownHosts(List.of(sshDir.resolve("known_hosts")), configDir.resolve("known_hosts"));
    }

    public Path appFile() {
        return appFile;
    }

    /**
     * Looks the presented key up in every file, each read fresh. In order: a revoked match, an exact match,
     * a changed key, then (if a file could not be read) unverifiable, else unknown. A key found in a
     * readable file is trusted even when another file is unreadable; only a {@code @revoked} line in the
     * unreadable file could have said otherwise, and it is the person's own file to fix.
     *
     * <p>A host certificate is checked as OpenSSH's client does: refused if its CA signature is not valid,
     * or if its key or CA is {@code @revoked}; known if a {@code @cert-authority} line matching the host names
     * its CA and the certificate is valid for the host now; otherwise its plain key is looked up as above.
     * For a port other than 22, a CA line for the bare host name counts when none names the port, as in
     * OpenSSH (which retries the bare name for plain keys too; Holdfast does not, for those).
     */
    public HostKeyCheck check(String host, int port, HostKey presented) {
        List<KnownHostsFile.Entry> matches = new ArrayList<>();
        List<KnownHostsFile.Entry> portless = new ArrayList<>();
        Optional<HostKeyCheck.Unreadable> unreadable = Optional.empty();
        for (Path path : files()) {
            try {
                KnownHostsFile file = KnownHostsFile.load(path);
                matches.addAll(file.matching(host, port));
                portless.addAll(port == 22 ? List.of() : file.matching(host, 22));
            } catch (IOException e) {
                LOG.warn("Cannot read {}: {}", path, e.toString());
                if (unreadable.isEmpty()) {
                    unreadable = Optional.of(new HostKeyCheck.Unreadable(path, describe(e)));
                }
            }
        }
        if (!HostKeyCertificate.isCertificateType(presented.type())) {
            return checkPlain(matches, presented, unreadable);
        }
        HostKeyCertificate cert;
        try {
            cert = HostKeyCertificate.parse(presented);
        } catch (IllegalArgumentException e) {
            LOG.warn("Cannot read the host certificate of {}:{}: {}", host, port, e.getMessage());
            return new HostKeyCheck(HostKeyCheck.Verdict.INVALID_CERTIFICATE, presented, Optional.empty(), List.of(),
                    Optional.empty(), Optional.empty());
        }
        HostKey plain = cert.plainKey();
        // A signature algorithm OpenSSH no longer takes from a CA (ssh-rsa) is not verified here: problemFor
        // refuses the certificate, and its plain key is looked up, as OpenSSH does after reading it.
        if (cert.signatureAlgorithmAllowed() && !cert.signatureValid()) {
            return new HostKeyCheck(HostKeyCheck.Verdict.INVALID_CERTIFICATE, plain, Optional.empty(), List.of())
                    .about(new HostKeyCheck.Certificate(cert, Optional.empty(),
                            Optional.of("its CA signature is not valid")));
        }
        for (KnownHostsFile.Entry entry : matches) {
            if (entry.revoked() && (sameKey(entry.key(), plain) || sameKey(entry.key(), cert.caKey()))) {
                return new HostKeyCheck(HostKeyCheck.Verdict.REVOKED, plain, Optional.of(entry), List.of())
                        .about(new HostKeyCheck.Certificate(cert, Optional.empty(), Optional.of(
                                sameKey(entry.key(), plain) ? "its key is revoked" : "its CA is revoked")));
            }
        }
        Optional<KnownHostsFile.Entry> authority = authority(matches, cert);
        if (authority.isEmpty()) {
            // OpenSSH, finding no CA for [host]:port, looks again under the bare host name (so that a line
            // for *.example.com serves every port); a CA found there but not for the port is not retried
            authority = authority(portless, cert);
        }
        Optional<String> problem = authority.isEmpty()
                ? Optional.of("no @cert-authority line for this host names its CA")
                : cert.problemFor(host, clock.instant());
        HostKeyCheck.Certificate facts = new HostKeyCheck.Certificate(cert, authority, problem);
        if (facts.accepted()) {
            return new HostKeyCheck(HostKeyCheck.Verdict.KNOWN, plain, authority, List.of()).about(facts);
        }
        LOG.info("The host certificate of {}:{} was not accepted ({}): checking its plain key", host, port,
                problem.orElse(""));
        return checkPlain(matches, plain, unreadable).about(facts);
    }

    /** The first {@code @cert-authority} line among {@code matches} that names the certificate's CA. */
    private static Optional<KnownHostsFile.Entry> authority(List<KnownHostsFile.Entry> matches,
                                                            HostKeyCertificate cert) {
        return matches.stream().filter(e -> e.certAuthority() && sameKey(e.key(), cert.caKey())).findFirst();
    }

    /** The lookup of a plain key among the lines that match the host. */
    private static HostKeyCheck checkPlain(List<KnownHostsFile.Entry> matches, HostKey presented,
                                           Optional<HostKeyCheck.Unreadable> unreadable) {
        for (KnownHostsFile.Entry entry : matches) {
            if (entry.revoked() && entry.key().equals(presented)) {
                return new HostKeyCheck(HostKeyCheck.Verdict.REVOKED, presented, Optional.of(entry), List.of());
            }
        }
        for (KnownHostsFile.Entry entry : matches) {
            if (entry.hostKey() && sameKey(entry.key(), presented)) {
                return new HostKeyCheck(HostKeyCheck.Verdict.KNOWN, presented, Optional.of(entry), List.of());
            }
        }
        for (KnownHostsFile.Entry entry : matches) {
            if (entry.hostKey() && entry.key().family().equals(presented.family())) {
                return new HostKeyCheck(HostKeyCheck.Verdict.CHANGED, presented, Optional.of(entry), List.of());
            }
        }
        Set<String> others = new LinkedHashSet<>();
        matches.stream().filter(KnownHostsFile.Entry::hostKey).forEach(e -> others.add(e.key().displayType()));
        if (unreadable.isPresent()) {
            return new HostKeyCheck(HostKeyCheck.Verdict.UNVERIFIABLE, presented, Optional.empty(),
                    List.copyOf(others), unreadable);
        }
        return new HostKeyCheck(HostKeyCheck.Verdict.UNKNOWN, presented, Optional.empty(), List.copyOf(others));
    }

    /** An I/O error in words: "permission denied", "is a directory", or the JDK's message. */
    static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        // the JDK puts the path first ("/x/known_hosts: Is a directory"); the file is named separately
        String file = e instanceof FileSystemException fs && fs.getFile() != null ? fs.getFile() : null;
        String reason = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : message;
        return file != null && reason.startsWith(file + ": ") ? reason.substring(file.length() + 2) : reason;
    }

    /**
     * Key types already known for the host, so the client can ask the server for one of those first. A
     * {@code @cert-authority} line for the host counts as {@link #CERTIFICATES}: any host certificate.
     */
    public List<String> knownKeyTypes(String host, int port) {
        Set<String> types = new LinkedHashSet<>();
        for (Path path : files()) {
            try {
                KnownHostsFile.load(path).matching(host, port).stream().filter(e -> !e.revoked())
                        .forEach(e -> types.add(e.certAuthority() ? CERTIFICATES : e.key().type()));
            } catch (IOException e) {
                // check() fails closed on this file; here it only orders the server's key offers
                LOG.debug("Cannot read {} for key types: {}", path, e.toString());
            }
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
        return HostKeyCertificate.sameKey(known, presented);
    }
}
