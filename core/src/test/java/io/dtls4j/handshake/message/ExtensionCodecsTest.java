package io.dtls4j.handshake.message;

import io.dtls4j.AlertDescription;
import org.junit.jupiter.api.Test;

import static io.dtls4j.handshake.message.CodecAssertions.assertAlert;
import static io.dtls4j.handshake.message.CodecAssertions.assertEveryPrefixRejected;
import static io.dtls4j.handshake.message.CodecAssertions.assertTrailingByteRejected;
import static io.dtls4j.handshake.message.CodecAssertions.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExtensionCodecsTest {

    @Test
    void supportedGroupsRoundTrip() throws Exception {
        byte[] enc = ExtensionCodecs.supportedGroups(new int[] {29, 23, 24});
        assertThat(enc).isEqualTo(hex("0006 001d 0017 0018"));
        assertThat(ExtensionCodecs.parseSupportedGroups(enc)).containsExactly(29, 23, 24);
        assertEveryPrefixRejected(enc, ExtensionCodecs::parseSupportedGroups);
        assertTrailingByteRejected(enc, ExtensionCodecs::parseSupportedGroups);
    }

    @Test
    void supportedGroupsRejectsEmptyAndOddLists() {
        assertAlert(() -> ExtensionCodecs.parseSupportedGroups(hex("0000")), AlertDescription.DECODE_ERROR);
        assertAlert(() -> ExtensionCodecs.parseSupportedGroups(hex("0003 001d00")), AlertDescription.DECODE_ERROR);
        assertAlert(() -> ExtensionCodecs.parseSupportedGroups(hex("0004 001d")), AlertDescription.DECODE_ERROR);
        assertThatThrownBy(() -> ExtensionCodecs.supportedGroups(new int[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExtensionCodecs.supportedGroups(new int[] {0x10000})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ecPointFormatsRoundTripAndRejectEmpty() throws Exception {
        byte[] enc = ExtensionCodecs.ecPointFormats(new byte[] {0});
        assertThat(enc).isEqualTo(hex("01 00"));
        assertThat(ExtensionCodecs.parseEcPointFormats(enc)).containsExactly(0);
        assertAlert(() -> ExtensionCodecs.parseEcPointFormats(hex("00")), AlertDescription.DECODE_ERROR);
        assertAlert(() -> ExtensionCodecs.parseEcPointFormats(hex("02 00")), AlertDescription.DECODE_ERROR);
        assertEveryPrefixRejected(enc, ExtensionCodecs::parseEcPointFormats);
        assertTrailingByteRejected(enc, ExtensionCodecs::parseEcPointFormats);
        assertThatThrownBy(() -> ExtensionCodecs.ecPointFormats(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void signatureAlgorithmsRoundTripAndRejectEmptyOrOdd() throws Exception {
        byte[] enc = ExtensionCodecs.signatureAlgorithms(new int[] {0x0403, 0x0807, 0x0804});
        assertThat(enc).isEqualTo(hex("0006 0403 0807 0804"));
        assertThat(ExtensionCodecs.parseSignatureAlgorithms(enc)).containsExactly(0x0403, 0x0807, 0x0804);
        assertAlert(() -> ExtensionCodecs.parseSignatureAlgorithms(hex("0000")), AlertDescription.DECODE_ERROR);
        assertAlert(() -> ExtensionCodecs.parseSignatureAlgorithms(hex("0001 04")), AlertDescription.DECODE_ERROR);
        assertEveryPrefixRejected(enc, ExtensionCodecs::parseSignatureAlgorithms);
        assertTrailingByteRejected(enc, ExtensionCodecs::parseSignatureAlgorithms);
        assertThatThrownBy(() -> ExtensionCodecs.signatureAlgorithms(new int[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExtensionCodecs.signatureAlgorithms(new int[0x8000])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void renegotiationInfoRoundTripsEmptyAndVerifyData() throws Exception {
        assertThat(ExtensionCodecs.renegotiationInfo(new byte[0])).isEqualTo(hex("00"));
        assertThat(ExtensionCodecs.parseRenegotiationInfo(hex("00"))).isEmpty();
        byte[] verify = hex("0102030405060708090a0b0c");
        byte[] enc = ExtensionCodecs.renegotiationInfo(verify);
        assertThat(ExtensionCodecs.parseRenegotiationInfo(enc)).isEqualTo(verify);
        assertEveryPrefixRejected(enc, ExtensionCodecs::parseRenegotiationInfo);
        assertTrailingByteRejected(enc, ExtensionCodecs::parseRenegotiationInfo);
        assertThatThrownBy(() -> ExtensionCodecs.renegotiationInfo(new byte[256])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serverNameRoundTripsAHostName() throws Exception {
        byte[] enc = ExtensionCodecs.serverName("example.com");
        assertThat(enc).isEqualTo(hex("000e 00 000b 6578616d706c652e636f6d"));
        assertThat(ExtensionCodecs.parseServerName(enc)).isEqualTo("example.com");
        assertEveryPrefixRejected(enc, ExtensionCodecs::parseServerName);
        assertTrailingByteRejected(enc, ExtensionCodecs::parseServerName);
    }

    @Test
    void serverNameSkipsUnknownNameTypes() throws Exception {
        assertThat(ExtensionCodecs.parseServerName(hex("0005 07 0002 abcd"))).isNull();
        assertThat(ExtensionCodecs.parseServerName(hex("000a 07 0002 abcd 00 0002 6162"))).isEqualTo("ab");
    }

    @Test
    void serverNameRejects() {
        assertAlert(() -> ExtensionCodecs.parseServerName(hex("0000")), AlertDescription.DECODE_ERROR);
        assertAlert(() -> ExtensionCodecs.parseServerName(hex("0003 00 0000")), AlertDescription.DECODE_ERROR);
        assertAlert(() -> ExtensionCodecs.parseServerName(hex("000a 00 0002 6162 00 0002 6364")), AlertDescription.ILLEGAL_PARAMETER);
        assertAlert(() -> ExtensionCodecs.parseServerName(hex("0005 00 0002 61c3")), AlertDescription.ILLEGAL_PARAMETER);
        assertAlert(() -> ExtensionCodecs.parseServerName(hex("0005 00 0002 6100")), AlertDescription.ILLEGAL_PARAMETER);
        assertAlert(() -> ExtensionCodecs.parseServerName(hex("0005 00 0002 612e")), AlertDescription.ILLEGAL_PARAMETER);
        assertThatThrownBy(() -> ExtensionCodecs.serverName("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExtensionCodecs.serverName("bücher.example")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExtensionCodecs.serverName("example.com.")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExtensionCodecs.serverName("a b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void certificateTypeListRoundTripsAndTheChosenTypeIsOneByte() throws Exception {
        byte[] enc = ExtensionCodecs.certificateTypes(new byte[] {CertificateType.RAW_PUBLIC_KEY, CertificateType.X509});
        assertThat(enc).isEqualTo(hex("02 0200"));
        assertThat(ExtensionCodecs.parseCertificateTypes(enc)).containsExactly(2, 0);
        assertEveryPrefixRejected(enc, ExtensionCodecs::parseCertificateTypes);
        assertTrailingByteRejected(enc, ExtensionCodecs::parseCertificateTypes);
        assertAlert(() -> ExtensionCodecs.parseCertificateTypes(hex("00")), AlertDescription.DECODE_ERROR);
        assertThatThrownBy(() -> ExtensionCodecs.certificateTypes(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThat(ExtensionCodecs.parseCertificateType(hex("02"))).isEqualTo(CertificateType.RAW_PUBLIC_KEY);
        assertAlert(() -> ExtensionCodecs.parseCertificateType(hex("")), AlertDescription.DECODE_ERROR);
        assertAlert(() -> ExtensionCodecs.parseCertificateType(hex("0200")), AlertDescription.DECODE_ERROR);
    }

    @Test
    void requireEmptyAcceptsOnlyEmptyData() throws Exception {
        ExtensionCodecs.requireEmpty(ExtensionType.EXTENDED_MASTER_SECRET, new byte[0]);
        assertAlert(() -> ExtensionCodecs.requireEmpty(ExtensionType.EXTENDED_MASTER_SECRET, new byte[1]),
                AlertDescription.DECODE_ERROR);
    }
}
