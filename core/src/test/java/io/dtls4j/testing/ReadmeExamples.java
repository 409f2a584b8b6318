package io.dtls4j.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's Java examples are compiled test sources of the modules (package {@code example});
 * tests check that the README shows exactly those files, so what readers copy is what the build
 * compiles.
 */
public final class ReadmeExamples {
    private ReadmeExamples() {
    }

    /**
     * Asserts that the first Java block after the README heading {@code section} is the module's
     * {@code src/test/java/example/<className>.java} without its package line. Run from a module
     * directory (the README is one level up).
     */
    public static void assertReadmeShows(String section, String className) throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int at = readme.indexOf(section);
        assertThat(at).as("README section '" + section + "'").isNotNegative();
        int start = readme.indexOf("```java\n", at) + "```java\n".length();
        String shown = readme.substring(start, readme.indexOf("```\n", start));
        String compiled = Files.readString(Path.of("src", "test", "java", "example", className + ".java"))
                .replaceFirst("package example;\n\n", "");
        assertThat(shown).isEqualTo(compiled);
    }
}
