package io.dtls4j.testing;

import io.dtls4j.handshake.HandshakeHeader;
import io.dtls4j.record.ContentType;
import io.dtls4j.record.RecordHeader;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded, structure-aware damage to DTLS datagrams for fuzzing: bit flips, truncation, record and
 * handshake length fields, record header fields, and records duplicated, dropped or reordered.
 */
public final class DatagramMutator {

    /** A damaged datagram and what was done to it. */
    public record Mutation(String description, byte[] bytes) {
    }

    /** The kinds of damage, chosen uniformly. */
    public enum Kind {
        BIT_FLIPS, TRUNCATION, RECORD_LENGTH, HANDSHAKE_FIELD, RECORD_HEADER_FIELD,
        DUPLICATE_RECORD, DROP_RECORD, SWAP_RECORDS, EXTRA_BYTES
    }

    private DatagramMutator() {
    }

    /** Applies one randomly chosen kind of damage. */
    public static Mutation mutate(byte[] datagram, Random random) {
        Kind[] kinds = Kind.values();
        return mutate(datagram, kinds[random.nextInt(kinds.length)], random);
    }

    /** Applies {@code kind} of damage; when it does not apply (no such field), flips bits instead. */
    public static Mutation mutate(byte[] datagram, Kind kind, Random random) {
        byte[] d = datagram.clone();
        List<int[]> records = recordBounds(d);
        switch (kind) {
            case TRUNCATION: {
                int length = d.length == 0 ? 0 : random.nextInt(d.length);
                return new Mutation("truncated to " + length + " of " + d.length, Arrays.copyOf(d, length));
            }
            case RECORD_LENGTH: {
                if (records.isEmpty()) {
                    break;
                }
                int[] r = records.get(random.nextInt(records.size()));
                int old = RecordHeader.length(d, r[0]);
                int[] choices = {0, old - 1, old + 1, 0xFFFF, random.nextInt(0x10000), old + RecordHeader.LENGTH};
                int value = choices[random.nextInt(choices.length)] & 0xFFFF;
                d[r[0] + 11] = (byte) (value >> 8);
                d[r[0] + 12] = (byte) value;
                return new Mutation("record at " + r[0] + " length " + old + " -> " + value, d);
            }
            case HANDSHAKE_FIELD: {
                List<int[]> handshakes = new ArrayList<>();
                for (int[] r : records) {
                    if (RecordHeader.type(d, r[0]) == ContentType.HANDSHAKE && RecordHeader.epoch(d, r[0]) == 0
                            && r[1] >= HandshakeHeader.LENGTH) {
                        handshakes.add(r);
                    }
                }
                if (handshakes.isEmpty()) {
                    break;
                }
                int[] r = handshakes.get(random.nextInt(handshakes.size()));
                int body = r[0] + RecordHeader.LENGTH;
                // msg_type(0) length(1..3) message_seq(4..5) fragment_offset(6..8) fragment_length(9..11)
                int[][] fields = {{0, 1}, {1, 3}, {4, 2}, {6, 3}, {9, 3}};
                String[] names = {"msg_type", "length", "message_seq", "fragment_offset", "fragment_length"};
                int f = random.nextInt(fields.length);
                int at = body + fields[f][0];
                int width = fields[f][1];
                long old = read(d, at, width);
                long max = (1L << (8 * width)) - 1;
                long[] choices = {0, old - 1, old + 1, max, random.nextLong() & max, old + 100};
                long value = choices[random.nextInt(choices.length)] & max;
                write(d, at, width, value);
                return new Mutation("handshake " + names[f] + " " + old + " -> " + value + " in record at " + r[0], d);
            }
            case RECORD_HEADER_FIELD: {
                if (records.isEmpty()) {
                    break;
                }
                int[] r = records.get(random.nextInt(records.size()));
                // type(0) version(1..2) epoch(3..4) sequence_number(5..10)
                int at = r[0] + random.nextInt(11);
                byte old = d[at];
                d[at] = (byte) random.nextInt(256);
                return new Mutation("record header byte " + (at - r[0]) + " " + (old & 0xFF) + " -> " + (d[at] & 0xFF), d);
            }
            case DUPLICATE_RECORD: {
                if (records.isEmpty()) {
                    break;
                }
                int i = random.nextInt(records.size());
                List<byte[]> parts = split(d, records);
                parts.add(random.nextInt(parts.size() + 1), parts.get(i).clone());
                return new Mutation("record " + i + " of " + records.size() + " duplicated", join(parts));
            }
            case DROP_RECORD: {
                if (records.size() < 2) {
                    break;
                }
                int i = random.nextInt(records.size());
                List<byte[]> parts = split(d, records);
                parts.remove(i);
                return new Mutation("record " + i + " of " + records.size() + " dropped", join(parts));
            }
            case SWAP_RECORDS: {
                if (records.size() < 2) {
                    break;
                }
                int i = random.nextInt(records.size() - 1);
                List<byte[]> parts = split(d, records);
                byte[] t = parts.get(i);
                parts.set(i, parts.get(i + 1));
                parts.set(i + 1, t);
                return new Mutation("records " + i + " and " + (i + 1) + " swapped", join(parts));
            }
            case EXTRA_BYTES: {
                byte[] extra = new byte[1 + random.nextInt(RecordHeader.LENGTH + 4)];
                random.nextBytes(extra);
                byte[] out = Arrays.copyOf(d, d.length + extra.length);
                System.arraycopy(extra, 0, out, d.length, extra.length);
                return new Mutation(extra.length + " random bytes appended", out);
            }
            default:
                break;
        }
        int flips = 1 + random.nextInt(4);
        StringBuilder where = new StringBuilder();
        for (int i = 0; i < flips && d.length > 0; i++) {
            int bit = random.nextInt(d.length * 8);
            d[bit / 8] ^= (byte) (1 << (bit % 8));
            where.append(' ').append(bit);
        }
        return new Mutation("bits flipped:" + where, d);
    }

    /** [offset, fragment length] of each whole record, as far as the datagram parses. */
    private static List<int[]> recordBounds(byte[] d) {
        List<int[]> bounds = new ArrayList<>();
        int pos = 0;
        while (d.length - pos >= RecordHeader.LENGTH) {
            int length = RecordHeader.length(d, pos);
            if (length > d.length - pos - RecordHeader.LENGTH) {
                break;
            }
            bounds.add(new int[] {pos, length});
            pos += RecordHeader.LENGTH + length;
        }
        return bounds;
    }

    /** The records as separate arrays; bytes after the last whole record become a final part. */
    private static List<byte[]> split(byte[] d, List<int[]> records) {
        List<byte[]> parts = new ArrayList<>();
        int end = 0;
        for (int[] r : records) {
            end = r[0] + RecordHeader.LENGTH + r[1];
            parts.add(Arrays.copyOfRange(d, r[0], end));
        }
        if (end < d.length) {
            parts.add(Arrays.copyOfRange(d, end, d.length));
        }
        return parts;
    }

    private static byte[] join(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static long read(byte[] d, int at, int width) {
        long v = 0;
        for (int i = 0; i < width; i++) {
            v = (v << 8) | (d[at + i] & 0xFF);
        }
        return v;
    }

    private static void write(byte[] d, int at, int width, long value) {
        for (int i = width - 1; i >= 0; i--) {
            d[at + i] = (byte) value;
            value >>>= 8;
        }
    }
}
