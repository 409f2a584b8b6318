package io.dtls4j.handshake.message;

import io.dtls4j.AlertDescription;
import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;
import io.dtls4j.wire.WireWriter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An ordered, immutable list of hello extensions (RFC 5246 §7.4.1.4). */
public final class Extensions {
    private static final Extensions EMPTY = new Extensions(List.of());

    /** One extension: its type and opaque data. */
    public record Extension(int type, byte[] data) {
    }

    private final List<Extension> list;

    private Extensions(List<Extension> list) {
        this.list = list;
    }

    public static Extensions empty() {
        return EMPTY;
    }

    /** A copy with {@code type} added at the end (or replaced where it already is). */
    public Extensions with(int type, byte[] data) {
        List<Extension> copy = new ArrayList<>(list.size() + 1);
        boolean replaced = false;
        for (Extension e : list) {
            if (e.type() == type) {
                copy.add(new Extension(type, data.clone()));
                replaced = true;
            } else {
                copy.add(e);
            }
        }
        if (!replaced) {
            copy.add(new Extension(type, data.clone()));
        }
        return new Extensions(Collections.unmodifiableList(copy));
    }

    /** The data of {@code type}, or null when absent. */
    public byte[] get(int type) {
        for (Extension e : list) {
            if (e.type() == type) {
                return e.data().clone();
            }
        }
        return null;
    }

    public boolean has(int type) {
        for (Extension e : list) {
            if (e.type() == type) {
                return true;
            }
        }
        return false;
    }

    public int[] types() {
        return list.stream().mapToInt(Extension::type).toArray();
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    /** Writes the extensions block; nothing at all when there are none. */
    public void write(WireWriter w) {
        if (list.isEmpty()) {
            return;
        }
        int mark = w.startLength16();
        for (Extension e : list) {
            w.u16(e.type()).vector16(e.data());
        }
        w.endLength16(mark);
    }

    /** Reads the extensions block at the end of a hello; an absent block means none. */
    public static Extensions read(WireReader r) throws DecodeException {
        if (r.remaining() == 0) {
            return EMPTY;
        }
        WireReader block = r.sub16();
        List<Extension> list = new ArrayList<>();
        while (block.remaining() > 0) {
            int type = block.u16();
            byte[] data = block.vector16();
            for (Extension e : list) {
                if (e.type() == type) {
                    // RFC 5246 §7.4.1.4: no more than one extension of the same type
                    throw new DecodeException(AlertDescription.ILLEGAL_PARAMETER, "extension " + type + " appears twice");
                }
            }
            list.add(new Extension(type, data));
        }
        return new Extensions(Collections.unmodifiableList(list));
    }
}
