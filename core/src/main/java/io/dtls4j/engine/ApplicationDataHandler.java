package io.dtls4j.engine;

import java.nio.ByteBuffer;

/** Receives decrypted application data without a copy; see {@link DtlsEngine#setApplicationDataHandler}. */
@FunctionalInterface
public interface ApplicationDataHandler {
    /** {@code data} is a read-only view valid only during this call; copy what must outlive it. */
    void onApplicationData(ByteBuffer data);
}
