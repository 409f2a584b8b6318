package io.dtls4j.transport;

import java.net.InetSocketAddress;

/** The byte form of a peer's transport address that the engine binds cookies to. */
final class PeerAddresses {
    private PeerAddresses() {
    }

    /** The IP address bytes (4 or 16) followed by the port in two bytes, big-endian. */
    static byte[] toBytes(InetSocketAddress address) {
        byte[] ip = address.getAddress().getAddress();
        byte[] out = new byte[ip.length + 2];
        System.arraycopy(ip, 0, out, 0, ip.length);
        out[ip.length] = (byte) (address.getPort() >>> 8);
        out[ip.length + 1] = (byte) address.getPort();
        return out;
    }
}
