package io.dtls4j.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on stderr for {@code dtls bench}. On a terminal the line is redrawn in
 * place (at most ten times a second); elsewhere (a pipe, a log file) only the finished line is written.
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    /** A bar that draws nothing. */
    static final ProgressBar NONE = new ProgressBar(null, false);

    private final PrintWriter err;
    private final boolean interactive;
    private String label = "";
    private long lastDraw;

    ProgressBar(PrintWriter err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    /** Starts a new task at 0%. */
    void start(String label) {
        this.label = label;
        this.lastDraw = 0;
        update(0);
    }

    /** Shows {@code fraction} (0..1) of the task done; cheap to call often. */
    void update(double fraction) {
        if (!interactive) {
            return;
        }
        long now = System.nanoTime();
        if (lastDraw != 0 && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        err.print('\r' + line(fraction));
        err.flush();
    }

    /** Ends the task with a full bar and {@code result} after it. */
    void finish(String result) {
        if (err == null) {
            return;
        }
        err.print((interactive ? "\r" : "") + line(1) + "  " + result + System.lineSeparator());
        err.flush();
    }

    /** The bar text: {@code label [#######.......]  45%}. */
    String line(double fraction) {
        double f = Math.max(0, Math.min(1, fraction));
        int filled = (int) Math.round(f * WIDTH);
        return String.format(Locale.ROOT, "%-32s [%s%s] %3d%%", label, "#".repeat(filled), ".".repeat(WIDTH - filled),
                Math.round(f * 100));
    }
}
