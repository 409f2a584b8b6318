package io.dtls4j.dtls12;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.crypto.Prf;
import io.dtls4j.handshake.KeyingMaterialExporter;

import java.util.Arrays;

/**
 * RFC 5705 §4 over the TLS 1.2 PRF: PRF(master_secret, label, client_random + server_random
 * [+ context_length + context]). With RFC 7627 the master secret is the extended one, which is what
 * makes the exported keys unique to this handshake (RFC 7627 §5.4). Thread-safe: the transport hands
 * it to application threads while the engine's thread may destroy it at close.
 */
final class Tls12Exporter implements KeyingMaterialExporter {
    private final CipherSuite.PrfHash hash;
    /**
     * master_secret || client_random || server_random in one array: an established session keeps its
     * exporter for its lifetime, and one array costs less heap than three (issue #11). Exports are rare,
     * so they split it into copies.
     */
    private final byte[] secretAndRandoms;
    private final int secretLength;
    private final int clientRandomLength;
    private boolean destroyed;

    Tls12Exporter(CipherSuite.PrfHash hash, byte[] masterSecret, byte[] clientRandom, byte[] serverRandom) {
        this.hash = hash;
        this.secretLength = masterSecret.length;
        this.clientRandomLength = clientRandom.length;
        this.secretAndRandoms = new byte[masterSecret.length + clientRandom.length + serverRandom.length];
        System.arraycopy(masterSecret, 0, secretAndRandoms, 0, secretLength);
        System.arraycopy(clientRandom, 0, secretAndRandoms, secretLength, clientRandomLength);
        System.arraycopy(serverRandom, 0, secretAndRandoms, secretLength + clientRandomLength, serverRandom.length);
    }

    @Override
    public synchronized byte[] export(String label, byte[] context, int length) {
        if (length < 1 || length > 0xFFFF) {
            throw new IllegalArgumentException("exporter length must be 1..65535 bytes: " + length);
        }
        if (destroyed) {
            throw new IllegalStateException("the session's secrets are gone");
        }
        byte[] masterSecret = Arrays.copyOf(secretAndRandoms, secretLength);
        try {
            int randoms = secretLength + clientRandomLength;
            return Prf.exportKeyingMaterial(hash, masterSecret, label, Arrays.copyOfRange(secretAndRandoms, secretLength, randoms),
                    Arrays.copyOfRange(secretAndRandoms, randoms, secretAndRandoms.length), context, length);
        } finally {
            Arrays.fill(secretAndRandoms, 0, secretLength, (byte) 0); // the copy does not outlive the call
        }
    }

    @Override
    public synchronized void destroy() {
        destroyed = true;
        Arrays.fill(secretAndRandoms, 0, secretLength, (byte) 0);
    }
}
