package io.dtls4j.handshake.message;

import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;
import io.dtls4j.wire.WireWriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * An ordered, immutable list of hello extensions (RFC 5246 §7.4.1.4):
 * {@code Extension extensions<0..2^16-1>}, each {@code extension_type(2) extension_data<0..2^16-1>}.
 * At most one extension of each type.
 */
public final class Extensions {

    /** One extension: its type and its extension_data (copied in and out). */
    public record Extension(int type, byte[] data) {
        public Extension {
            Vectors.checkU16(type, "extension type");
            data = Vectors.copy(data, 0, 0xFFFF, "extension_data");
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Extension e && e.type == type && Arrays.equals(e.data, data);
        }

        @Override
        public int hashCode() {
            return type * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return ExtensionType.name(type) + "=" + Vectors.hex(data);
        }
    }

    public static final Extensions EMPTY = new Extensions(List.of());

    private final List<Extension> list;

    private Extensions(List<Extension> list) {
        this.list = list;
    }

    /** Extensions in the given order; IllegalArgumentException on a repeated type or a block over 2^16-1 bytes. */
    public static Extensions of(List<Extension> extensions) {
        List<Extension> copy = List.copyOf(extensions);
        long size = 0;
        for (int i = 0; i < copy.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (copy.get(j).type() == copy.get(i).type()) {
                    throw new IllegalArgumentException("duplicate extension " + ExtensionType.name(copy.get(i).type()));
                }
            }
            size += 4 + copy.get(i).data.length;
        }
        if (size > 0xFFFF) {
            throw new IllegalArgumentException("extensions block of " + size + " bytes");
        }
        return new Extensions(copy);
    }

    /** These extensions with {@code type} set to {@code data}: replaced in place if present, appended otherwise. */
    public Extensions with(int type, byte[] data) {
        Extension e = new Extension(type, data);
        List<Extension> next = new ArrayList<>(list);
        int i = indexOf(type);
        if (i >= 0) {
            next.set(i, e);
        } else {
            next.add(e);
        }
        return of(next);
    }

    /** These extensions without {@code type}. */
    public Extensions without(int type) {
        int i = indexOf(type);
        if (i < 0) {
            return this;
        }
        List<Extension> next = new ArrayList<>(list);
        next.remove(i);
        return new Extensions(Collections.unmodifiableList(next));
    }

    private int indexOf(int type) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).type() == type) {
                return i;
            }
        }
        return -1;
    }

    /** The extension_data of {@code type} (a copy), or null when absent. */
    public byte[] get(int type) {
        int i = indexOf(type);
        return i < 0 ? null : list.get(i).data();
    }

    public boolean has(int type) {
        return indexOf(type) >= 0;
    }

    /** The extensions in wire order. */
    public List<Extension> list() {
        return list;
    }

    public int size() {
        return list.size();
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    /** Writes the block: 2-byte total length, then each extension. */
    public void write(WireWriter w) {
        int mark = w.startLength16();
        for (Extension e : list) {
            w.u16(e.type());
            w.vector16(e.data);
        }
        w.endLength16(mark);
    }

    /** Writes the block unless there are no extensions (hellos may omit an empty block, RFC 5246 §7.4.1.2). */
    void writeIfAny(WireWriter w) {
        if (!list.isEmpty()) {
            write(w);
        }
    }

    /** The block with its 2-byte length prefix. */
    public byte[] encode() {
        WireWriter w = new WireWriter();
        write(w);
        return w.toByteArray();
    }

    /** Decodes a whole block with its 2-byte length prefix; trailing bytes are DECODE_ERROR. */
    public static Extensions decode(byte[] block) throws DecodeException {
        WireReader r = new WireReader(block);
        Extensions e = read(r);
        r.expectEnd();
        return e;
    }

    /**
     * Reads a block with its 2-byte length prefix. A repeated type is ILLEGAL_PARAMETER
     * (RFC 5246 §7.4.1.4: "There MUST NOT be more than one extension of the same type").
     */
    public static Extensions read(WireReader r) throws DecodeException {
        WireReader block = r.sub16();
        List<Extension> out = new ArrayList<>();
        while (block.remaining() > 0) {
            int type = block.u16();
            byte[] data = block.vector16();
            for (Extension e : out) {
                if (e.type() == type) {
                    throw DecodeException.illegalParameter("duplicate extension " + ExtensionType.name(type));
                }
            }
            out.add(new Extension(type, data));
        }
        return new Extensions(Collections.unmodifiableList(out));
    }

    /** Reads the optional block at the end of a hello: no bytes left means no extensions. */
    static Extensions readOptional(WireReader r) throws DecodeException {
        return r.remaining() == 0 ? EMPTY : read(r);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Extensions e && e.list.equals(list);
    }

    @Override
    public int hashCode() {
        return list.hashCode();
    }

    @Override
    public String toString() {
        return list.toString();
    }
}
