package io.dtls4j.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a measured phase cost this JVM in CPU time (all its threads: client, server, JIT, GC) and how
 * much of the machine the hypervisor took meanwhile (Linux's steal time from /proc/stat). On a shared
 * virtual machine the rates move with the neighbours' load; CPU time per operation moves much less,
 * and the steal says how disturbed a row was.
 *
 * @param processCpuNanos this JVM's CPU time over the phase; -1 where the JVM does not report it
 * @param steal           the machine's steal time as a fraction of its CPU time over the phase; NaN where unknown
 */
record CpuUse(long processCpuNanos, double steal) {
    /** A point to measure from. */
    record Mark(long processCpuNanos, long[] machine) {
        /** The use from this mark until now. */
        CpuUse until() {
            Mark now = now();
            long cpu = processCpuNanos < 0 || now.processCpuNanos < 0 ? -1 : now.processCpuNanos - processCpuNanos;
            return new CpuUse(cpu, stealBetween(machine, now.machine));
        }
    }

    static Mark now() {
        return new Mark(readProcessCpuNanos(), readProcStat());
    }

    /** Milliseconds of this JVM's CPU per operation, or NaN where unknown. */
    double millisPerOperation(long operations) {
        return processCpuNanos < 0 || operations <= 0 ? Double.NaN : processCpuNanos / 1e6 / operations;
    }

    private static long readProcessCpuNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /** The aggregate "cpu" line of /proc/stat as numbers, or null where there is none. */
    private static long[] readProcStat() {
        try {
            return parseCpuLine(Files.readAllLines(Path.of("/proc/stat")).get(0));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The times of a /proc/stat "cpu" line (user nice system idle iowait irq softirq steal ...), or
     * null when it is not one.
     */
    static long[] parseCpuLine(String line) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 9 || !f[0].equals("cpu")) {
            return null;
        }
        long[] times = new long[8];
        for (int i = 0; i < times.length; i++) {
            times[i] = Long.parseLong(f[i + 1]);
        }
        return times;
    }

    /** Steal (the 8th time) as a fraction of all eight between two readings; NaN when either is missing or no time passed. */
    static double stealBetween(long[] before, long[] after) {
        if (before == null || after == null) {
            return Double.NaN;
        }
        long total = 0;
        for (int i = 0; i < 8; i++) {
            total += after[i] - before[i];
        }
        return total <= 0 ? Double.NaN : (double) (after[7] - before[7]) / total;
    }
}
