package io.dtls4j.bench;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.List;
import java.util.Map;

/**
 * Amazon Corretto Crypto Provider's services but its Macs, each one handing out ACCP's own
 * implementation. Why: Scandium 3.13.0 fails its handshakes with ACCP's HMAC at position 1 (ACCP's
 * Mac compares the new key with the last one, and Scandium's destroyed PRF keys throw on that
 * comparison), so the rivals are compared with this provider, the same for both; HMAC then comes
 * from the JDK.
 */
final class AccpWithoutMac extends Provider {
    private static final long serialVersionUID = 1L;
    /** This provider's name, to take it out again. */
    static final String NAME = "ACCP-without-Mac";

    AccpWithoutMac(Provider accp) {
        super(NAME, accp.getVersionStr(), "ACCP's services but its Macs");
        for (Service service : accp.getServices()) {
            if (!service.getType().equals("Mac")) {
                putService(new Delegate(this, service));
            }
        }
    }

    private static final class Delegate extends Service {
        private final Service accp;

        Delegate(Provider provider, Service accp) {
            super(provider, accp.getType(), accp.getAlgorithm(), accp.getClassName(), List.of(), Map.of());
            this.accp = accp;
        }

        @Override
        public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
            return accp.newInstance(constructorParameter);
        }

        @Override
        public boolean supportsParameter(Object parameter) {
            return accp.supportsParameter(parameter);
        }
    }
}
