package io.dtls4j.cli;

import io.dtls4j.DtlsException;
import io.dtls4j.transport.DtlsClient;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Sends numbered records to an echo server and checks that each comes back unchanged. A window of
 * records is kept in flight; records not echoed within a second are sent again, since UDP may drop
 * them even on loopback.
 */
final class EchoExchange {
    /** Records in flight at once: small enough not to overrun socket buffers. */
    private static final int WINDOW = 16;
    private static final Duration RESEND_AFTER = Duration.ofSeconds(1);
    /** Consecutive silent waits before giving up on the server. */
    private static final int MAX_SILENT_WAITS = 10;

    /** What came back. */
    record Result(int records, int size, long resent, Duration elapsed) {
        /** Payload bytes sent one way. */
        long bytes() {
            return (long) records * size;
        }
    }

    private EchoExchange() {
    }

    /**
     * Sends {@code records} records of {@code size} bytes and waits for all their echoes.
     *
     * @throws CliException SOFTWARE when an echo differs from what was sent, TIMEOUT when the server stops answering
     */
    static Result run(DtlsClient client, int records, int size) throws CliException, IOException, DtlsException {
        OptionChecks.within("--size", size, Integer.BYTES, client.maxSendSize(),
                " (the bytes of one record in one datagram: see --mtu and --max-datagram-size)");
        Set<Integer> inFlight = new LinkedHashSet<>();
        BitSet echoed = new BitSet(records);
        int next = 0;
        int done = 0;
        long resent = 0;
        int silentWaits = 0;
        long start = System.nanoTime();
        while (done < records) {
            while (inFlight.size() < WINDOW && next < records) {
                client.send(payload(next, size));
                inFlight.add(next++);
            }
            byte[] echo = client.receive(RESEND_AFTER);
            if (echo == null) {
                if (++silentWaits > MAX_SILENT_WAITS) {
                    throw new CliException(ExitCode.TIMEOUT, "the echo server stopped answering after "
                            + done + " of " + records + " records");
                }
                for (int seq : inFlight) {
                    client.send(payload(seq, size));
                    resent++;
                }
                continue;
            }
            silentWaits = 0;
            int seq = sequence(echo);
            if (seq < 0 || seq >= next || !Arrays.equals(echo, payload(seq, size))) {
                throw new CliException(ExitCode.SOFTWARE, "an echoed record differs from the one sent (record "
                        + seq + ", " + echo.length + " bytes)");
            }
            if (!echoed.get(seq)) {
                echoed.set(seq);
                inFlight.remove(seq);
                done++;
            }
        }
        return new Result(records, size, resent, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Record {@code seq}: its number, big-endian, then bytes that depend on the number. */
    static byte[] payload(int seq, int size) {
        byte[] b = new byte[size];
        b[0] = (byte) (seq >>> 24);
        b[1] = (byte) (seq >>> 16);
        b[2] = (byte) (seq >>> 8);
        b[3] = (byte) seq;
        for (int i = Integer.BYTES; i < size; i++) {
            b[i] = (byte) (seq * 31 + i);
        }
        return b;
    }

    private static int sequence(byte[] echo) {
        if (echo.length < Integer.BYTES) {
            return -1;
        }
        return ((echo[0] & 0xff) << 24) | ((echo[1] & 0xff) << 16) | ((echo[2] & 0xff) << 8) | (echo[3] & 0xff);
    }
}
