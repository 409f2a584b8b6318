package io.dtls4j.cli;

import java.time.Duration;

/**
 * Range checks of numeric options, all worded the same way: the flag, the rule, and the value
 * given, e.g. {@code --timeout: must be positive, got 0s}. A failure is a usage error (exit 2).
 */
final class OptionChecks {
    private OptionChecks() {
    }

    /** A duration above zero: a timeout of 0 would fail before anything was sent. */
    static Duration positive(String flag, Duration value) throws CliException {
        if (value.isNegative() || value.isZero()) {
            throw new CliException(ExitCode.USAGE, flag + ": must be positive, got " + shortForm(value));
        }
        return value;
    }

    /** A count or size of at least {@code min}. */
    static int atLeast(String flag, int value, int min) throws CliException {
        if (value < min) {
            throw new CliException(ExitCode.USAGE, flag + ": must be at least " + min + ", got " + value);
        }
        return value;
    }

    /** A value in {@code min..max}; {@code why} (may be empty) says where the bounds come from. */
    static int within(String flag, int value, int min, int max, String why) throws CliException {
        if (value < min || value > max) {
            throw new CliException(ExitCode.USAGE, flag + ": must be " + min + ".." + max + why + ", got " + value);
        }
        return value;
    }

    /** The duration as it would be typed: {@code 0s}, {@code 500ms}. */
    static String shortForm(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
