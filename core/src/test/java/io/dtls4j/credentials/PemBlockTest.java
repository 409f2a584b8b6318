package io.dtls4j.credentials;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PemBlockTest {
    private static final String SOURCE = "test.pem";

    @Test
    void encodesIn64CharacterLinesAndDecodesBack() throws Exception {
        byte[] der = new byte[100];
        for (int i = 0; i < der.length; i++) {
            der[i] = (byte) i;
        }
        String text = new PemBlock("CERTIFICATE", der).encode();
        String[] lines = text.split("\n");
        assertThat(lines[0]).isEqualTo("-----BEGIN CERTIFICATE-----");
        assertThat(lines[1]).hasSize(64);
        assertThat(lines[2]).hasSize(64);
        assertThat(lines[3]).hasSize(136 - 128); // 100 bytes are 136 base64 characters
        assertThat(lines[4]).isEqualTo("-----END CERTIFICATE-----");

        List<PemBlock> decoded = PemBlock.decodeAll(text, SOURCE);
        assertThat(decoded).hasSize(1);
        assertThat(decoded.get(0).label()).isEqualTo("CERTIFICATE");
        assertThat(decoded.get(0).der()).isEqualTo(der);
        assertThat(decoded.get(0).line()).isEqualTo(1);
    }

    @Test
    void skipsTextOutsideBlocksAndReadsCrLfAndHeaders() throws Exception {
        String text = "Bag Attributes\r\n    friendlyName: x\r\n-----BEGIN RSA PRIVATE KEY-----\r\n"
                + "Proc-Type: 4,ENCRYPTED\r\nDEK-Info: AES-256-CBC,00112233445566778899AABBCCDDEEFF\r\n\r\n"
                + "AQID\r\n-----END RSA PRIVATE KEY-----\r\ntrailer\r\n-----BEGIN X-----\nBA==\n-----END X-----";
        List<PemBlock> blocks = PemBlock.decodeAll(text, SOURCE);
        assertThat(blocks).hasSize(2);
        assertThat(blocks.get(0).headers()).containsEntry("Proc-Type", "4,ENCRYPTED")
                .containsEntry("DEK-Info", "AES-256-CBC,00112233445566778899AABBCCDDEEFF");
        assertThat(blocks.get(0).der()).containsExactly(1, 2, 3);
        assertThat(blocks.get(0).line()).isEqualTo(3);
        assertThat(blocks.get(1).label()).isEqualTo("X");
        assertThat(blocks.get(1).der()).containsExactly(4);
    }

    @Test
    void findsNoBlockInPlainText() throws Exception {
        assertThat(PemBlock.decodeAll("hello\nworld\n", SOURCE)).isEmpty();
    }

    @Test
    void rejectsBlockWithoutEndLine() {
        CredentialException e = catchThrowableOfType(() -> PemBlock.decodeAll(
                "-----BEGIN CERTIFICATE-----\nAQID\n", SOURCE), CredentialException.class);
        assertThat(e.getMessage()).isEqualTo("test.pem: BEGIN CERTIFICATE at line 1 has no matching END line "
                + "(file truncated?)");
    }

    @Test
    void rejectsBlockInterruptedByAnotherBegin() {
        CredentialException e = catchThrowableOfType(() -> PemBlock.decodeAll(
                "-----BEGIN CERTIFICATE-----\nAQID\n-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----\n",
                SOURCE), CredentialException.class);
        assertThat(e.problem()).startsWith("BEGIN CERTIFICATE at line 1 has no matching END line");
    }

    @Test
    void rejectsEndLineWithAnotherLabel() {
        CredentialException e = catchThrowableOfType(() -> PemBlock.decodeAll(
                "-----BEGIN CERTIFICATE-----\nAQID\n-----END PRIVATE KEY-----\n", SOURCE), CredentialException.class);
        assertThat(e.problem()).isEqualTo("line 3: END line does not match BEGIN CERTIFICATE at line 1");
    }

    @Test
    void rejectsInvalidBase64() {
        CredentialException e = catchThrowableOfType(() -> PemBlock.decodeAll(
                "-----BEGIN CERTIFICATE-----\nAQ!D\n-----END CERTIFICATE-----\n", SOURCE), CredentialException.class);
        assertThat(e.problem()).isEqualTo("CERTIFICATE block at line 1 is not valid base64");
    }

    @Test
    void rejectsEmptyBlock() {
        CredentialException e = catchThrowableOfType(() -> PemBlock.decodeAll(
                "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n", SOURCE), CredentialException.class);
        assertThat(e.problem()).isEqualTo("CERTIFICATE block at line 1 is empty");
    }

    @Test
    void rejectsMalformedBeginLine() {
        CredentialException e = catchThrowableOfType(() -> PemBlock.decodeAll(
                "-----BEGIN CERTIFICATE\nAQID\n", SOURCE), CredentialException.class);
        assertThat(e.problem()).isEqualTo("line 1: malformed BEGIN line");
    }
}
