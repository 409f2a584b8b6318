package io.dtls4j.credentials;

import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Encodable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JDK-only DER codec of the credentials package, against Bouncy Castle's ASN.1 as the reference. */
class DerTest {
    @ParameterizedTest
    @CsvSource({"1.2.840.10045.2.1", "2.5.4.3", "1.3.101.112", "2.16.840.1.101.3.4.1.42", "1.3.6.1.4.1.11591.4.11",
            "2.999.1", "0.9.2342.19200300.100.1.25"})
    void encodesAndDecodesObjectIdentifiersAsBouncyCastleDoes(String oid) throws Exception {
        byte[] encoded = Der.oid(oid);
        assertThat(encoded).isEqualTo(new ASN1ObjectIdentifier(oid).getEncoded());
        assertThat(new Der.Reader(encoded).oid()).isEqualTo(oid);
    }

    @Test
    void encodesLongLengthsAndNestedValuesAsBouncyCastleReadsThem() throws Exception {
        byte[] big = new byte[300];
        new SecureRandom().nextBytes(big);
        byte[] encoded = Der.sequence(Der.integer(BigInteger.valueOf(-129)), Der.octetString(big), Der.nullValue(),
                Der.bool(true), Der.explicit(3, Der.utf8String("é")));
        assertThat(ASN1Primitive.fromByteArray(encoded).getEncoded("DER")).isEqualTo(encoded);

        Der.Reader outer = new Der.Reader(encoded);
        Der.Reader reader = outer.sequence();
        outer.expectEnd();
        assertThat(reader.integer()).isEqualTo(BigInteger.valueOf(-129));
        assertThat(reader.octetString()).isEqualTo(big);
        reader.nullValue();
        assertThat(reader.contents(Der.BOOLEAN)).containsExactly(0xff);
        assertThat(reader.nextIsExplicit(3)).isTrue();
        assertThat(reader.explicit(3).string()).isEqualTo("é");
        assertThat(reader.hasMore()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "30",             // no length
            "3005020101",     // length past the end
            "3080020101 0000", // BER indefinite length
            "308105020101",   // long form for a short length
            "30840000000302", // four length bytes
            "0400 00",        // a byte after the value
            "0600",           // empty OID
            "06022a81",       // OID ending inside an arc
            "0603 2a8001",    // OID arc with a leading 0x80 byte
            "0200",           // empty INTEGER
            "1f0100",         // multi-byte tag
    })
    void refusesMalformedEncodingsWithIllegalArgumentException(String hex) {
        byte[] der = HexFormat.of().parseHex(hex.replace(" ", ""));
        assertThatThrownBy(() -> {
            Der.Reader reader = new Der.Reader(der);
            switch (der[0]) {
                case 0x06 -> reader.oid();
                case 0x02 -> reader.integer();
                case 0x04 -> reader.octetString();
                default -> reader.sequence();
            }
            reader.expectEnd();
        }).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("DER: ");
    }

    @Test
    void encodesTimesAsUtcTimeUntil2049AndGeneralizedTimeFrom2050() {
        assertThat(new String(Der.time(0L), java.nio.charset.StandardCharsets.ISO_8859_1))
                .isEqualTo("\u0017\r700101000000Z");
        long in2050 = java.time.Instant.parse("2050-01-01T00:00:00Z").toEpochMilli();
        assertThat(new String(Der.time(in2050), java.nio.charset.StandardCharsets.ISO_8859_1))
                .isEqualTo("\u0018\u000f20500101000000Z");
    }

    @Test
    void readsEveryCommonNameOfASubjectInAnyDirectoryStringType() throws Exception {
        CertifiedKey generated = SelfSignedCertificate.generate("cn.example", List.of(), Duration.ofDays(1),
                new SecureRandom(), System.currentTimeMillis());
        assertThat(ServerNameCheck.commonNames(generated.leaf())).containsExactly("cn.example");
        ServerNameCheck.check(generated.leaf(), "cn.example");
        assertThatThrownBy(() -> ServerNameCheck.check(generated.leaf(), "other.example"))
                .isInstanceOf(PeerVerificationException.class);

        // a subject with a BMPString CN and a second RDN, read through the same path as a certificate's
        byte[] name = new DERSequence(new ASN1Encodable[] {
                new DERSet(new DERSequence(new ASN1Encodable[] {new ASN1ObjectIdentifier("2.5.4.10"),
                        new DERBMPString("org")})),
                new DERSet(new DERSequence(new ASN1Encodable[] {new ASN1ObjectIdentifier("2.5.4.3"),
                        new DERBMPString("bmp.example")}))}).getEncoded();
        Der.Reader reader = new Der.Reader(name).sequence();
        reader.constructed(Der.SET);
        Der.Reader attribute = reader.constructed(Der.SET).sequence();
        assertThat(attribute.oid()).isEqualTo(ServerNameCheck.COMMON_NAME);
        assertThat(attribute.string()).isEqualTo("bmp.example");
    }
}
