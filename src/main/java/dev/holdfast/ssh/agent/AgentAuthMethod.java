package dev.holdfast.ssh.agent;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthPublickey;

/**
 * Public-key authentication with a key the SSH agent holds: the request names the agent's public key (or
 * certificate), and the signature over the session id and the request comes from the agent, so the private key
 * never leaves it. RSA keys sign with rsa-sha2-512, as OpenSSH does with servers that accept it.
 */
public final class AgentAuthMethod extends AuthPublickey {
    private final AgentClient agent;
    private final AgentClient.Identity identity;

    public AgentAuthMethod(AgentClient agent, AgentClient.Identity identity) {
        super(new PublicOnly(identity));
        this.agent = agent;
        this.identity = identity;
    }

    /** The algorithm the request names: the key's own, but SHA-2 for RSA (and RSA certificates). */
    static String algorithm(String type) {
        return switch (type) {
            case "ssh-rsa" -> "rsa-sha2-512";
            case "ssh-rsa-cert-v01@openssh.com" -> "rsa-sha2-512-cert-v01@openssh.com";
            default -> type;
        };
    }

    private int flags() {
        return identity.type().startsWith("ssh-rsa") ? AgentClient.RSA_SHA2_512 : 0;
    }

    @Override
    protected SSHPacket putPubKey(SSHPacket reqBuf) {
        reqBuf.putString(algorithm(identity.type())).putString(identity.blob());
        return reqBuf;
    }

    @Override
    protected SSHPacket putSig(SSHPacket reqBuf) throws UserAuthException {
        byte[] data = new Buffer.PlainBuffer().putString(params.getTransport().getSessionID()).putBuffer(reqBuf)
                .getCompactData();
        try {
            reqBuf.putString(agent.sign(identity.blob(), data, flags()));
        } catch (AgentException e) {
            throw new UserAuthException(e.getMessage(), e);
        }
        return reqBuf;
    }

    /** The agent's key as SSHJ's key provider: its public half only. */
    private static final class PublicOnly implements KeyProvider {
        private final AgentClient.Identity identity;

        PublicOnly(AgentClient.Identity identity) {
            this.identity = identity;
        }

        @Override
        public PrivateKey getPrivate() throws IOException {
            throw new IOException("the private key stays in the SSH agent");
        }

        @Override
        public PublicKey getPublic() throws IOException {
            try {
                return new Buffer.PlainBuffer(identity.blob()).readPublicKey();
            } catch (Buffer.BufferException e) {
                throw new IOException("the agent's key " + identity.comment() + " cannot be read", e);
            }
        }

        @Override
        public KeyType getType() throws IOException {
            return KeyType.fromKey(getPublic());
        }
    }
}
