package io.dtls4j.config;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;

/**
 * The domain parameters of the NIST prime curves of {@link NamedGroup}, loaded once from the JCA, and
 * the comparison that recognises a curve by its parameters rather than by a provider's class or
 * name, so EC keys from any provider (the JDK's, Bouncy Castle's) are matched.
 */
final class EcCurves {
    static final ECParameterSpec P256 = load("secp256r1");
    static final ECParameterSpec P384 = load("secp384r1");
    static final ECParameterSpec P521 = load("secp521r1");

    private EcCurves() {
    }

    static boolean same(ECParameterSpec a, ECParameterSpec b) {
        return a.getCurve().getField() instanceof ECFieldFp field
                && field.getP().equals(((ECFieldFp) b.getCurve().getField()).getP())
                && a.getCurve().getA().equals(b.getCurve().getA())
                && a.getCurve().getB().equals(b.getCurve().getB())
                && a.getGenerator().equals(b.getGenerator())
                && a.getOrder().equals(b.getOrder())
                && a.getCofactor() == b.getCofactor();
    }

    private static ECParameterSpec load(String name) {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(name));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(name + " is not available from any JCA provider", e);
        }
    }
}
