package io.dtls4j.netty;

import io.dtls4j.engine.ApplicationDataHandler;
import io.dtls4j.engine.DtlsEngine;
import io.dtls4j.engine.DtlsEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCountUtil;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * What one {@link DtlsEngine#receive} produced, in the order the engine produced it: its events
 * and, for each application data record, a {@link ByteBuf} with the plaintext (copied once, out of
 * the datagram the engine decrypted in place). The handlers hand these on only after the engine
 * returned, so that nothing up the pipeline runs, or writes to the engine, inside {@code receive}.
 * One inbox serves every engine of a handler: it is the application data handler of each.
 */
final class EngineInbox implements ApplicationDataHandler {
    private final ArrayDeque<Object> items = new ArrayDeque<>();
    private ByteBufAllocator alloc;
    private DtlsEngine current;

    /** Makes {@code engine} deliver its application data here. */
    void attach(DtlsEngine engine) {
        engine.setApplicationDataHandler(this);
    }

    /** Feeds {@code datagram} to {@code engine}, then collects the events it queued. */
    void receive(DtlsEngine engine, ByteBuffer datagram, long now, ByteBufAllocator allocator) {
        current = engine;
        alloc = allocator;
        try {
            engine.receive(datagram, now);
            drainEvents();
        } finally {
            current = null;
        }
    }

    /** Collects the events {@code engine} queued outside {@code receive} (timeouts, close). */
    void collect(DtlsEngine engine) {
        current = engine;
        try {
            drainEvents();
        } finally {
            current = null;
        }
    }

    @Override
    public void onApplicationData(ByteBuffer data) {
        drainEvents(); // what the engine reported before this record comes before it
        ByteBuf copy = alloc.buffer(data.remaining());
        copy.writeBytes(data);
        items.add(copy);
    }

    private void drainEvents() {
        DtlsEvent event;
        while ((event = current.pollEvent()) != null) {
            items.add(event);
        }
    }

    /** The next item: a {@link DtlsEvent} or a {@link ByteBuf} of application data that the taker owns; null when empty. */
    Object poll() {
        return items.poll();
    }

    /** Drops everything still held, releasing the buffers. */
    void clear() {
        Object item;
        while ((item = items.poll()) != null) {
            ReferenceCountUtil.release(item);
        }
    }
}
