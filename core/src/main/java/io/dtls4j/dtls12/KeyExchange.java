package io.dtls4j.dtls12;

import io.dtls4j.DtlsException;
import io.dtls4j.wire.DecodeException;

/**
 * One side's part of the key exchange of a DTLS 1.2 cipher suite (RFC 5246 §7.4.3, §7.4.7): what
 * goes into ServerKeyExchange and ClientKeyExchange and the premaster secret that comes out.
 * Authentication (signing the server's parameters, certificates) is not part of it. ECDHE
 * ({@link EcdheKeyExchange}), PSK (RFC 4279) and ECDHE_PSK (RFC 5489) ({@link PskKeyExchange}).
 */
interface KeyExchange {

    /** Server: the ServerKeyExchange parameters this exchange sends (unsigned). */
    byte[] serverParams();

    /** Client: the body of its ClientKeyExchange. */
    byte[] clientKeyExchange();

    /**
     * The premaster secret: on the server computed from the client's ClientKeyExchange body, on the
     * client from what it already has ({@code clientKeyExchangeBody} is then null). The caller wipes it.
     */
    byte[] premasterSecret(byte[] clientKeyExchangeBody) throws DtlsException, DecodeException;

    /**
     * The handshake fails before {@link #premasterSecret} was taken: work started for it is dropped
     * and a secret already made is wiped (a client's ECDH started on the crypto executor).
     */
    default void discard() {
    }

    /** The PSK identity the client named (RFC 4279), once known; null for exchanges without PSK. */
    default String pskIdentity() {
        return null;
    }
}
