package io.dtls4j.handshake.extension;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.handshake.message.ExtensionType;
import io.dtls4j.handshake.message.Extensions;
import io.dtls4j.wire.DecodeException;

import java.util.HexFormat;

/** Hand-made ServerHello extensions for a client to check, and the alert its check ends with. */
final class ExtensionAnswers {
    private ExtensionAnswers() {
    }

    /** A ServerHello's extensions: extended_master_secret (which the default client needs) and {@code type} with {@code hex}. */
    static Extensions answer(int type, String hex) {
        return Extensions.EMPTY.with(ExtensionType.EXTENDED_MASTER_SECRET, new byte[0])
                .with(type, HexFormat.of().parseHex(hex));
    }

    /** The alert {@code client} refuses {@code answer} with; fails the test when it accepts it. */
    static AlertDescription alertFor(HelloExtensions extensions, Extensions answer, Extensions offered, HelloNegotiation client) {
        try {
            extensions.readAnswer(answer, offered, client);
        } catch (DtlsException e) {
            return e.alert();
        } catch (DecodeException e) {
            return e.alert();
        }
        throw new AssertionError("the client accepted " + answer);
    }
}
