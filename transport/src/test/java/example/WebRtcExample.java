package example;

import io.dtls4j.config.ClientAuth;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.SrtpProfile;
import io.dtls4j.credentials.CertificateFingerprint;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.PeerVerifiers;
import io.dtls4j.credentials.SelfSignedCertificate;
import io.dtls4j.session.SrtpKeys;
import io.dtls4j.transport.DtlsClient;
import io.dtls4j.transport.DtlsServer;
import io.dtls4j.transport.DtlsServerListener;
import io.dtls4j.transport.PeerSession;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

public class WebRtcExample {
    public static void main(String[] args) throws Exception {
        // Each endpoint makes a fresh self-signed certificate and puts its fingerprint in its SDP.
        CertifiedKey serverKey = SelfSignedCertificate.generate("server", List.of(), Duration.ofDays(30),
                new SecureRandom(), System.currentTimeMillis());
        CertifiedKey clientKey = SelfSignedCertificate.generate("client", List.of(), Duration.ofDays(30),
                new SecureRandom(), System.currentTimeMillis());
        String serverSdp = CertificateFingerprint.sha256(serverKey.leaf()).toSdpAttribute();
        String clientSdp = CertificateFingerprint.sha256(clientKey.leaf()).toSdpAttribute();
        System.out.println("server offers " + serverSdp);
        System.out.println("client answers " + clientSdp);

        // The DTLS server (a=setup:passive) requires the client's certificate and checks it against
        // the fingerprint from the client's SDP; both sides insist on SRTP.
        DtlsConfig serverConfig = DtlsConfig.builder()
                .certifiedKey(serverKey)
                .clientAuth(ClientAuth.REQUIRED)
                .peerVerifier(PeerVerifiers.fingerprints(CertificateFingerprint.parse(clientSdp)))
                .srtpProfiles(SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80)
                .requireSrtp(true)
                .build();
        CompletableFuture<SrtpKeys> serverKeys = new CompletableFuture<>();
        DtlsServer server = DtlsServer.builder(serverConfig)
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .listener(new DtlsServerListener() {
                    @Override
                    public void sessionEstablished(PeerSession session) {
                        serverKeys.complete(session.srtpKeys());
                    }
                })
                .build();
        server.start();

        // The DTLS client (a=setup:active) checks the server's certificate against the server's SDP.
        DtlsConfig clientConfig = DtlsConfig.builder()
                .certifiedKey(clientKey)
                .peerVerifier(PeerVerifiers.fingerprints(CertificateFingerprint.parse(serverSdp)))
                .srtpProfiles(SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80)
                .requireSrtp(true)
                .build();
        try (server; DtlsClient client = DtlsClient.connect(server.localAddress(), clientConfig, null,
                Duration.ofSeconds(10))) {
            print("client", client.srtpKeys());
            print("server", serverKeys.get(10, TimeUnit.SECONDS));
        }
    }

    // Printed here to compare the two sides; a real application hands the keys to its SRTP stack.
    private static void print(String side, SrtpKeys keys) {
        HexFormat hex = HexFormat.of();
        System.out.println(side + " side: " + keys.profile()
                + " client key " + hex.formatHex(keys.clientWriteKey())
                + " salt " + hex.formatHex(keys.clientWriteSalt())
                + ", server key " + hex.formatHex(keys.serverWriteKey())
                + " salt " + hex.formatHex(keys.serverWriteSalt()));
    }
}
