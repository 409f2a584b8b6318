package io.dtls4j.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dependencies between the classes or packages of a compiled module, as the JDK's own
 * {@code jdeps} reports them (run in-process through {@link ToolProvider}): what architecture tests
 * check rules against, without a library of their own.
 */
public final class Dependencies {
    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+.*$");

    /** One "from depends on to" edge between two classes or packages. */
    public record Edge(String from, String to) {
        @Override
        public String toString() {
            return from + " -> " + to;
        }
    }

    private Dependencies() {
    }

    /** The directory or jar that {@code type} was loaded from: the compiled module under test. */
    public static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Package-level edges within {@code prefix} (e.g. "io.dtls4j") of the classes at {@code location}. */
    public static List<Edge> packages(Path location, String prefix) {
        return run("-verbose:package", location, prefix);
    }

    /** Class-level edges within {@code prefix} of the classes at {@code location}. */
    public static List<Edge> classes(Path location, String prefix) {
        return run("-verbose:class", location, prefix);
    }

    /**
     * The jars, and the compiled module directories, of this JVM's class and module paths other than
     * {@code location} itself (a plain directory of classes is no module and would stop jdeps).
     */
    private static String libraries(Path location) {
        List<String> jars = new ArrayList<>();
        for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
            String value = System.getProperty(property, "");
            for (String entry : value.split(java.io.File.pathSeparator)) {
                boolean library = entry.endsWith(".jar") || Files.isRegularFile(Path.of(entry, "module-info.class"));
                if (!entry.isEmpty() && library && !Path.of(entry).equals(location)) {
                    jars.add(entry);
                }
            }
        }
        return String.join(java.io.File.pathSeparator, jars);
    }

    private static List<Edge> run(String verbosity, Path location, String prefix) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new IllegalStateException("this JDK has no jdeps tool"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // a module's descriptor names the modules it requires: jdeps must find them among the test's libraries
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(err), "--multi-release", "17",
                "--module-path", libraries(location), verbosity, "-filter:none",
                "-include", Pattern.quote(prefix) + ".*", location.toString());
        if (status != 0) {
            throw new IllegalStateException("jdeps failed (" + status + "): " + err);
        }
        List<Edge> edges = new ArrayList<>();
        for (String line : out.toString().split("\\R")) {
            Matcher m = EDGE.matcher(line);
            if (m.matches() && m.group(2).startsWith(prefix) && !m.group(1).equals(m.group(2))) {
                edges.add(new Edge(m.group(1), m.group(2)));
            }
        }
        if (edges.isEmpty()) {
            throw new IllegalStateException("jdeps found no dependencies in " + location + ": " + out);
        }
        return edges;
    }
}
