package io.dtls4j.handshake.extension;

import io.dtls4j.DtlsException;
import io.dtls4j.wire.DecodeException;

/**
 * One hello extension, negotiated in the one way every extension is: the client offers it in
 * ClientHello, the server reads the offer and answers in ServerHello, the client checks the answer.
 * Each extension is one class; what it learns goes into the {@link HelloNegotiation} both sides
 * keep. {@link HelloExtensions} runs them and enforces the rule common to all: an answer to
 * something not offered is {@code unsupported_extension} (RFC 5246 §7.4.1.4).
 */
public interface HelloExtension {

    /** The extension's code point (ExtensionType). */
    int type();

    /** Client: the extension_data to offer, or null to leave the extension out. */
    default byte[] offer(HelloNegotiation negotiation) {
        return null;
    }

    /** Server: reads the client's extension_data, null when the client did not send the extension. */
    default void readOffer(byte[] data, HelloNegotiation negotiation) throws DtlsException, DecodeException {
    }

    /**
     * Server: whether the client asked for this extension, so that the server may answer with it;
     * normally whether the ClientHello carries it.
     */
    default boolean offered(byte[] data, HelloNegotiation negotiation) {
        return data != null;
    }

    /** Server, once it has chosen the suite and the rest: the extension_data to answer with, or null for none. */
    default byte[] answer(HelloNegotiation negotiation) {
        return null;
    }

    /**
     * Client: reads the server's extension_data ({@code data}, null when absent), given what this
     * client offered ({@code offered}, null when it did not offer the extension: then {@code data} is null too).
     */
    default void readAnswer(byte[] data, byte[] offered, HelloNegotiation negotiation) throws DtlsException, DecodeException {
    }
}
