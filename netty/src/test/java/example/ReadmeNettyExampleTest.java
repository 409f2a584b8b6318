package example;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's Netty echo server is this module's {@link NettyEchoServer}, which the build compiles. */
class ReadmeNettyExampleTest {
    @Test
    void theReadmeShowsTheCompiledExample() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("## Netty echo server");
        assertThat(section).as("README section '## Netty echo server'").isNotNegative();
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        String shown = readme.substring(start, readme.indexOf("```\n", start));
        String compiled = Files.readString(Path.of("src", "test", "java", "example", "NettyEchoServer.java"))
                .replaceFirst("package example;\n\n", "");
        assertThat(shown).isEqualTo(compiled);
    }
}
