package io.dtls4j.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starts small JVMs of {@link Child} (no benchmark): what the parent gets back, and how a child's failure shows. */
class ChildJvmTest {
    /** What the child JVMs of these tests run. */
    static final class Child {
        public static void main(String[] args) throws Exception {
            switch (args[0]) {
                case "answer" -> {
                    System.out.println("chatter");
                    System.out.println("@result\t42");
                }
                case "fail" -> System.exit(3);
                case "hang" -> Thread.sleep(60_000);
                default -> throw new IllegalArgumentException(args[0]);
            }
        }
    }

    @Test
    void theParentGetsTheChildsStdout() throws Exception {
        assertThat(ChildJvm.run("answer", Child.class.getName(), List.of("answer"), Duration.ofSeconds(60)))
                .containsExactly("chatter", "@result\t42");
    }

    @Test
    void aChildThatFailsFailsTheRun() {
        assertThatThrownBy(() -> ChildJvm.run("row x", Child.class.getName(), List.of("fail"), Duration.ofSeconds(60)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("row x failed").hasMessageContaining("status 3");
    }

    @Test
    void aChildThatOverrunsIsKilledAndFailsTheRun() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> ChildJvm.run("row y", Child.class.getName(), List.of("hang"), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("row y did not end within 2 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }
}
