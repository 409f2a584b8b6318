package io.dtls4j.cli;

import io.dtls4j.DtlsException;
import io.dtls4j.transport.DtlsTimeoutException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What {@code dtls server} says about its run: a live status line while it serves, and a summary
 * when it stops (Ctrl-C or {@code --naccept}): sessions, handshakes completed and failed, failures
 * by reason (the alert, and who sent it), bytes in and out.
 */
final class ServerSummary {
    private final Map<String, LongAdder> handshakeFailures = new ConcurrentHashMap<>();

    /** Counts one failed handshake under its reason. Called on the server's event loop threads. */
    void handshakeFailed(DtlsException cause) {
        handshakeFailures.computeIfAbsent(reason(cause), r -> new LongAdder()).increment();
    }

    /** The failed handshakes so far by reason, reasons in alphabetical order. */
    Map<String, Long> handshakeFailures() {
        Map<String, Long> copy = new TreeMap<>();
        handshakeFailures.forEach((reason, count) -> copy.put(reason, count.sum()));
        return copy;
    }

    /**
     * Why a handshake failed, as the summary counts it: the alert as the RFCs spell it and who sent
     * it, or {@code timeout} when the peer stopped answering.
     */
    static String reason(DtlsException cause) {
        if (cause.alert() == null) {
            return cause instanceof DtlsTimeoutException ? "timeout" : "no alert";
        }
        return Failures.alertName(cause.alert()) + (cause.alertFromPeer() ? " (from peer)" : " (sent)");
    }

    /** The live status line: {@code 2 connected | 5 handshakes, 1 failed | in 1.2 KB, out 1.1 KB}. */
    static String statusLine(ServerTotals stats) {
        return String.format(Locale.ROOT, "%d connected | %d handshakes, %d failed | in %s, out %s",
                stats.sessions(), stats.handshakesCompleted(), stats.handshakesFailed(), bytes(stats.bytesIn()),
                bytes(stats.bytesOut()));
    }

    /**
     * The summary lines: one with the totals, and one with the failed handshakes by reason when any
     * failed (the reasons counted here; what the server counted without a listener call, such as a
     * handshake dropped at shutdown, shows as "other").
     */
    List<String> lines(ServerTotals stats) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "summary: %d handshakes completed, %d failed; sessions %d closed, "
                        + "%d failed, %d open; %d bytes in, %d bytes out", stats.handshakesCompleted(),
                stats.handshakesFailed(), stats.sessionsClosed(), stats.sessionsFailed(), stats.sessions(),
                stats.bytesIn(), stats.bytesOut()));
        Map<String, Long> reasons = handshakeFailures();
        long counted = reasons.values().stream().mapToLong(Long::longValue).sum();
        if (stats.handshakesFailed() > counted) {
            reasons.put("other", stats.handshakesFailed() - counted);
        }
        if (!reasons.isEmpty()) {
            List<String> parts = new ArrayList<>();
            reasons.forEach((reason, count) -> parts.add(count + " " + reason));
            lines.add("handshakes failed: " + String.join(", ", parts));
        }
        return lines;
    }

    /** Bytes for a person: {@code 512 B}, {@code 1.5 KB}, {@code 12.0 MB} (powers of 1024). */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = n;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
