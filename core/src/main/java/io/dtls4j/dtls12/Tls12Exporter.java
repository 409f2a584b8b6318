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
    private final byte[] masterSecret;
    private final byte[] clientRandom;
    private final byte[] serverRandom;
    private boolean destroyed;

    Tls12Exporter(CipherSuite.PrfHash hash, byte[] masterSecret, byte[] clientRandom, byte[] serverRandom) {
        this.hash = hash;
        this.masterSecret = masterSecret.clone();
        this.clientRandom = clientRandom.clone();
        this.serverRandom = serverRandom.clone();
    }

    @Override
    public synchronized byte[] export(String label, byte[] context, int length) {
        if (length < 1 || length > 0xFFFF) {
            throw new IllegalArgumentException("exporter length must be 1..65535 bytes: " + length);
        }
        if (destroyed) {
            throw new IllegalStateException("the session's secrets are gone");
        }
        return Prf.exportKeyingMaterial(hash, masterSecret, label, clientRandom, serverRandom, context, length);
    }

    @Override
    public synchronized void destroy() {
        destroyed = true;
        Arrays.fill(masterSecret, (byte) 0);
    }
}
