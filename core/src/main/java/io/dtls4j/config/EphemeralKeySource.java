package io.dtls4j.config;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;

/**
 * Where a handshake's ephemeral ECDHE key pairs (RFC 8422 §5.4; X25519 per RFC 7748) come from. The
 * default, {@link #inline()}, generates each pair when the handshake needs it, from the
 * configuration's {@link DtlsConfig#random()}, so a seeded random gives the same keys every run.
 * {@link PregeneratedEphemeralKeys} makes them ahead of time on an executor, which takes key
 * generation off the handshake's critical path.
 *
 * <p>Rules for implementations. Each pair is handed out at most once: an ephemeral key serves one
 * handshake, or the forward secrecy that ECDHE gives (RFC 8422 §2) is gone. The pair is on
 * {@code group}: an EC key on that curve, or an XDH key for X25519 (the engine checks and fails the
 * handshake with a clear error otherwise). Called from engine threads, possibly several at once:
 * implementations must be thread-safe, and should not block longer than generating a key takes.
 */
@FunctionalInterface
public interface EphemeralKeySource {

    /**
     * A key pair on {@code group} that no one has had before.
     *
     * @param random the configuration's randomness, for sources that generate with it
     */
    KeyPair next(NamedGroup group, SecureRandom random);

    /** Generates each pair when asked, from the JCA with the {@code random} passed in. */
    static EphemeralKeySource inline() {
        return EphemeralKeySource::generate;
    }

    /**
     * A fresh key pair on {@code group} from the JCA ("XDH" for X25519, "EC" for the NIST curves, by
     * name, so the first provider in the JCA's order that has the algorithm makes it), drawn from
     * {@code random}.
     */
    static KeyPair generate(NamedGroup group, SecureRandom random) {
        try {
            KeyPairGenerator generator;
            if (group == NamedGroup.X25519) {
                generator = KeyPairGenerator.getInstance("XDH");
                generator.initialize(NamedParameterSpec.X25519, random);
            } else {
                generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec(group.curveName()), random);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(group + " is not available from any JCA provider", e);
        }
    }
}
