/**
 * dtls4j core: the sans-I/O DTLS engine and what it stands on. The API is the engine
 * ({@code io.dtls4j.engine}), its configuration ({@code io.dtls4j.config}), credentials and peer
 * verification ({@code io.dtls4j.credentials}), what a handshake negotiated ({@code io.dtls4j.session})
 * and the alert and exception types ({@code io.dtls4j}). The record layer, handshake messages,
 * protocol versions and crypto primitives are internal and may change in any release.
 */
module io.dtls4j.core {
    // logging: the API only; the application chooses the backend
    requires org.slf4j;

    exports io.dtls4j;
    exports io.dtls4j.config;
    exports io.dtls4j.credentials;
    exports io.dtls4j.engine;
    exports io.dtls4j.session;

    // legacy PEM encryption and scrypt, when the optional module io.dtls4j.bouncycastle is present
    uses io.dtls4j.credentials.PrivateKeyDecryptor;
}
