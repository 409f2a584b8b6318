package io.dtls4j.cli;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One measurement of {@code dtls bench}: how many operations completed in how long.
 *
 * @param test      what was measured, e.g. "full handshakes"
 * @param transport "in memory" or "UDP loopback"
 * @param count     operations completed
 * @param elapsed   the time they took
 * @param bytes     application bytes moved (records), 0 for handshakes
 * @param note      extra words (loss), or empty
 */
record BenchResult(String test, String transport, long count, Duration elapsed, long bytes, String note) {

    double perSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds == 0 ? 0 : count / seconds;
    }

    /** The final table: one row per measurement, with a header. */
    static String table(List<BenchResult> results) {
        StringBuilder sb = new StringBuilder();
        String format = "%-20s %-13s %10s %8s %12s  %s%n";
        sb.append(String.format(Locale.ROOT, format, "test", "transport", "count", "seconds", "per second", "throughput"));
        for (BenchResult r : results) {
            String throughput = r.bytes == 0 ? ""
                    : String.format(Locale.ROOT, "%.1f MB/s", r.bytes / (r.elapsed.toNanos() / 1e9) / 1e6);
            if (!r.note.isEmpty()) {
                throughput = throughput.isEmpty() ? r.note : throughput + " " + r.note;
            }
            sb.append(String.format(Locale.ROOT, format, r.test, r.transport, r.count,
                    String.format(Locale.ROOT, "%.2f", r.elapsed.toNanos() / 1e9),
                    String.format(Locale.ROOT, "%.0f", r.perSecond()), throughput));
        }
        return sb.toString();
    }
}
