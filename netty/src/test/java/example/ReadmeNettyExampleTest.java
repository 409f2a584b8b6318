package example;

import io.dtls4j.testing.ReadmeExamples;
import org.junit.jupiter.api.Test;

/** The README's Netty echo server is this module's {@link NettyEchoServer}, which the build compiles. */
class ReadmeNettyExampleTest {
    @Test
    void theReadmeShowsTheCompiledExample() throws Exception {
        ReadmeExamples.assertReadmeShows("## Netty echo server", "NettyEchoServer");
    }
}
