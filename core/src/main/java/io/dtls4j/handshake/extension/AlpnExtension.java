package io.dtls4j.handshake.extension;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.config.ApplicationProtocolSelector;
import io.dtls4j.handshake.message.ExtensionCodecs;
import io.dtls4j.handshake.message.ExtensionType;
import io.dtls4j.wire.DecodeException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * application_layer_protocol_negotiation (RFC 7301): the client offers protocol names in preference
 * order; the server chooses one with its configured selector, or else the first of its own names
 * that the client offered (§3.2), and answers with exactly that one; the client checks it offered it.
 * Names are opaque bytes on the wire (§3.1); the configuration holds them as strings, sent in UTF-8.
 *
 * <p>A server without ALPN configured ignores the client's offer and does not answer. Without a
 * common protocol the server omits the extension, unless ALPN is required: then no_application_protocol.
 */
final class AlpnExtension implements HelloExtension {

    @Override
    public int type() {
        return ExtensionType.ALPN;
    }

    @Override
    public byte[] offer(HelloNegotiation n) {
        List<String> protocols = n.config.applicationProtocols();
        return protocols.isEmpty() ? null : ExtensionCodecs.protocolNames(encode(protocols));
    }

    @Override
    public void readOffer(byte[] data, HelloNegotiation n) throws DtlsException, DecodeException {
        ApplicationProtocolSelector selector = n.config.applicationProtocolSelector();
        if (selector == null && n.config.applicationProtocols().isEmpty()) {
            return; // ALPN not configured: the offer is ignored
        }
        if (data == null) {
            requireAlpn(n, "the client did not offer ALPN");
            return;
        }
        List<String> offered = decodable(ExtensionCodecs.parseProtocolNames(data));
        String chosen;
        try {
            chosen = selector != null ? selector.select(List.copyOf(offered)) : firstOfOursIn(offered, n);
        } catch (RuntimeException e) {
            throw new DtlsException(AlertDescription.INTERNAL_ERROR, "the application protocol selector failed: " + e, e);
        }
        if (chosen != null && !offered.contains(chosen)) {
            throw new DtlsException(AlertDescription.INTERNAL_ERROR,
                    "the application protocol selector chose \"" + chosen + "\", which the client did not offer");
        }
        n.applicationProtocol = chosen;
        if (chosen == null) {
            requireAlpn(n, "the client offers no application protocol this server accepts: " + offered);
        }
    }

    private static String firstOfOursIn(List<String> offered, HelloNegotiation n) {
        for (String ours : n.config.applicationProtocols()) {
            if (offered.contains(ours)) {
                return ours;
            }
        }
        return null;
    }

    private static void requireAlpn(HelloNegotiation n, String why) throws DtlsException {
        if (n.config.requireApplicationProtocol()) {
            // RFC 7301 §3.2: no protocol in common is a fatal no_application_protocol
            throw new DtlsException(AlertDescription.NO_APPLICATION_PROTOCOL,
                    why + ", and an application protocol is required (ALPN, RFC 7301)");
        }
    }

    @Override
    public byte[] answer(HelloNegotiation n) {
        return n.applicationProtocol == null ? null : ExtensionCodecs.protocolNames(encode(List.of(n.applicationProtocol)));
    }

    @Override
    public void readAnswer(byte[] data, byte[] offered, HelloNegotiation n) throws DtlsException, DecodeException {
        if (data == null) {
            if (offered != null) {
                requireAlpn(n, "the server selected no application protocol");
            }
            return;
        }
        List<byte[]> answer = ExtensionCodecs.parseProtocolNames(data);
        // RFC 7301 §3.1: the server's list holds exactly one name, and §3.2 one the client offered
        if (answer.size() != 1) {
            throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER,
                    "the server's ALPN answer names " + answer.size() + " protocols instead of one");
        }
        List<String> ours = decodable(ExtensionCodecs.parseProtocolNames(offered));
        List<String> chosen = decodable(answer);
        if (chosen.isEmpty() || !ours.contains(chosen.get(0))) {
            throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER,
                    "the server selected an application protocol that was not offered");
        }
        n.applicationProtocol = chosen.get(0);
    }

    private static List<byte[]> encode(List<String> names) {
        List<byte[]> encoded = new ArrayList<>(names.size());
        for (String name : names) {
            encoded.add(name.getBytes(StandardCharsets.UTF_8));
        }
        return encoded;
    }

    /**
     * The names that are valid UTF-8, as strings. Others cannot equal a configured name, so they are
     * left out rather than decoded with replacement characters that could make two names alike.
     */
    private static List<String> decodable(List<byte[]> names) {
        List<String> out = new ArrayList<>(names.size());
        for (byte[] name : names) {
            try {
                out.add(StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(name)).toString());
            } catch (CharacterCodingException e) {
                // not UTF-8: never one of ours
            }
        }
        return out;
    }
}
