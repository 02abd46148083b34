package dev.holdfast.ssh;

import java.io.IOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SSHJ's host-key check, answered from {@link KnownHosts} like OpenSSH's StrictHostKeyChecking=ask: a
 * known key passes, an unknown one is put to the person, a changed or revoked one is refused with no
 * way past it, and so is any key when a known_hosts file cannot be read ({@code UNVERIFIABLE}). An accepted
 * key that cannot be saved still connects this once, and the person is told it was not saved. A host
 * certificate is checked here, not by SSHJ ({@link SshCrypto#config()} turns SSHJ's own check off), so that
 * a certificate no {@code @cert-authority} line accepts falls back to its plain key as in OpenSSH. Remembers
 * what it found so the connector can explain a refusal.
 */
final class HostKeyGate implements HostKeyVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(HostKeyGate.class);
    /**
     * The host certificate algorithms offered: SSHJ's, and the SHA-2 RSA ones SshCrypto adds (SSHJ's own RSA one,
     * ssh-rsa-cert-v01, is SHA-1 and refused).
     */
    static final List<String> CERTIFICATE_ALGORITHMS = List.of("ssh-ed25519-cert-v01@openssh.com",
            "ecdsa-sha2-nistp256-cert-v01@openssh.com", "ecdsa-sha2-nistp384-cert-v01@openssh.com",
            "ecdsa-sha2-nistp521-cert-v01@openssh.com", "rsa-sha2-512-cert-v01@openssh.com",
            "rsa-sha2-256-cert-v01@openssh.com");

    private final KnownHosts knownHosts;
    private final ConnectSpec spec;
    private final Interaction interaction;
    private volatile HostKeyCheck refused;
    private volatile boolean declined;

    HostKeyGate(KnownHosts knownHosts, ConnectSpec spec, Interaction interaction) {
        this.knownHosts = knownHosts;
        this.spec = spec;
        this.interaction = interaction;
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
        HostKey presented = toHostKey(key);
        HostKeyCheck check = knownHosts.check(spec.host(), spec.port(), presented);
        switch (check.verdict()) {
            case KNOWN:
                return true;
            case CHANGED:
            case REVOKED:
            case INVALID_CERTIFICATE:
            case UNVERIFIABLE:
                LOG.warn("Refused the {} host key of {}: {} ({}{})", presented.displayType(), spec.endpoint(),
                        check.verdict(), check.presented().sha256Fingerprint(),
                        check.certificate().map(c -> ", certificate: " + c.problem().orElse("accepted")).orElse(""));
                refused = check;
                return false;
            case UNKNOWN:
            default:
                interaction.progress("Waiting for you to check the host key");
                Interaction.HostKeyDecision decision = interaction.unknownHostKey(spec, check);
                if (decision == Interaction.HostKeyDecision.ACCEPT_AND_SAVE) {
                    try {
                        // for a host certificate, check.presented() is its plain key: a renewed certificate
                        // of the same key is then still known
                        knownHosts.accept(spec.host(), spec.port(), check.presented());
                        LOG.info("Saved the {} host key of {} to {}", presented.displayType(), spec.endpoint(),
                                knownHosts.appFile());
                    } catch (IOException e) {
                        LOG.warn("Could not save the host key of {} to {}: {}", spec.endpoint(), knownHosts.appFile(),
                                e.toString());
                        interaction.hostKeyNotSaved(spec, knownHosts.appFile(), KnownHosts.describe(e));
                    }
                    return true;
                }
                if (decision == Interaction.HostKeyDecision.CONNECT_ONCE) {
                    return true;
                }
                declined = true;
                return false;
        }
    }

    /**
     * The host key algorithms to prefer, as OpenSSH orders them: every certificate algorithm if a
     * {@code @cert-authority} line matches the host, and for each known key type its certificate and plain
     * algorithms (a certificate of a known key is still checked against that key).
     */
    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
        List<String> algorithms = new ArrayList<>();
        for (String type : knownHosts.knownKeyTypes(spec.host(), spec.port())) {
            if (type.equals(KnownHosts.CERTIFICATES)) {
                algorithms.addAll(CERTIFICATE_ALGORITHMS);
            } else if (type.equals("ssh-rsa")) {
                algorithms.add("rsa-sha2-512");
                algorithms.add("rsa-sha2-256");
            } else {
                algorithms.add(type + "-cert-v01@openssh.com");
                algorithms.add(type);
            }
        }
        return algorithms;
    }

    /** The check that made this gate refuse a changed, revoked or unverifiable key, if it did. */
    HostKeyCheck refused() {
        return refused;
    }

    /** Whether the person cancelled at the unknown-key question. */
    boolean declined() {
        return declined;
    }

    static HostKey toHostKey(PublicKey key) {
        byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
        return new HostKey(KeyType.fromKey(key).toString(), blob);
    }
}
