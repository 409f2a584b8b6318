package io.dtls4j.cli;

import io.dtls4j.config.NamedGroup;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupNamesTest {
    private final GroupNames names = new GroupNames();

    @Test
    void readsOpenSslAndIanaSpellingsInAnyCase() {
        assertThat(names.convert("x25519")).isEqualTo(NamedGroup.X25519);
        assertThat(names.convert("P-256")).isEqualTo(NamedGroup.SECP256R1);
        assertThat(names.convert("prime256v1")).isEqualTo(NamedGroup.SECP256R1);
        assertThat(names.convert("SECP256R1")).isEqualTo(NamedGroup.SECP256R1);
        assertThat(names.convert("p-384")).isEqualTo(NamedGroup.SECP384R1);
        assertThat(names.convert("secp384r1")).isEqualTo(NamedGroup.SECP384R1);
        assertThat(names.convert("P-521")).isEqualTo(NamedGroup.SECP521R1);
        assertThat(names.convert("secp521r1")).isEqualTo(NamedGroup.SECP521R1);
    }

    @Test
    void displayNamesReadBackToTheSameGroup() {
        for (NamedGroup group : NamedGroup.values()) {
            assertThat(names.convert(GroupNames.displayName(group))).isEqualTo(group);
        }
    }

    @Test
    void rejectsAnUnknownGroupAndListsTheSupportedOnes() {
        assertThatThrownBy(() -> names.convert("X448"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("unknown group 'X448'; supported: X25519:P-256:P-384:P-521");
    }
}
