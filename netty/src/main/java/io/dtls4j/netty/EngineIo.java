package io.dtls4j.netty;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.engine.DtlsEngine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** What both handlers do between a {@link ByteBuf} and an engine, with at most one copy each way. */
final class EngineIo {
    /** The largest datagram worth reading: one record of the largest ciphertext (RFC 5246 §6.2.3). */
    static final int MAX_DATAGRAM = DtlsEngine.MAX_RECORD_SIZE;

    private EngineIo() {
    }

    /** The engines' time: a monotonic millisecond count. */
    static long nowMillis() {
        return System.nanoTime() / 1_000_000L;
    }

    /** A heap buffer that holds any datagram worth reading: where direct datagrams are copied for the engine. */
    static ByteBuffer newScratch() {
        return ByteBuffer.allocate(MAX_DATAGRAM);
    }

    /**
     * The readable bytes of {@code datagram} as a writable heap {@link ByteBuffer} for
     * {@link DtlsEngine#receive} (which decrypts in place): the buffer's own memory when it is one heap
     * array, else one copy into {@code scratch}. The caller has checked the size against
     * {@link #MAX_DATAGRAM}; the result is valid until the next call or until {@code datagram} is released.
     */
    static ByteBuffer view(ByteBuf datagram, ByteBuffer scratch) {
        int n = datagram.readableBytes();
        if (datagram.hasArray() && datagram.nioBufferCount() == 1) {
            ByteBuffer nio = datagram.nioBuffer(datagram.readerIndex(), n);
            if (nio.hasArray() && !nio.isReadOnly()) {
                return nio;
            }
        }
        scratch.clear();
        datagram.getBytes(datagram.readerIndex(), scratch.limit(n));
        return scratch.flip();
    }

    /**
     * Seals {@code data} as one application data record into a new heap buffer from {@code alloc}
     * ({@link DtlsEngine#seal} writes straight into its array). The engine reads {@code data} in place
     * when it is a heap buffer and copies it once otherwise.
     *
     * @throws IllegalStateException    when the engine is not connected
     * @throws IllegalArgumentException when {@code data} does not fit in one record
     */
    static ByteBuf seal(DtlsEngine engine, DtlsConfig config, ByteBuf data, ByteBufAllocator alloc, long now) {
        int len = data.readableBytes();
        int max = engine.maxApplicationDataSize();
        if (len > max) {
            throw new IllegalArgumentException("payload of " + len + " bytes exceeds one record (" + max + ")");
        }
        // maxApplicationDataSize is min(2^14, mtu - expansion): mtu - max is at least the record's expansion
        int room = len + Math.max(0, config.mtu() - max);
        ByteBuf out = alloc.heapBuffer(room);
        if (!out.hasArray()) { // an allocator whose heap buffers have no array: the engine needs one
            out.release();
            out = Unpooled.buffer(room);
        }
        try {
            ByteBuffer target = out.nioBuffer(out.writerIndex(), out.writableBytes());
            ByteBuffer source = data.nioBufferCount() == 1 ? data.nioBuffer() : ByteBuffer.wrap(ByteBufUtil.getBytes(data));
            int written = engine.seal(source, target, now);
            out.writerIndex(out.writerIndex() + written);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }
}
