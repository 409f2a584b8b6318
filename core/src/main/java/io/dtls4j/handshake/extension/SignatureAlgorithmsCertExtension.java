package io.dtls4j.handshake.extension;

import io.dtls4j.config.SignatureScheme;
import io.dtls4j.handshake.message.ExtensionCodecs;
import io.dtls4j.handshake.message.ExtensionType;

/**
 * signature_algorithms_cert (RFC 8446 §4.2.3, which TLS 1.2 implementations SHOULD process): the
 * signatures we accept on certificates. A server has a single chain to offer, so it does not use
 * the client's list to choose one.
 */
final class SignatureAlgorithmsCertExtension implements HelloExtension {

    @Override
    public int type() {
        return ExtensionType.SIGNATURE_ALGORITHMS_CERT;
    }

    @Override
    public byte[] offer(HelloNegotiation negotiation) {
        return ExtensionCodecs.signatureAlgorithms(
                negotiation.config.certificateSignatureSchemes().stream().mapToInt(SignatureScheme::id).toArray());
    }
}
