package io.dtls4j.testing;

import io.dtls4j.crypto.RecordCipher;
import io.dtls4j.handshake.HandshakeFragmenter;
import io.dtls4j.handshake.HandshakeHeader;
import io.dtls4j.record.ContentType;
import io.dtls4j.record.ProtocolVersion;
import io.dtls4j.record.RecordHeader;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Takes datagrams apart into records and builds hand-made ones, for tests that feed engines crafted input. */
public final class Records {

    /** One record as it travels: header fields and the (possibly protected) fragment. */
    public record Record(int type, int version, int epoch, long sequence, byte[] fragment) {
        public byte[] encode() {
            byte[] out = new byte[RecordHeader.LENGTH + fragment.length];
            RecordHeader.write(out, 0, type, version, epoch, sequence, fragment.length);
            System.arraycopy(fragment, 0, out, RecordHeader.LENGTH, fragment.length);
            return out;
        }

        /** The same record with another sequence number. */
        public Record withSequence(long newSequence) {
            return new Record(type, version, epoch, newSequence, fragment);
        }

        /** For an epoch-0 handshake record: the handshake header of its first fragment. */
        public HandshakeHeader handshakeHeader() {
            if (type != ContentType.HANDSHAKE || epoch != 0 || fragment.length < HandshakeHeader.LENGTH) {
                throw new IllegalStateException("not a plaintext handshake record: " + this);
            }
            try {
                return HandshakeHeader.read(new io.dtls4j.wire.WireReader(fragment));
            } catch (io.dtls4j.wire.DecodeException e) {
                throw new IllegalStateException(e);
            }
        }

        /** For an epoch-0 handshake record holding one whole message: the message body. */
        public byte[] handshakeBody() {
            HandshakeHeader header = handshakeHeader();
            return Arrays.copyOfRange(fragment, HandshakeHeader.LENGTH, HandshakeHeader.LENGTH + header.fragmentLength());
        }

        @Override
        public String toString() {
            return "Record[type=" + type + ", epoch=" + epoch + ", seq=" + sequence + ", length=" + fragment.length + "]";
        }
    }

    private Records() {
    }

    /** Splits a well-formed datagram into its records; fails on a malformed one. */
    public static List<Record> parse(byte[] datagram) {
        List<Record> records = new ArrayList<>();
        int pos = 0;
        while (pos < datagram.length) {
            if (datagram.length - pos < RecordHeader.LENGTH) {
                throw new IllegalArgumentException("datagram ends inside a record header at " + pos);
            }
            int length = RecordHeader.length(datagram, pos);
            if (length > datagram.length - pos - RecordHeader.LENGTH) {
                throw new IllegalArgumentException("record at " + pos + " runs past the datagram");
            }
            records.add(new Record(RecordHeader.type(datagram, pos), RecordHeader.version(datagram, pos),
                    RecordHeader.epoch(datagram, pos), RecordHeader.sequence(datagram, pos),
                    Arrays.copyOfRange(datagram, pos + RecordHeader.LENGTH, pos + RecordHeader.LENGTH + length)));
            pos += RecordHeader.LENGTH + length;
        }
        return records;
    }

    /** The records of a datagram laid out one after another. */
    public static byte[] datagram(List<Record> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Record r : records) {
            out.writeBytes(r.encode());
        }
        return out.toByteArray();
    }

    public static byte[] datagram(Record... records) {
        return datagram(List.of(records));
    }

    /** An unprotected DTLS 1.2 record. */
    public static Record plaintext(int type, int epoch, long sequence, byte[] fragment) {
        return new Record(type, ProtocolVersion.DTLS_1_2, epoch, sequence, fragment.clone());
    }

    /** An epoch-0 handshake record carrying the whole message {@code body} as one fragment. */
    public static Record handshake(int messageType, int messageSeq, byte[] body, long recordSequence) {
        byte[] fragment = HandshakeFragmenter.fragment(messageType, messageSeq, body, HandshakeHeader.LENGTH + body.length + 1).get(0);
        return plaintext(ContentType.HANDSHAKE, 0, recordSequence, fragment);
    }

    /** An epoch-1 record of {@code type} with {@code plaintext}, protected under {@code cipher} (a write cipher). */
    public static Record sealed(RecordCipher cipher, int type, long sequence, byte[] plaintext) {
        byte[] fragment = new byte[plaintext.length + cipher.aead().expansion()];
        long epochSeq = (1L << 48) | sequence;
        int length = cipher.seal(epochSeq, type, ProtocolVersion.DTLS_1_2, plaintext, 0, plaintext.length, fragment, 0);
        if (length != fragment.length) {
            throw new IllegalStateException("sealed " + length + " bytes, expected " + fragment.length);
        }
        return new Record(type, ProtocolVersion.DTLS_1_2, 1, sequence, fragment);
    }

    /** The plaintext of an epoch-1 {@code record} opened with {@code cipher} (a read cipher), or null when it does not authenticate. */
    public static byte[] open(RecordCipher cipher, Record record) {
        byte[] fragment = record.fragment().clone();
        int length = cipher.open(((long) record.epoch() << 48) | record.sequence(), record.type(), record.version(),
                fragment, 0, fragment.length, fragment, 0);
        return length < 0 ? null : Arrays.copyOf(fragment, length);
    }

    /**
     * The handshake messages of a plaintext record that holds only whole (unfragmented) ones, as a
     * handshake transcript takes them (RFC 6347 §4.2.6); empty for any other record.
     */
    public static byte[] wholeMessages(Record record) {
        if (record.type() != ContentType.HANDSHAKE || record.epoch() != 0) {
            return new byte[0];
        }
        byte[] fragment = record.fragment();
        for (int off = 0; off < fragment.length; ) {
            int length = ((fragment[off + 1] & 0xFF) << 16) | ((fragment[off + 2] & 0xFF) << 8) | (fragment[off + 3] & 0xFF);
            int fragmentLength = ((fragment[off + 9] & 0xFF) << 16) | ((fragment[off + 10] & 0xFF) << 8) | (fragment[off + 11] & 0xFF);
            if (fragmentLength != length) {
                throw new IllegalArgumentException("a fragmented message in " + record);
            }
            off += HandshakeHeader.LENGTH + length;
        }
        return fragment;
    }

    /** The handshake message types of the epoch-0 handshake records in a datagram, in order. */
    public static List<Integer> plaintextHandshakeTypes(byte[] datagram) {
        List<Integer> types = new ArrayList<>();
        for (Record r : parse(datagram)) {
            if (r.type == ContentType.HANDSHAKE && r.epoch == 0) {
                types.add(r.handshakeHeader().type());
            }
        }
        return types;
    }
}
