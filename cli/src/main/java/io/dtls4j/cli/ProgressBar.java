package io.dtls4j.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on stderr for {@code dtls bench}, and the live status line of
 * {@code dtls server}. On a terminal the line is redrawn in place with a carriage return (at most ten
 * times a second); elsewhere (a pipe, a log file, a dumb terminal) only finished lines are written,
 * never a carriage return, and the status line not at all.
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
    /** The status line on screen now, or "" when none is shown. */
    private String status = "";

    ProgressBar(PrintWriter err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    /**
     * True when stderr is a terminal that understands a carriage return: there is a console and
     * {@code TERM} is not {@code dumb} (what Emacs shells and some CI logs set).
     */
    static boolean interactive(boolean console, String term) {
        return console && !"dumb".equals(term);
    }

    /** {@link #interactive(boolean, String)} for this process. */
    static boolean interactive() {
        return interactive(System.console() != null, System.getenv("TERM"));
    }

    /** Whether lines are redrawn in place. */
    boolean isInteractive() {
        return interactive;
    }

    /**
     * Shows {@code text} as the status line, in place of the previous one (terminal only). Lines
     * printed meanwhile go through {@link #println(String)}, which keeps the status below them.
     */
    void status(String text) {
        if (!interactive) {
            return;
        }
        synchronized (err) {
            err.print('\r' + padded(text));
            err.flush();
            status = text;
        }
    }

    /** Prints a plain line; on a terminal the status line is wiped first and drawn again after it. */
    void println(String line) {
        synchronized (err) {
            if (!status.isEmpty()) {
                err.print('\r' + " ".repeat(status.length()) + '\r');
            }
            err.println(line);
            if (!status.isEmpty()) {
                err.print(status);
            }
            err.flush();
        }
    }

    /** Removes the status line for good, leaving the cursor at the start of an empty line. */
    void clearStatus() {
        synchronized (err) {
            if (!status.isEmpty()) {
                err.print('\r' + " ".repeat(status.length()) + '\r');
                err.flush();
                status = "";
            }
        }
    }

    /** {@code text} with spaces after it to cover what remains of a longer previous status. */
    private String padded(String text) {
        return text.length() >= status.length() ? text : text + " ".repeat(status.length() - text.length());
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
