package io.dtls4j.engine;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

/** How log lines name the peer of an engine: the server name a client connects to, or a server's peer address. */
final class PeerLabel {
    private PeerLabel() {
    }

    static String client(String serverName) {
        return serverName == null ? "server" : "server " + serverName;
    }

    /** The transport's address bytes (IP, then the port in two bytes) as "client 192.0.2.1:5684"; other forms in hex. */
    static String server(byte[] peerAddress) {
        if (peerAddress.length == 6 || peerAddress.length == 18) {
            try {
                byte[] ip = java.util.Arrays.copyOf(peerAddress, peerAddress.length - 2);
                int port = ((peerAddress[peerAddress.length - 2] & 0xFF) << 8) | (peerAddress[peerAddress.length - 1] & 0xFF);
                String host = InetAddress.getByAddress(ip).getHostAddress();
                return "client " + (ip.length == 16 ? "[" + host + "]" : host) + ":" + port;
            } catch (UnknownHostException e) {
                // not an IP address after all: shown in hex below
            }
        }
        return "client " + HexFormat.of().formatHex(peerAddress);
    }
}
