package io.dtls4j.handshake.message;

import io.dtls4j.AlertDescription;
import io.dtls4j.handshake.HandshakeFragmenter;
import io.dtls4j.handshake.HandshakeHeader;
import io.dtls4j.handshake.HandshakeReassembler;
import io.dtls4j.record.AlertMessage;
import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.dtls4j.handshake.message.CodecAssertions.filled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Feeds seeded-random mutations of valid encodings to every decoder: each must either succeed or throw a
 * DecodeException, never anything else. A mutation that decodes must re-encode to something that decodes
 * to the same value.
 */
class DecodeFuzzTest {

    /** Mutations per target and build; a longer campaign: {@code -Ddtls4j.fuzz.mutations=300000 -Ddtls4j.fuzz.firstSeed=1}. */
    private static final int MUTATIONS = Integer.getInteger("dtls4j.fuzz.mutations", 3000);

    /** One decoder with valid samples and, where the value can be encoded again, its encoder. */
    private record Target(String name, List<byte[]> samples, CodecAssertions.Decoder decoder, Function<Object, byte[]> encoder) {
    }

    private static List<Target> targets() {
        ClientHello ch = HelloMessagesTest.clientHello();
        ClientHello richHello = new ClientHello(0xFEFD, filled(32, 1), filled(32, 2), filled(20, 3),
                new int[] {0xC02B, 0xC02C, 0xCCA9, 0xC0AE}, new byte[] {0},
                Extensions.EMPTY
                        .with(ExtensionType.SERVER_NAME, ExtensionCodecs.serverName("dtls.example"))
                        .with(ExtensionType.SUPPORTED_GROUPS, ExtensionCodecs.supportedGroups(new int[] {29, 23, 24}))
                        .with(ExtensionType.EC_POINT_FORMATS, ExtensionCodecs.ecPointFormats(new byte[] {0}))
                        .with(ExtensionType.SIGNATURE_ALGORITHMS, ExtensionCodecs.signatureAlgorithms(new int[] {0x0403, 0x0807}))
                        .with(ExtensionType.EXTENDED_MASTER_SECRET, new byte[0])
                        .with(ExtensionType.RENEGOTIATION_INFO, ExtensionCodecs.renegotiationInfo(new byte[0])));
        return List.of(
                new Target("ClientHello", List.of(ch.encode(), richHello.encode()), ClientHello::decode, o -> ((ClientHello) o).encode()),
                new Target("HelloVerifyRequest", List.of(new HelloVerifyRequest(0xFEFD, filled(32, 5)).encode()),
                        HelloVerifyRequest::decode, o -> ((HelloVerifyRequest) o).encode()),
                new Target("ServerHello", List.of(HelloMessagesTest.serverHello().encode()), ServerHello::decode,
                        o -> ((ServerHello) o).encode()),
                new Target("Certificate", List.of(KeyExchangeMessagesTest.certificate().encode()), CertificateMessage::decode,
                        o -> ((CertificateMessage) o).encode()),
                new Target("ServerKeyExchange", List.of(KeyExchangeMessagesTest.serverKeyExchange().encode()),
                        EcdheServerKeyExchange::decode, o -> ((EcdheServerKeyExchange) o).encode()),
                new Target("CertificateRequest", List.of(KeyExchangeMessagesTest.certificateRequest().encode()),
                        CertificateRequest::decode, o -> ((CertificateRequest) o).encode()),
                new Target("ServerHelloDone", List.of(new byte[0]), ServerHelloDone::decode, o -> ((ServerHelloDone) o).encode()),
                new Target("ClientKeyExchange", List.of(new EcdheClientKeyExchange(filled(32, 8)).encode()),
                        EcdheClientKeyExchange::decode, o -> ((EcdheClientKeyExchange) o).encode()),
                new Target("PSK ServerKeyExchange", List.of(PskServerKeyExchange.psk(filled(9, 0x41)).encode(),
                        PskServerKeyExchange.psk(new byte[0]).encode()),
                        b -> PskServerKeyExchange.decode(b, false), o -> ((PskServerKeyExchange) o).encode()),
                new Target("ECDHE_PSK ServerKeyExchange", List.of(new PskServerKeyExchange(filled(5, 0x42), 29, filled(32, 9)).encode()),
                        b -> PskServerKeyExchange.decode(b, true), o -> ((PskServerKeyExchange) o).encode()),
                new Target("PSK ClientKeyExchange", List.of(new PskClientKeyExchange(filled(8, 0x43), null).encode()),
                        b -> PskClientKeyExchange.decode(b, false), o -> ((PskClientKeyExchange) o).encode()),
                new Target("ECDHE_PSK ClientKeyExchange", List.of(new PskClientKeyExchange(filled(8, 0x44), filled(32, 10)).encode()),
                        b -> PskClientKeyExchange.decode(b, true), o -> ((PskClientKeyExchange) o).encode()),
                new Target("CertificateVerify", List.of(new CertificateVerify(0x0403, filled(70, 0x30)).encode()),
                        CertificateVerify::decode, o -> ((CertificateVerify) o).encode()),
                new Target("Finished", List.of(filled(12, 1)), b -> Finished.decode(b, 12), o -> ((Finished) o).encode()),
                new Target("NewSessionTicket", List.of(new NewSessionTicket(7200, filled(60, 0x45)).encode(),
                        new NewSessionTicket(0, new byte[0]).encode()), NewSessionTicket::decode, o -> ((NewSessionTicket) o).encode()),
                new Target("Extensions", List.of(richHello.extensions().encode()), Extensions::decode, o -> ((Extensions) o).encode()),
                new Target("supported_groups", List.of(ExtensionCodecs.supportedGroups(new int[] {29, 23})),
                        ExtensionCodecs::parseSupportedGroups, o -> ExtensionCodecs.supportedGroups((int[]) o)),
                new Target("ec_point_formats", List.of(ExtensionCodecs.ecPointFormats(new byte[] {0, 1})),
                        ExtensionCodecs::parseEcPointFormats, o -> ExtensionCodecs.ecPointFormats((byte[]) o)),
                new Target("signature_algorithms", List.of(ExtensionCodecs.signatureAlgorithms(new int[] {0x0403, 0x0804})),
                        ExtensionCodecs::parseSignatureAlgorithms, o -> ExtensionCodecs.signatureAlgorithms((int[]) o)),
                new Target("renegotiation_info", List.of(ExtensionCodecs.renegotiationInfo(filled(12, 4))),
                        ExtensionCodecs::parseRenegotiationInfo, o -> ExtensionCodecs.renegotiationInfo((byte[]) o)),
                new Target("server_name", List.of(ExtensionCodecs.serverName("a.example")), ExtensionCodecs::parseServerName,
                        o -> o == null ? null : ExtensionCodecs.serverName((String) o)),
                new Target("certificate_types", List.of(ExtensionCodecs.certificateTypes(new byte[] {2, 0})),
                        ExtensionCodecs::parseCertificateTypes, o -> ExtensionCodecs.certificateTypes((byte[]) o)),
                new Target("RawPublicKeyCertificate", List.of(new RawPublicKeyCertificate(filled(91, 0x30)).encode()),
                        RawPublicKeyCertificate::decode, null),
                new Target("Alert", List.of(AlertMessage.encode(AlertMessage.FATAL, AlertDescription.DECODE_ERROR)),
                        b -> AlertMessage.decode(b, 0, b.length), null),
                new Target("HandshakeHeader", HandshakeFragmenter.fragment(11, 2, filled(40, 6), 30),
                        b -> HandshakeHeader.read(new WireReader(b)), null));
    }

    /** Applies one to three random edits: bit flips, byte overwrites, inserts, deletes, truncation, duplication. */
    static byte[] mutate(byte[] in, Random rnd) {
        byte[] b = in;
        int edits = 1 + rnd.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int kind = rnd.nextInt(7);
            int pos = b.length == 0 ? 0 : rnd.nextInt(b.length);
            switch (kind) {
                case 0 -> {
                    if (b.length > 0) {
                        b = b.clone();
                        b[pos] ^= (byte) (1 << rnd.nextInt(8));
                    }
                }
                case 1 -> {
                    if (b.length > 0) {
                        b = b.clone();
                        int[] interesting = {0, 1, 0x7F, 0x80, 0xFF, rnd.nextInt(256)};
                        b[pos] = (byte) interesting[rnd.nextInt(interesting.length)];
                    }
                }
                case 2 -> {
                    if (b.length > 0) {
                        b = b.clone();
                        b[pos] += (byte) (rnd.nextBoolean() ? 1 : -1);
                    }
                }
                case 3 -> {
                    byte[] ins = new byte[1 + rnd.nextInt(4)];
                    rnd.nextBytes(ins);
                    b = splice(b, pos, 0, ins);
                }
                case 4 -> b = splice(b, pos, Math.min(b.length - pos, 1 + rnd.nextInt(4)), new byte[0]);
                case 5 -> b = Arrays.copyOf(b, b.length == 0 ? 0 : rnd.nextInt(b.length));
                default -> {
                    int len = Math.min(b.length - pos, 1 + rnd.nextInt(8));
                    b = splice(b, pos, 0, Arrays.copyOfRange(b, pos, pos + len));
                }
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int pos, int remove, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b, 0, pos);
        out.writeBytes(insert);
        out.write(b, pos + remove, b.length - pos - remove);
        return out.toByteArray();
    }

    @TestFactory
    Stream<DynamicTest> mutatedEncodingsDecodeOrThrowOnlyDecodeException() {
        return targets().stream().map(t -> DynamicTest.dynamicTest(t.name(), () -> {
            Random rnd = new Random(t.name().hashCode());
            int decoded = 0;
            for (byte[] sample : t.samples()) {
                assertThat(decodeOrNull(t, sample)).as("sample itself decodes").isNotNull();
            }
            for (int i = 0; i < MUTATIONS; i++) {
                byte[] input = mutate(t.samples().get(rnd.nextInt(t.samples().size())), rnd);
                Object value;
                try {
                    value = t.decoder().decode(input);
                } catch (DecodeException e) {
                    assertThat(e.alert()).isNotNull();
                    continue;
                } catch (RuntimeException e) {
                    throw new AssertionError(t.name() + " threw " + e + " on " + java.util.HexFormat.of().formatHex(input), e);
                }
                decoded++;
                if (t.encoder() != null && value != null) {
                    byte[] again = t.encoder().apply(value);
                    Object back = t.decoder().decode(again);
                    if (value instanceof int[] a) {
                        assertThat((int[]) back).isEqualTo(a);
                    } else if (value instanceof byte[] a) {
                        assertThat((byte[]) back).isEqualTo(a);
                    } else {
                        assertThat(back).isEqualTo(value);
                    }
                }
            }
            // some mutations (a changed random byte, a flipped bit in a key) keep the encoding valid
            if (!t.name().equals("ServerHelloDone")) {
                assertThat(decoded).as("%s: some mutations decode", t.name()).isPositive();
            }
        }));
    }

    private static Object decodeOrNull(Target t, byte[] b) {
        try {
            Object v = t.decoder().decode(b);
            return v == null ? "null result" : v;
        } catch (DecodeException e) {
            fail(t.name() + " rejected its own sample: " + e.getMessage());
            return null;
        }
    }

    @Test
    void mutatedFragmentStreamsOnlyThrowDecodeExceptionAndStayWithinLimits() {
        Random rnd = new Random(77);
        List<byte[]> base = new java.util.ArrayList<>();
        base.addAll(HandshakeFragmenter.fragment(1, 0, filled(300, 1), 100));
        base.addAll(HandshakeFragmenter.fragment(11, 1, filled(500, 2), 120));
        base.addAll(HandshakeFragmenter.fragment(14, 2, new byte[0], 100));
        int errors = 0;
        for (int i = 0; i < MUTATIONS; i++) {
            HandshakeReassembler r = new HandshakeReassembler(1000, 2000, 4);
            try {
                for (int k = 0; k < 6; k++) {
                    byte[] f = base.get(rnd.nextInt(base.size()));
                    byte[] in = rnd.nextInt(3) == 0 ? f : mutate(f, rnd);
                    r.offer(in, 0, in.length, rnd.nextInt(2));
                    assertThat(r.bufferedBytes()).isBetween(0, 2000);
                    while (r.poll() != null) {
                        assertThat(r.bufferedBytes()).isBetween(0, 2000);
                    }
                }
            } catch (DecodeException e) {
                errors++;
            }
        }
        assertThat(errors).as("mutations were rejected").isPositive();
    }
}
