package io.dtls4j.cli;

import io.dtls4j.credentials.PeerContext;
import io.dtls4j.credentials.PeerVerifier;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WallClockVerifierTest {

    @Test
    void theWrappedVerifierSeesTheWallClockAndEverythingElseUnchanged() throws Exception {
        List<PeerContext> seen = new ArrayList<>();
        PeerVerifier recording = (chain, context) -> seen.add(context);
        WallClockVerifier.wrap(recording, () -> 1_795_000_000_000L)
                .verify(List.of(), new PeerContext(true, "example.com", 12_345L));
        assertThat(seen).containsExactly(new PeerContext(true, "example.com", 1_795_000_000_000L));
    }
}
