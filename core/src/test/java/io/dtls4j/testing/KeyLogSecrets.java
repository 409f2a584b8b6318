package io.dtls4j.testing;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.crypto.KeyBlock;
import io.dtls4j.crypto.Prf;
import io.dtls4j.crypto.RecordCipher;
import io.dtls4j.handshake.message.ServerHello;
import io.dtls4j.wire.DecodeException;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a client's NSS key log line ({@code CLIENT_RANDOM <client random> <master secret>}) and the
 * server's ServerHello give away: the epoch-1 keys of both directions (RFC 5246 §6.3), enough for a test
 * to write records as either peer, read what either peer sent, and compute Finished verify_data.
 */
public record KeyLogSecrets(CipherSuite suite, byte[] masterSecret, byte[] clientRandom, byte[] serverRandom) {

    /** From one key log line and the body of the ServerHello of the same handshake. */
    public static KeyLogSecrets of(String keyLogLine, byte[] serverHelloBody) throws DecodeException {
        String[] line = keyLogLine.split(" ");
        if (line.length != 3 || !line[0].equals("CLIENT_RANDOM")) {
            throw new IllegalArgumentException("not an NSS CLIENT_RANDOM line: " + keyLogLine);
        }
        ServerHello serverHello = ServerHello.decode(serverHelloBody);
        HexFormat hex = HexFormat.of();
        CipherSuite suite = CipherSuite.fromId(serverHello.cipherSuite());
        if (suite == null) {
            throw new IllegalArgumentException(String.format("unknown cipher suite 0x%04x", serverHello.cipherSuite()));
        }
        return new KeyLogSecrets(suite, hex.parseHex(line[2]), hex.parseHex(line[1]), serverHello.random());
    }

    private KeyBlock keys() {
        return Prf.keyBlock(suite, masterSecret, clientRandom, serverRandom);
    }

    /** The client's epoch-1 write cipher: seals records as the client sends them. */
    public RecordCipher clientWriteCipher() {
        KeyBlock keys = keys();
        return RecordCipher.forEncryption(suite.aead(), keys.clientWriteKey(), keys.clientWriteIv());
    }

    /** The server's epoch-1 write cipher: seals records as the server sends them. */
    public RecordCipher serverWriteCipher() {
        KeyBlock keys = keys();
        return RecordCipher.forEncryption(suite.aead(), keys.serverWriteKey(), keys.serverWriteIv());
    }

    /** Seals as {@code client} (true) or the server sends. */
    public RecordCipher writeCipher(boolean client) {
        return client ? clientWriteCipher() : serverWriteCipher();
    }

    /** Opens what {@code client} (true) or the server sent in epoch 1. */
    public RecordCipher readCipher(boolean client) {
        KeyBlock keys = keys();
        return client ? RecordCipher.forDecryption(suite.aead(), keys.clientWriteKey(), keys.clientWriteIv())
                : RecordCipher.forDecryption(suite.aead(), keys.serverWriteKey(), keys.serverWriteIv());
    }

    /** Finished.verify_data of {@code client} (true) or the server over {@code transcript}, the handshake messages so far (RFC 5246 §7.4.9). */
    public byte[] verifyData(boolean client, byte[] transcript) {
        try {
            byte[] hash = MessageDigest.getInstance(suite.prfHash().digestAlgorithm).digest(transcript);
            return Prf.verifyData(suite.prfHash(), masterSecret, client, hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
