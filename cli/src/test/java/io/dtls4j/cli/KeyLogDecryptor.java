package io.dtls4j.cli;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * What Wireshark does with an NSS key log, written out independently of dtls4j's own code: finds
 * the client and server randoms in captured DTLS 1.2 datagrams, derives the record keys from the
 * logged master secret (RFC 5246 §5, §6.3) and opens the application data records of a
 * TLS_ECDHE_*_WITH_AES_128_GCM_SHA256 session (RFC 5288).
 */
final class KeyLogDecryptor {
    private static final int RECORD_HEADER = 13;
    private static final int HANDSHAKE_HEADER = 12;
    private static final int APPLICATION_DATA = 23;
    private static final int HANDSHAKE = 22;

    /** The application data of one direction, decrypted. */
    record Decrypted(List<String> fromClient, List<String> fromServer) {
    }

    private KeyLogDecryptor() {
    }

    /** The client random of the first ClientHello in the capture. */
    static byte[] clientRandom(List<UdpRelay.Datagram> capture) {
        return helloRandom(capture, true, 1);
    }

    static byte[] serverRandom(List<UdpRelay.Datagram> capture) {
        return helloRandom(capture, false, 2);
    }

    /** The cipher suite the ServerHello chose. */
    static int serverHelloSuite(List<UdpRelay.Datagram> capture) {
        byte[] body = handshakeBody(capture, false, 2);
        int sessionIdLength = body[34] & 0xff;
        int at = 35 + sessionIdLength;
        return ((body[at] & 0xff) << 8) | (body[at + 1] & 0xff);
    }

    /** Decrypts every application data record of the capture with the keys of {@code masterSecret}. */
    static Decrypted decrypt(List<UdpRelay.Datagram> capture, byte[] masterSecret) throws Exception {
        byte[] clientRandom = clientRandom(capture);
        byte[] serverRandom = serverRandom(capture);
        // RFC 5246 §6.3: key_block = PRF(master_secret, "key expansion", server_random + client_random)
        byte[] keyBlock = prf(masterSecret, "key expansion", concat(serverRandom, clientRandom), 2 * 16 + 2 * 4);
        byte[] clientKey = Arrays.copyOfRange(keyBlock, 0, 16);
        byte[] serverKey = Arrays.copyOfRange(keyBlock, 16, 32);
        byte[] clientSalt = Arrays.copyOfRange(keyBlock, 32, 36);
        byte[] serverSalt = Arrays.copyOfRange(keyBlock, 36, 40);
        List<String> fromClient = new ArrayList<>();
        List<String> fromServer = new ArrayList<>();
        for (UdpRelay.Datagram d : capture) {
            byte[] b = d.bytes();
            for (int at = 0; at + RECORD_HEADER <= b.length; ) {
                int length = ((b[at + 11] & 0xff) << 8) | (b[at + 12] & 0xff);
                if ((b[at] & 0xff) == APPLICATION_DATA) {
                    byte[] plain = open(b, at, length, d.fromClient() ? clientKey : serverKey,
                            d.fromClient() ? clientSalt : serverSalt);
                    (d.fromClient() ? fromClient : fromServer).add(new String(plain, StandardCharsets.UTF_8));
                }
                at += RECORD_HEADER + length;
            }
        }
        return new Decrypted(fromClient, fromServer);
    }

    /** RFC 5288 §3: nonce = salt + explicit nonce; additional data = seq_num + type + version + length. */
    private static byte[] open(byte[] b, int at, int length, byte[] key, byte[] salt) throws Exception {
        int fragment = at + RECORD_HEADER;
        byte[] nonce = concat(salt, Arrays.copyOfRange(b, fragment, fragment + 8));
        int plainLength = length - 8 - 16;
        byte[] aad = new byte[13];
        System.arraycopy(b, at + 3, aad, 0, 8); // DTLS: epoch and sequence number form seq_num (RFC 6347 §4.1.2.1)
        aad[8] = b[at];
        aad[9] = b[at + 1];
        aad[10] = b[at + 2];
        aad[11] = (byte) (plainLength >>> 8);
        aad[12] = (byte) plainLength;
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        gcm.updateAAD(aad);
        return gcm.doFinal(b, fragment + 8, length - 8);
    }

    /** RFC 5246 §5: P_SHA256(secret, label + seed). */
    static byte[] prf(byte[] secret, String label, byte[] seed, int length) throws Exception {
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(secret, "HmacSHA256"));
        byte[] labelSeed = concat(label.getBytes(StandardCharsets.US_ASCII), seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] a = labelSeed;
        while (out.size() < length) {
            a = hmac.doFinal(a);
            hmac.update(a);
            out.write(hmac.doFinal(labelSeed));
        }
        return Arrays.copyOf(out.toByteArray(), length);
    }

    private static byte[] helloRandom(List<UdpRelay.Datagram> capture, boolean fromClient, int type) {
        return Arrays.copyOfRange(handshakeBody(capture, fromClient, type), 2, 34);
    }

    /** The start of the first handshake message of {@code type} sent in clear, from the given side. */
    private static byte[] handshakeBody(List<UdpRelay.Datagram> capture, boolean fromClient, int type) {
        for (UdpRelay.Datagram d : capture) {
            if (d.fromClient() != fromClient) {
                continue;
            }
            byte[] b = d.bytes();
            for (int at = 0; at + RECORD_HEADER <= b.length; ) {
                int epoch = ((b[at + 3] & 0xff) << 8) | (b[at + 4] & 0xff);
                int length = ((b[at + 11] & 0xff) << 8) | (b[at + 12] & 0xff);
                int h = at + RECORD_HEADER;
                if ((b[at] & 0xff) == HANDSHAKE && epoch == 0 && (b[h] & 0xff) == type) {
                    return Arrays.copyOfRange(b, h + HANDSHAKE_HEADER, h + length);
                }
                at += RECORD_HEADER + length;
            }
        }
        throw new AssertionError("no handshake message of type " + type + " from the " + (fromClient ? "client" : "server"));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }
}
