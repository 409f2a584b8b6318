package io.dtls4j.session;

import io.dtls4j.config.SrtpProfile;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The SRTP master keys and salts of a DTLS-SRTP session (RFC 5764 §4.2): the exporter output for
 * {@value #EXPORTER_LABEL} without context, 2 * (key + salt) bytes for the negotiated profile, split
 * in the order client write key, server write key, client write salt, server write salt. The client
 * protects what it sends with the client keys and the server with the server keys. The accessors
 * return copies; {@link #destroy()} wipes the keys; {@link #toString()} never shows them.
 */
public final class SrtpKeys {
    /** The exporter label of DTLS-SRTP (RFC 5764 §4.2). */
    public static final String EXPORTER_LABEL = "EXTRACTOR-dtls_srtp";

    private final SrtpProfile profile;
    private final byte[] mki;
    private final byte[] clientWriteKey;
    private final byte[] serverWriteKey;
    private final byte[] clientWriteSalt;
    private final byte[] serverWriteSalt;

    private SrtpKeys(SrtpProfile profile, byte[] mki, byte[] material) {
        this.profile = profile;
        this.mki = mki.clone();
        int key = profile.masterKeyLength();
        int salt = profile.masterSaltLength();
        this.clientWriteKey = Arrays.copyOfRange(material, 0, key);
        this.serverWriteKey = Arrays.copyOfRange(material, key, 2 * key);
        this.clientWriteSalt = Arrays.copyOfRange(material, 2 * key, 2 * key + salt);
        this.serverWriteSalt = Arrays.copyOfRange(material, 2 * key + salt, 2 * (key + salt));
    }

    /**
     * The SRTP keys of {@code session}, from its exporter.
     *
     * @throws IllegalStateException when the session negotiated no SRTP profile, or is closed
     */
    public static SrtpKeys of(SessionInfo session, KeyExporter exporter) {
        Objects.requireNonNull(session, "session");
        if (session.srtpProfile() == null) {
            throw new IllegalStateException("no SRTP profile was negotiated (use_srtp, RFC 5764): configure srtpProfiles "
                    + "on both sides, or check SessionInfo.srtpProfile() first");
        }
        return derive(session.srtpProfile(), session.srtpMki(), exporter);
    }

    /** The SRTP keys for {@code profile} and {@code mki} from {@code exporter}. */
    public static SrtpKeys derive(SrtpProfile profile, byte[] mki, KeyExporter exporter) {
        byte[] material = exporter.exportKeyingMaterial(EXPORTER_LABEL, null, profile.keyingMaterialLength());
        try {
            return new SrtpKeys(profile, mki, material);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** The MKI both sides put in SRTP packets; empty for none (RFC 5764 §4.1.3). */
    public byte[] mki() {
        return mki.clone();
    }

    /** client_write_SRTP_master_key. */
    public byte[] clientWriteKey() {
        return clientWriteKey.clone();
    }

    /** server_write_SRTP_master_key. */
    public byte[] serverWriteKey() {
        return serverWriteKey.clone();
    }

    /** client_write_SRTP_master_salt. */
    public byte[] clientWriteSalt() {
        return clientWriteSalt.clone();
    }

    /** server_write_SRTP_master_salt. */
    public byte[] serverWriteSalt() {
        return serverWriteSalt.clone();
    }

    /** The key and salt one side protects its packets with: the client's when {@code client}. */
    public byte[] writeKey(boolean client) {
        return client ? clientWriteKey() : serverWriteKey();
    }

    /** See {@link #writeKey(boolean)}. */
    public byte[] writeSalt(boolean client) {
        return client ? clientWriteSalt() : serverWriteSalt();
    }

    /** Overwrites the keys and salts with zeros. */
    public void destroy() {
        Arrays.fill(clientWriteKey, (byte) 0);
        Arrays.fill(serverWriteKey, (byte) 0);
        Arrays.fill(clientWriteSalt, (byte) 0);
        Arrays.fill(serverWriteSalt, (byte) 0);
    }

    /** The profile and MKI only: never key material. */
    @Override
    public String toString() {
        return "SrtpKeys[" + profile + ", mki=" + HexFormat.of().formatHex(mki) + "]";
    }
}
