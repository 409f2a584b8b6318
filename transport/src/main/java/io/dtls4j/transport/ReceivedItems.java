package io.dtls4j.transport;

import io.dtls4j.engine.ApplicationDataHandler;
import io.dtls4j.engine.DtlsEngine;
import io.dtls4j.engine.DtlsEvent;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * What one {@link DtlsEngine#receive} produced, in the order the engine produced it: its events and
 * the plaintext of its application data records. The plaintext is copied into one arena that the
 * loop reuses, so a record costs a copy but no allocation once the arena has grown to the largest
 * datagram's plaintext (which is never larger than the datagram). The loop hands the items on only
 * after {@code receive} returned: nothing the application does in a listener (send, close) runs
 * inside the engine, and a connection-ID move is made before anything is answered.
 *
 * <p>One instance per event loop is the application data handler of every engine of that loop;
 * only the loop thread uses it, and it is emptied after each datagram.
 */
final class ReceivedItems implements ApplicationDataHandler {
    private static final int INITIAL_ARENA = 2048;

    /** Events in order; null stands for the next application data record. */
    private final ArrayList<DtlsEvent> items = new ArrayList<>();
    private int[] starts = new int[8];
    private int[] lengths = new int[8];
    private int records;
    private byte[] arena = new byte[INITIAL_ARENA];
    private int used;
    /** The view handed out for each record, repositioned each time; remade when the arena grows. */
    private ByteBuffer view = ByteBuffer.wrap(arena).asReadOnlyBuffer();
    /** The engine being fed; null outside {@link #collecting}. */
    private DtlsEngine engine;

    /** Makes {@code engine} deliver its application data here (for the engine's whole life). */
    void attach(DtlsEngine engine) {
        engine.setApplicationDataHandler(this);
    }

    /** Marks {@code engine} as the one whose receive comes next. */
    void collecting(DtlsEngine engine) {
        this.engine = engine;
    }

    @Override
    public void onApplicationData(ByteBuffer data) {
        if (engine != null) {
            takeEvents(); // what the engine reported before this record comes before it
        }
        int n = data.remaining();
        if (used + n > arena.length) {
            byte[] bigger = new byte[Math.max(arena.length * 2, used + n)];
            System.arraycopy(arena, 0, bigger, 0, used);
            arena = bigger;
            view = ByteBuffer.wrap(arena).asReadOnlyBuffer();
        }
        data.get(arena, used, n);
        if (records == starts.length) {
            starts = Arrays.copyOf(starts, records * 2);
            lengths = Arrays.copyOf(lengths, records * 2);
        }
        starts[records] = used;
        lengths[records] = n;
        records++;
        used += n;
        items.add(null);
    }

    /** Appends the events the engine queued so far, after the records before them. */
    void takeEvents() {
        DtlsEvent event;
        while ((event = engine.pollEvent()) != null) {
            items.add(event);
        }
    }

    int size() {
        return items.size();
    }

    /** The {@code i}th item's event, or null when it is an application data record. */
    DtlsEvent event(int i) {
        return items.get(i);
    }

    /**
     * The plaintext of the {@code k}th record (counting records only) as a read-only view, valid
     * until the next call or {@link #clear()}.
     */
    ByteBuffer record(int k) {
        view.limit(starts[k] + lengths[k]).position(starts[k]);
        return view;
    }

    /** Forgets everything held (the arena's bytes stay until overwritten; they are only plaintext already delivered). */
    void clear() {
        items.clear();
        records = 0;
        used = 0;
        engine = null;
    }
}
