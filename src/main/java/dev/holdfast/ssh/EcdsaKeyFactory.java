package dev.holdfast.ssh;

import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyFactorySpi;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;

/**
 * The JDK's elliptic-curve key factory under the name "ECDSA", the name SSHJ asks for when it reads
 * ECDSA host keys and key files. BouncyCastle answers to that name; the JDK only to "EC". With
 * BouncyCastle kept out (it makes SSHJ several times slower), this provider fills the gap and nothing else.
 */
public final class EcdsaKeyFactory extends KeyFactorySpi {
    private final KeyFactory jdk;

    public EcdsaKeyFactory() throws NoSuchAlgorithmException {
        jdk = KeyFactory.getInstance("EC");
    }

    /** The provider to add (last) to the JCA list. */
    static Provider provider() {
        Provider provider = new Provider("HoldfastEcdsa", "1.0", "ECDSA key factory name for the JDK's EC keys") {
            private static final long serialVersionUID = 1L;
        };
        provider.put("KeyFactory.ECDSA", EcdsaKeyFactory.class.getName());
        return provider;
    }

    @Override
    protected PublicKey engineGeneratePublic(KeySpec keySpec) throws InvalidKeySpecException {
        return jdk.generatePublic(keySpec);
    }

    @Override
    protected PrivateKey engineGeneratePrivate(KeySpec keySpec) throws InvalidKeySpecException {
        return jdk.generatePrivate(keySpec);
    }

    @Override
    protected <T extends KeySpec> T engineGetKeySpec(Key key, Class<T> keySpec) throws InvalidKeySpecException {
        return jdk.getKeySpec(key, keySpec);
    }

    @Override
    protected Key engineTranslateKey(Key key) throws InvalidKeyException {
        return jdk.translateKey(key);
    }
}
