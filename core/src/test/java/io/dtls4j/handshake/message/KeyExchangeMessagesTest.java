package io.dtls4j.handshake.message;

import io.dtls4j.AlertDescription;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.dtls4j.handshake.message.CodecAssertions.assertAlert;
import static io.dtls4j.handshake.message.CodecAssertions.assertEveryPrefixRejected;
import static io.dtls4j.handshake.message.CodecAssertions.assertTrailingByteRejected;
import static io.dtls4j.handshake.message.CodecAssertions.filled;
import static io.dtls4j.handshake.message.CodecAssertions.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyExchangeMessagesTest {

    static CertificateMessage certificate() {
        return new CertificateMessage(List.of(hex("3082aa"), filled(300, 0x30)));
    }

    static EcdheServerKeyExchange serverKeyExchange() {
        return new EcdheServerKeyExchange(23, filled(65, 4), 0x0403, filled(71, 0x30));
    }

    static CertificateRequest certificateRequest() {
        return new CertificateRequest(new byte[] {CertificateRequest.ECDSA_SIGN, CertificateRequest.RSA_SIGN},
                new int[] {0x0403, 0x0804}, List.of(hex("3003"), filled(10, 0x31)));
    }

    @Test
    void certificateRoundTripsWithTheRfc5246Layout() throws Exception {
        CertificateMessage c = new CertificateMessage(List.of(hex("3082aa"), hex("30")));
        byte[] enc = c.encode();
        assertThat(enc).isEqualTo(hex("00000a" + "000003 3082aa" + "000001 30"));
        assertThat(CertificateMessage.decode(enc)).isEqualTo(c);
        assertThat(CertificateMessage.decode(certificate().encode())).isEqualTo(certificate());
    }

    @Test
    void emptyCertificateListIsAllowed() throws Exception {
        CertificateMessage empty = new CertificateMessage(List.of());
        assertThat(empty.encode()).isEqualTo(hex("000000"));
        assertThat(CertificateMessage.decode(hex("000000")).isEmpty()).isTrue();
    }

    @Test
    void certificateRejects() {
        byte[] enc = certificate().encode();
        assertEveryPrefixRejected(enc, CertificateMessage::decode);
        assertTrailingByteRejected(enc, CertificateMessage::decode);
        // an empty ASN.1Cert is forbidden (<1..2^24-1>)
        assertAlert(() -> CertificateMessage.decode(hex("000003 000000")), AlertDescription.DECODE_ERROR);
        // a certificate longer than the list
        assertAlert(() -> CertificateMessage.decode(hex("000004 000002 30")), AlertDescription.DECODE_ERROR);
        // list length beyond the message
        assertAlert(() -> CertificateMessage.decode(hex("ffffff 000001 30")), AlertDescription.DECODE_ERROR);
        assertThatThrownBy(() -> new CertificateMessage(List.of(new byte[0]))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serverKeyExchangeRoundTripsAndExposesTheSignedParams() throws Exception {
        EcdheServerKeyExchange ske = new EcdheServerKeyExchange(29, filled(32, 9), 0x0807, hex("abcd"));
        byte[] enc = ske.encode();
        assertThat(enc).isEqualTo(hex("03 001d 20" + "09".repeat(32) + "0807 0002 abcd"));
        assertThat(ske.encodeParams()).isEqualTo(hex("03 001d 20" + "09".repeat(32)));
        assertThat(EcdheServerKeyExchange.decode(enc)).isEqualTo(ske);
        assertThat(EcdheServerKeyExchange.decode(serverKeyExchange().encode())).isEqualTo(serverKeyExchange());
        byte[] signed = EcdheServerKeyExchange.signedData(filled(32, 1), filled(32, 2), ske.encodeParams());
        assertThat(signed).isEqualTo(hex("01".repeat(32) + "02".repeat(32) + "03 001d 20" + "09".repeat(32)));
        assertThatThrownBy(() -> EcdheServerKeyExchange.signedData(new byte[31], filled(32, 2), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serverKeyExchangeRejects() {
        byte[] enc = serverKeyExchange().encode();
        assertEveryPrefixRejected(enc, EcdheServerKeyExchange::decode);
        assertTrailingByteRejected(enc, EcdheServerKeyExchange::decode);
        // explicit_prime curve type
        assertAlert(() -> EcdheServerKeyExchange.decode(hex("01 0017 01 04 0403 0000")), AlertDescription.ILLEGAL_PARAMETER);
        // empty point
        assertAlert(() -> EcdheServerKeyExchange.decode(hex("03 0017 00 0403 0000")), AlertDescription.DECODE_ERROR);
        // signature length beyond the message
        assertAlert(() -> EcdheServerKeyExchange.decode(hex("03 0017 01 04 0403 0005 00")), AlertDescription.DECODE_ERROR);
        assertThatThrownBy(() -> new EcdheServerKeyExchange(23, new byte[0], 0x0403, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EcdheServerKeyExchange(23, new byte[256], 0x0403, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void certificateRequestRoundTripsWithTheRfc5246Layout() throws Exception {
        CertificateRequest cr = new CertificateRequest(new byte[] {64}, new int[] {0x0403}, List.of());
        assertThat(cr.encode()).isEqualTo(hex("01 40" + "0002 0403" + "0000"));
        assertThat(CertificateRequest.decode(cr.encode())).isEqualTo(cr);
        assertThat(CertificateRequest.decode(certificateRequest().encode())).isEqualTo(certificateRequest());
        assertThat(certificateRequest().certificateAuthorities()).hasSize(2);
    }

    @Test
    void certificateRequestRejects() {
        byte[] enc = certificateRequest().encode();
        assertEveryPrefixRejected(enc, CertificateRequest::decode);
        assertTrailingByteRejected(enc, CertificateRequest::decode);
        assertAlert(() -> CertificateRequest.decode(hex("00" + "0002 0403" + "0000")), AlertDescription.DECODE_ERROR);
        assertAlert(() -> CertificateRequest.decode(hex("01 40" + "0000" + "0000")), AlertDescription.DECODE_ERROR);
        assertAlert(() -> CertificateRequest.decode(hex("01 40" + "0003 040300" + "0000")), AlertDescription.DECODE_ERROR);
        // an empty DistinguishedName
        assertAlert(() -> CertificateRequest.decode(hex("01 40" + "0002 0403" + "0002 0000")), AlertDescription.DECODE_ERROR);
        assertThatThrownBy(() -> new CertificateRequest(new byte[0], new int[] {1}, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CertificateRequest(new byte[] {64}, new int[] {1}, List.of(new byte[0])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serverHelloDoneIsEmpty() throws Exception {
        assertThat(ServerHelloDone.INSTANCE.encode()).isEmpty();
        assertThat(ServerHelloDone.decode(new byte[0])).isEqualTo(ServerHelloDone.INSTANCE);
        assertAlert(() -> ServerHelloDone.decode(new byte[1]), AlertDescription.DECODE_ERROR);
    }

    @Test
    void clientKeyExchangeRoundTripsAndRejects() throws Exception {
        EcdheClientKeyExchange cke = new EcdheClientKeyExchange(filled(65, 4));
        byte[] enc = cke.encode();
        assertThat(enc[0] & 0xFF).isEqualTo(65);
        assertThat(EcdheClientKeyExchange.decode(enc)).isEqualTo(cke);
        assertEveryPrefixRejected(enc, EcdheClientKeyExchange::decode);
        assertTrailingByteRejected(enc, EcdheClientKeyExchange::decode);
        assertAlert(() -> EcdheClientKeyExchange.decode(hex("00")), AlertDescription.DECODE_ERROR);
        assertThatThrownBy(() -> new EcdheClientKeyExchange(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void certificateVerifyRoundTripsAndRejects() throws Exception {
        CertificateVerify cv = new CertificateVerify(0x0804, filled(256, 7));
        byte[] enc = cv.encode();
        assertThat(java.util.Arrays.copyOf(enc, 4)).isEqualTo(hex("0804 0100"));
        assertThat(CertificateVerify.decode(enc)).isEqualTo(cv);
        assertThat(CertificateVerify.decode(hex("0403 0000")).signature()).isEmpty();
        assertEveryPrefixRejected(enc, CertificateVerify::decode);
        assertTrailingByteRejected(enc, CertificateVerify::decode);
    }

    @Test
    void finishedHasExactlyTheExpectedLength() throws Exception {
        Finished f = new Finished(filled(12, 0x5a));
        assertThat(f.encode()).isEqualTo(filled(12, 0x5a));
        assertThat(Finished.decode(f.encode(), 12)).isEqualTo(f);
        assertEveryPrefixRejected(f.encode(), b -> Finished.decode(b, 12));
        assertTrailingByteRejected(f.encode(), b -> Finished.decode(b, 12));
        assertThatThrownBy(() -> new Finished(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rawPublicKeyCertificateRoundTripsAndRejects() throws Exception {
        byte[] spki = filled(91, 0x30);
        byte[] enc = new RawPublicKeyCertificate(spki).encode();
        assertThat(java.util.Arrays.copyOf(enc, 3)).isEqualTo(hex("00005b"));
        assertThat(RawPublicKeyCertificate.decode(enc).subjectPublicKeyInfo()).isEqualTo(spki);
        assertEveryPrefixRejected(enc, RawPublicKeyCertificate::decode);
        assertTrailingByteRejected(enc, RawPublicKeyCertificate::decode);
        assertAlert(() -> RawPublicKeyCertificate.decode(hex("000000")), AlertDescription.DECODE_ERROR);
    }
}
