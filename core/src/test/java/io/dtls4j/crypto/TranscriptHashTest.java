package io.dtls4j.crypto;

import io.dtls4j.config.CipherSuite.PrfHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.security.MessageDigest;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TranscriptHashTest {
    private static byte[] bytes(int length, int seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    @ParameterizedTest
    @EnumSource(PrfHash.class)
    void bufferedThenSelectedEqualsTheDigestOfEverything(PrfHash hash) throws Exception {
        byte[] clientHello = bytes(700, 1);
        byte[] serverHello = bytes(90, 2);
        byte[] certificate = bytes(1500, 3);
        byte[] container = bytes(50, 4);
        TranscriptHash transcript = new TranscriptHash();
        transcript.update(clientHello);
        transcript.update(serverHello);
        transcript.selectHash(hash);
        transcript.update(certificate);
        transcript.update(container, 10, 30);

        MessageDigest direct = MessageDigest.getInstance(hash.digestAlgorithm);
        direct.update(clientHello);
        direct.update(serverHello);
        direct.update(certificate);
        direct.update(container, 10, 30);
        assertThat(transcript.current()).isEqualTo(direct.digest());
    }

    @Test
    void currentDoesNotDisturbTheRunningDigest() throws Exception {
        byte[] first = bytes(100, 5);
        byte[] second = bytes(100, 6);
        TranscriptHash transcript = new TranscriptHash();
        transcript.update(first);
        transcript.selectHash(PrfHash.SHA256);
        byte[] afterFirst = transcript.current();
        assertThat(transcript.current()).isEqualTo(afterFirst);
        transcript.update(second);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        assertThat(afterFirst).isEqualTo(sha256.digest(first));
        sha256.update(first);
        sha256.update(second);
        assertThat(transcript.current()).isEqualTo(sha256.digest());
    }

    @Test
    void bytesAreAvailableOnlyBeforeTheHashIsChosen() {
        TranscriptHash transcript = new TranscriptHash();
        byte[] hello = bytes(2000, 7);
        transcript.update(hello, 0, 1000);
        transcript.update(hello, 1000, 1000);
        assertThat(transcript.bytes()).isEqualTo(hello);
        assertThat(transcript.hashSelected()).isFalse();
        assertThatThrownBy(transcript::current).isInstanceOf(IllegalStateException.class);
        transcript.selectHash(PrfHash.SHA384);
        assertThat(transcript.hashSelected()).isTrue();
        assertThatThrownBy(transcript::bytes).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> transcript.selectHash(PrfHash.SHA256)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theBufferIsBoundedBeforeTheHashIsChosen() {
        TranscriptHash transcript = new TranscriptHash();
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < TranscriptHash.MAX_BUFFERED / chunk.length; i++) {
            transcript.update(chunk);
        }
        assertThatThrownBy(() -> transcript.update(new byte[1])).isInstanceOf(IllegalStateException.class);
        // once chosen, the digest takes any amount
        transcript.selectHash(PrfHash.SHA256);
        transcript.update(chunk);
        assertThat(transcript.current()).hasSize(32);
    }

    @Test
    void emptyTranscriptHashesTheEmptyString() throws Exception {
        TranscriptHash transcript = new TranscriptHash();
        transcript.selectHash(PrfHash.SHA256);
        assertThat(transcript.current()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(new byte[0]));
    }
}
