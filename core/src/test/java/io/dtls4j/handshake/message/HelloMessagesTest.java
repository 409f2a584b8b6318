package io.dtls4j.handshake.message;

import io.dtls4j.AlertDescription;
import io.dtls4j.wire.WireWriter;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static io.dtls4j.handshake.message.CodecAssertions.assertAlert;
import static io.dtls4j.handshake.message.CodecAssertions.assertEveryPrefixRejected;
import static io.dtls4j.handshake.message.CodecAssertions.assertTrailingByteRejected;
import static io.dtls4j.handshake.message.CodecAssertions.filled;
import static io.dtls4j.handshake.message.CodecAssertions.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HelloMessagesTest {

    private static final String RANDOM_HEX = "11".repeat(32);

    static ClientHello clientHello() {
        return new ClientHello(0xFEFD, filled(32, 0x11), new byte[0], hex("aabb"), new int[] {0xC02B, 0xC0AE},
                new byte[] {0}, Extensions.EMPTY.with(ExtensionType.EXTENDED_MASTER_SECRET, new byte[0]));
    }

    static ServerHello serverHello() {
        return new ServerHello(0xFEFD, filled(32, 0x22), filled(32, 0x33), 0xC02B, 0,
                Extensions.EMPTY.with(ExtensionType.RENEGOTIATION_INFO, new byte[] {0}));
    }

    @Test
    void clientHelloHasTheRfc6347Layout() throws Exception {
        byte[] expected = hex("fefd" + RANDOM_HEX + "00" + "02aabb" + "0004c02bc0ae" + "0100" + "0004" + "00170000");
        assertThat(clientHello().encode()).isEqualTo(expected);
        assertThat(ClientHello.decode(expected)).isEqualTo(clientHello());
    }

    @Test
    void clientHelloWithoutExtensionsOmitsTheBlockAndDecodesBack() throws Exception {
        ClientHello h = new ClientHello(0xFEFD, filled(32, 1), filled(32, 2), new byte[0], new int[] {0xC02B},
                new byte[] {0}, Extensions.EMPTY);
        byte[] enc = h.encode();
        assertThat(enc).hasSize(2 + 32 + 33 + 1 + 4 + 2);
        assertThat(ClientHello.decode(enc)).isEqualTo(h);
        // an explicitly empty block decodes to the same hello
        byte[] withEmptyBlock = java.util.Arrays.copyOf(enc, enc.length + 2);
        assertThat(ClientHello.decode(withEmptyBlock)).isEqualTo(h);
    }

    @Test
    void cookieIsReplacedAndLeftOutForTheCookieMac() throws Exception {
        ClientHello first = clientHello().withCookie(new byte[0]);
        ClientHello second = first.withCookie(filled(255, 7));
        assertThat(ClientHello.decode(second.encode()).cookie()).isEqualTo(filled(255, 7));
        assertThat(second.encodeWithoutCookie()).isEqualTo(first.encode());
        assertThat(second.encodeWithoutCookie()).isEqualTo(clientHello().encodeWithoutCookie());
        assertThatThrownBy(() -> first.withCookie(new byte[256])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clientHelloTruncatedAnywhereIsADecodeErrorExceptBeforeTheExtensions() {
        byte[] enc = clientHello().encode();
        int withoutExtensions = enc.length - 6;
        assertEveryPrefixRejected(enc, ClientHello::decode, Set.of(withoutExtensions));
        assertTrailingByteRejected(enc, ClientHello::decode);
    }

    @Test
    void clientHelloRejectsVectorsOutsideTheirBounds() {
        String tail = "0004c02bc0ae" + "0100";
        // session_id of 33 bytes
        assertAlert(() -> ClientHello.decode(hex("fefd" + RANDOM_HEX + "21" + "00".repeat(33) + "00" + tail)),
                AlertDescription.DECODE_ERROR);
        // empty cipher_suites
        assertAlert(() -> ClientHello.decode(hex("fefd" + RANDOM_HEX + "00" + "00" + "0000" + "0100")),
                AlertDescription.DECODE_ERROR);
        // odd cipher_suites
        assertAlert(() -> ClientHello.decode(hex("fefd" + RANDOM_HEX + "00" + "00" + "0003c02bc0" + "0100")),
                AlertDescription.DECODE_ERROR);
        // empty compression_methods
        assertAlert(() -> ClientHello.decode(hex("fefd" + RANDOM_HEX + "00" + "00" + "0002c02b" + "00")),
                AlertDescription.DECODE_ERROR);
        // cookie length beyond the message
        assertAlert(() -> ClientHello.decode(hex("fefd" + RANDOM_HEX + "00" + "ff00" + tail)),
                AlertDescription.DECODE_ERROR);
        // duplicate extension
        assertAlert(() -> ClientHello.decode(hex("fefd" + RANDOM_HEX + "00" + "00" + tail + "0008" + "00170000" + "00170000")),
                AlertDescription.ILLEGAL_PARAMETER);
    }

    @Test
    void sessionIdLengthsUpTo32DecodeAndLongerAreDecodeErrors() throws Exception {
        for (int n = 0; n <= 40; n++) {
            byte[] ch = new WireWriter().u16(0xFEFD).bytes(filled(32, 1)).vector8(filled(n, 2)).vector8(new byte[0])
                    .u16(2).u16(0xC02B).vector8(new byte[] {0}).toByteArray();
            byte[] sh = new WireWriter().u16(0xFEFD).bytes(filled(32, 1)).vector8(filled(n, 2)).u16(0xC02B).u8(0)
                    .toByteArray();
            if (n <= 32) {
                assertThat(ClientHello.decode(ch).sessionId()).hasSize(n);
                assertThat(ServerHello.decode(sh).sessionId()).hasSize(n);
            } else {
                assertAlert(() -> ClientHello.decode(ch), AlertDescription.DECODE_ERROR);
                assertAlert(() -> ServerHello.decode(sh), AlertDescription.DECODE_ERROR);
            }
        }
    }

    @Test
    void clientHelloConstructorRejectsWhatCannotBeEncoded() {
        byte[] r = filled(32, 0);
        assertThatThrownBy(() -> new ClientHello(0xFEFD, new byte[31], new byte[0], new byte[0], new int[] {1}, new byte[] {0}, Extensions.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientHello(0xFEFD, r, new byte[33], new byte[0], new int[] {1}, new byte[] {0}, Extensions.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientHello(0xFEFD, r, new byte[0], new byte[0], new int[0], new byte[] {0}, Extensions.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientHello(0xFEFD, r, new byte[0], new byte[0], new int[] {1}, new byte[0], Extensions.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientHello(0x10000, r, new byte[0], new byte[0], new int[] {1}, new byte[] {0}, Extensions.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clientHelloIsImmutable() {
        byte[] random = filled(32, 5);
        int[] suites = {0xC02B};
        ClientHello h = new ClientHello(0xFEFD, random, new byte[0], new byte[0], suites, new byte[] {0}, Extensions.EMPTY);
        random[0] = 9;
        suites[0] = 1;
        h.random()[1] = 9;
        h.cipherSuites()[0] = 2;
        assertThat(h.random()).isEqualTo(filled(32, 5));
        assertThat(h.cipherSuites()).containsExactly(0xC02B);
    }

    @Test
    void helloVerifyRequestRoundTripsAndRejects() throws Exception {
        HelloVerifyRequest hvr = new HelloVerifyRequest(0xFEFF, hex("0102030405"));
        byte[] enc = hvr.encode();
        assertThat(enc).isEqualTo(hex("feff 05 0102030405"));
        assertThat(HelloVerifyRequest.decode(enc)).isEqualTo(hvr);
        assertThat(HelloVerifyRequest.decode(hex("fefd 00")).cookie()).isEmpty();
        HelloVerifyRequest longest = new HelloVerifyRequest(0xFEFD, filled(255, 3));
        assertThat(HelloVerifyRequest.decode(longest.encode())).isEqualTo(longest);
        assertEveryPrefixRejected(enc, HelloVerifyRequest::decode);
        assertTrailingByteRejected(enc, HelloVerifyRequest::decode);
        assertThatThrownBy(() -> new HelloVerifyRequest(0xFEFD, new byte[256])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serverHelloRoundTripsWithAndWithoutExtensions() throws Exception {
        ServerHello sh = serverHello();
        byte[] enc = sh.encode();
        assertThat(enc).isEqualTo(hex("fefd" + "22".repeat(32) + "20" + "33".repeat(32) + "c02b" + "00" + "0005" + "ff01000100"));
        assertThat(ServerHello.decode(enc)).isEqualTo(sh);
        ServerHello bare = new ServerHello(0xFEFD, filled(32, 0x22), new byte[0], 0xC0AE, 0, Extensions.EMPTY);
        assertThat(ServerHello.decode(bare.encode())).isEqualTo(bare);
        assertThat(bare.encode()).hasSize(2 + 32 + 1 + 2 + 1);
    }

    @Test
    void serverHelloTruncatedAnywhereIsADecodeErrorExceptBeforeTheExtensions() {
        byte[] enc = serverHello().encode();
        assertEveryPrefixRejected(enc, ServerHello::decode, Set.of(enc.length - 7));
        assertTrailingByteRejected(enc, ServerHello::decode);
        assertAlert(() -> ServerHello.decode(hex("fefd" + "22".repeat(32) + "21" + "00".repeat(33) + "c02b00")),
                AlertDescription.DECODE_ERROR);
    }
}
