package io.dtls4j.interop;

import org.bouncycastle.tls.DTLSRequest;
import org.bouncycastle.tls.DTLSVerifier;
import org.bouncycastle.tls.DatagramSender;
import org.bouncycastle.tls.crypto.TlsCrypto;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * The server side of RFC 6347 §4.2.1 done by Bouncy Castle's stateless {@link DTLSVerifier}: every
 * ClientHello without a valid cookie is answered with a HelloVerifyRequest, until one comes back
 * with the cookie.
 */
final class BcCookieExchange {
    private static final int UDP_IPV4_OVERHEAD = 28;

    private BcCookieExchange() {
    }

    /**
     * Receives on {@code socket} (polling every {@code pollMillis}) until a ClientHello carries a
     * valid cookie, then connects the socket to that client and returns the request to hand to
     * {@code DTLSServerProtocol.accept}.
     */
    static DTLSRequest awaitVerifiedClientHello(DatagramSocket socket, TlsCrypto crypto, int mtu, int pollMillis,
                                                PeerDeadline deadline) throws IOException {
        DTLSVerifier verifier = new DTLSVerifier(crypto);
        byte[] buffer = new byte[mtu];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.setSoTimeout(pollMillis);
        while (true) {
            deadline.check("cookie exchange");
            try {
                packet.setLength(buffer.length);
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                continue;
            }
            InetSocketAddress client = (InetSocketAddress) packet.getSocketAddress();
            DTLSRequest request = verifier.verifyRequest(client.toString().getBytes(StandardCharsets.US_ASCII),
                    buffer, 0, packet.getLength(), new DatagramSender() {
                        @Override
                        public int getSendLimit() {
                            return mtu - UDP_IPV4_OVERHEAD;
                        }

                        @Override
                        public void send(byte[] buf, int off, int len) throws IOException {
                            socket.send(new DatagramPacket(buf, off, len, client));
                        }
                    });
            if (request != null) {
                socket.connect(client);
                return request;
            }
        }
    }
}
