package io.dtls4j.handshake.extension;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.handshake.message.ExtensionType;
import io.dtls4j.handshake.message.Extensions;
import io.dtls4j.wire.DecodeException;

import java.util.List;

/**
 * The hello extensions a handshake negotiates, in the order a ClientHello lists them. Adding an
 * extension (use_srtp, ALPN, connection_id, record_size_limit …) is one class and one entry here.
 */
public final class HelloExtensions {
    private final List<HelloExtension> extensions;

    public HelloExtensions(List<HelloExtension> extensions) {
        this.extensions = List.copyOf(extensions);
    }

    /** The extensions of the DTLS 1.2 handshake. */
    public static HelloExtensions dtls12() {
        return new HelloExtensions(List.of(
                new ServerNameExtension(),
                new SupportedGroupsExtension(),
                new EcPointFormatsExtension(),
                new SignatureAlgorithmsExtension(),
                new SignatureAlgorithmsCertExtension(),
                new ExtendedMasterSecretExtension(),
                new RenegotiationInfoExtension(),
                CertificateTypeExtension.server(),
                CertificateTypeExtension.client(),
                new UseSrtpExtension(),
                new AlpnExtension(),
                new ConnectionIdExtension(),
                new SessionTicketExtension(),
                new RecordSizeLimitExtension()));
    }

    /** Client: the ClientHello's extensions. */
    public Extensions offer(HelloNegotiation negotiation) {
        Extensions offered = Extensions.EMPTY;
        for (HelloExtension extension : extensions) {
            byte[] data = extension.offer(negotiation);
            if (data != null) {
                offered = offered.with(extension.type(), data);
            }
        }
        return offered;
    }

    /** Server: every extension reads the ClientHello (those the client did not send see null). */
    public void readOffer(Extensions clientHello, HelloNegotiation negotiation) throws DtlsException, DecodeException {
        for (HelloExtension extension : extensions) {
            extension.readOffer(clientHello.get(extension.type()), negotiation);
        }
    }

    /** Server: the ServerHello's extensions, answering only what the client offered. */
    public Extensions answer(Extensions clientHello, HelloNegotiation negotiation) {
        Extensions answered = Extensions.EMPTY;
        for (HelloExtension extension : extensions) {
            if (!extension.offered(clientHello.get(extension.type()), negotiation)) {
                continue; // RFC 5246 §7.4.1.4: never an extension the client did not ask for
            }
            byte[] data = extension.answer(negotiation);
            if (data != null) {
                answered = answered.with(extension.type(), data);
            }
        }
        return answered;
    }

    /** Client: checks the ServerHello's extensions against what {@code offered} held. */
    public void readAnswer(Extensions serverHello, Extensions offered, HelloNegotiation negotiation)
            throws DtlsException, DecodeException {
        for (Extensions.Extension answered : serverHello.list()) {
            if (!offered.has(answered.type())) {
                throw new DtlsException(AlertDescription.UNSUPPORTED_EXTENSION, "server sent extension "
                        + ExtensionType.name(answered.type()) + " (" + answered.type() + "), which was not offered");
            }
        }
        for (HelloExtension extension : extensions) {
            extension.readAnswer(serverHello.get(extension.type()), offered.get(extension.type()), negotiation);
        }
    }
}
