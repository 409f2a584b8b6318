package io.dtls4j.crypto;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Seals session state into a ticket and opens it again (RFC 5077 §4 names the parts: key_name, IV,
 * encrypted_state, MAC). Here the protection is AES-GCM from the JCA, whose tag does the MAC's work:
 * {@code key_name[16] | nonce[12] | ciphertext | tag[16]}, with the key name as additional data so that
 * a ticket moved under another name does not open. The nonce is random per ticket: a key seals far
 * fewer than 2^32 tickets before the ring rotates it (NIST SP 800-38D §8.3).
 */
public final class TicketCipher {
    public static final int KEY_NAME_LENGTH = 16;
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;
    /** The bytes a ticket adds to its state. */
    public static final int OVERHEAD = KEY_NAME_LENGTH + NONCE_LENGTH + TAG_BITS / 8;

    private TicketCipher() {
    }

    /** {@code state} sealed under {@code key} (AES, 16 or 32 bytes) named {@code keyName}. */
    public static byte[] seal(byte[] keyName, byte[] key, byte[] state, SecureRandom random) {
        if (keyName.length != KEY_NAME_LENGTH) {
            throw new IllegalArgumentException("a ticket key name has " + KEY_NAME_LENGTH + " bytes");
        }
        byte[] ticket = new byte[OVERHEAD + state.length];
        System.arraycopy(keyName, 0, ticket, 0, KEY_NAME_LENGTH);
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, ticket, KEY_NAME_LENGTH, NONCE_LENGTH);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            gcm.updateAAD(keyName);
            gcm.doFinal(state, 0, state.length, ticket, KEY_NAME_LENGTH + NONCE_LENGTH);
            return ticket;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available to seal a session ticket", e);
        }
    }

    /** The key name a ticket was sealed under, or null when it is too short to be a ticket. */
    public static byte[] keyName(byte[] ticket) {
        return ticket.length < OVERHEAD ? null : Arrays.copyOf(ticket, KEY_NAME_LENGTH);
    }

    /** The state in {@code ticket}, or null when it does not open under {@code key} (tampered, or another key). */
    public static byte[] open(byte[] key, byte[] ticket) {
        if (ticket.length < OVERHEAD) {
            return null;
        }
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BITS, ticket, KEY_NAME_LENGTH, NONCE_LENGTH));
            gcm.updateAAD(ticket, 0, KEY_NAME_LENGTH);
            return gcm.doFinal(ticket, KEY_NAME_LENGTH + NONCE_LENGTH, ticket.length - KEY_NAME_LENGTH - NONCE_LENGTH);
        } catch (javax.crypto.AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available to open a session ticket", e);
        }
    }
}
