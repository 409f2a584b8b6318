package io.dtls4j.record;

import io.dtls4j.config.CipherSuite.Aead;
import io.dtls4j.crypto.RecordCipher;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Keys, datagrams and a receive loop for the record format tests. */
final class RecordTesting {
    /** The result recorded for a record whose header could not be parsed (the rest of the datagram is lost). */
    static final int PARSE_FAILED = Integer.MIN_VALUE;

    private RecordTesting() {
    }

    static byte[] bytes(int length, int seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** One direction of one epoch: what its writer seals with and its reader opens with. */
    record Keys(RecordCipher sealer, RecordCipher opener, byte[] key, byte[] iv, byte[] snKey) {
        /** DTLS 1.2 keys (RFC 5288 salt or RFC 7905 IV) from a seed. */
        static Keys dtls12(Aead aead, int seed) {
            byte[] key = bytes(aead.keyLength, seed);
            byte[] iv = bytes(aead.fixedIvLength, seed + 1000);
            return new Keys(RecordCipher.forEncryption(aead, key, iv), RecordCipher.forDecryption(aead, key, iv), key, iv, null);
        }

        /** DTLS 1.3 keys: AEAD key, 12-byte IV and sn_key from a seed. */
        static Keys dtls13(Aead aead, int seed) {
            byte[] key = bytes(aead.keyLength, seed);
            byte[] iv = bytes(12, seed + 1000);
            byte[] snKey = bytes(aead.keyLength, seed + 2000);
            return new Keys(RecordCipher.forDtls13(aead, key, iv, snKey, true),
                    RecordCipher.forDtls13(aead, key, iv, snKey, false), key, iv, snKey);
        }
    }

    /** Installs {@code epoch} in {@code format} on a writer and on its peer, and makes it the writer's write epoch. */
    static void install(RecordLayer writer, RecordFormat writerFormat, RecordLayer reader, RecordFormat readerFormat,
                        long epoch, Keys keys) {
        writer.installEpoch(epoch, writerFormat, keys.sealer(), null);
        reader.installEpoch(epoch, readerFormat, null, keys.opener());
        writer.switchWriteEpoch(epoch);
    }

    /** One record written by {@code layer} in {@code epoch}, exactly as many bytes as it wrote. */
    static byte[] write(RecordLayer layer, int type, long epoch, byte[] content) {
        byte[] out = new byte[content.length + layer.expansion(epoch) + 7];
        int n = layer.writeRecord(type, epoch, content, 0, content.length, out, 3);
        return Arrays.copyOfRange(out, 3, 3 + n);
    }

    /** What became of one record of a datagram at the receiver. */
    record Received(int result, int type, long epoch, long sequence, byte[] content) {
        boolean dropped() {
            return result < 0;
        }
    }

    /** Reads every record of (a copy of) {@code datagram} as an engine does: parse, step past it, open. */
    static List<Received> deliver(RecordLayer layer, byte[] datagram) {
        byte[] b = new byte[datagram.length + 10];
        System.arraycopy(datagram, 0, b, 5, datagram.length);
        int end = 5 + datagram.length;
        RecordView view = new RecordView();
        List<Received> received = new ArrayList<>();
        int pos = 5;
        while (pos < end) {
            if (!layer.parse(b, pos, end, view)) {
                received.add(new Received(PARSE_FAILED, 0, -1, -1, null));
                break;
            }
            pos = view.offset + view.recordLength();
            int n = layer.open(b, view);
            received.add(n < 0
                    ? new Received(n, 0, -1, -1, null)
                    : new Received(n, view.contentType, view.epoch, view.sequence,
                            Arrays.copyOfRange(b, view.fragmentOffset, view.fragmentOffset + n)));
        }
        return received;
    }

    /** Checks that a record was opened into this content, of this type, epoch and sequence number. */
    static void assertOpened(Received received, int type, byte[] content, long epoch, long sequence) {
        assertThat(received.result()).isEqualTo(content.length);
        assertThat(received.type()).isEqualTo(type);
        assertThat(received.content()).isEqualTo(content);
        assertThat(received.epoch()).isEqualTo(epoch);
        assertThat(received.sequence()).isEqualTo(sequence);
    }

    /**
     * Sends three records of {@code epoch} in one datagram, the second with its byte {@code cidByte}
     * (one of the CID) changed: the first opens, the second is dropped as of an unknown CID, and the
     * third is not read at all (it still opens afterwards on its own).
     */
    static void assertAForeignCidDropsTheRestOfItsDatagram(RecordLayer writer, RecordLayer reader, long epoch, int cidByte) {
        byte[] first = write(writer, ContentType.APPLICATION_DATA, epoch, bytes(10, 1));
        byte[] foreign = write(writer, ContentType.APPLICATION_DATA, epoch, bytes(10, 2));
        foreign[cidByte] ^= 0x40; // same length, another association
        byte[] after = write(writer, ContentType.APPLICATION_DATA, epoch, bytes(10, 3));

        List<Received> received = deliver(reader, concat(first, foreign, after));

        assertThat(received).extracting(Received::result).containsExactly(10, RecordLayer.DROP_UNKNOWN_CID);
        assertThat(deliverOne(reader, after).result()).isEqualTo(10);
    }

    /** The one record of a datagram holding one. */
    static Received deliverOne(RecordLayer layer, byte[] datagram) {
        List<Received> received = deliver(layer, datagram);
        if (received.size() != 1) {
            throw new AssertionError("expected one record, got " + received);
        }
        return received.get(0);
    }
}
