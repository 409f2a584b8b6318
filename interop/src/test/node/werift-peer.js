// werift-dtls as a DTLS-SRTP peer for WeriftInteropTest, on 127.0.0.1 only.
//
//   node werift-peer.js client|server PROFILE LENGTH PEER_FINGERPRINT
//
// PROFILE is a use_srtp profile number (RFC 5764 §4.1.2: 1 = SRTP_AES128_CM_HMAC_SHA1_80,
// 7 = SRTP_AEAD_AES_128_GCM), LENGTH the bytes of EXTRACTOR-dtls_srtp keying material to print,
// PEER_FINGERPRINT the sha-256 fingerprint (hex, colons optional) the peer's certificate must have,
// as an SDP a=fingerprint would say (RFC 8122). Both sides use self-signed ECDSA P-256 certificates.
//
// Prints, one per line: "FINGERPRINT sha-256 <hex>" (ours), then as server "PORT <n>"; as client it
// waits for "CONNECT <port>" on stdin. Once the handshake is done: "PROFILE <n>", "KEYING <hex>",
// sends "hello from werift", prints "DATA <text>" for the first record it receives, and exits 0.
// Any failure exits non-zero; the whole run is bounded by a timer, so the process always ends.
"use strict";

const dgram = require("dgram");
const crypto = require("crypto");
const readline = require("readline");
const { DtlsClient, DtlsServer, CipherContext } = require("werift-dtls/lib/dtls/src/index.js");

const LOOPBACK = "127.0.0.1";
const LIMIT_MILLIS = 30000;

function fail(message) {
  console.log("ERROR " + message);
  process.exit(2);
}

function hexFingerprint(der) {
  return crypto.createHash("sha256").update(der).digest("hex").toUpperCase().match(/../g).join(":");
}

function derOfPem(pem) {
  const body = pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  return Buffer.from(body, "base64");
}

// A werift Transport over a dgram socket: one peer, learned from the first datagram as a server.
function udpTransport(socket, remote) {
  const transport = {
    type: "udp",
    closed: false,
    onData: () => {},
    get address() {
      return socket.address();
    },
    send: (data) =>
      new Promise((resolve, reject) => {
        if (!remote) {
          resolve();
          return;
        }
        socket.send(data, remote.port, remote.address, (err) => (err ? reject(err) : resolve()));
      }),
    close: async () => {
      transport.closed = true;
      socket.close();
    },
  };
  socket.on("message", (data, rinfo) => {
    if (!remote) {
      remote = { address: rinfo.address, port: rinfo.port };
    }
    if (rinfo.address === remote.address && rinfo.port === remote.port) {
      transport.onData(data, [rinfo.address, rinfo.port]);
    }
  });
  return transport;
}

async function main() {
  const [role, profileArg, lengthArg, peerFingerprintArg] = process.argv.slice(2);
  if (!["client", "server"].includes(role) || !peerFingerprintArg) {
    fail("usage: werift-peer.js client|server PROFILE LENGTH PEER_FINGERPRINT");
  }
  const profile = Number(profileArg);
  const length = Number(lengthArg);
  const expected = peerFingerprintArg.replace(/^sha-256\s+/i, "").replace(/:/g, "").toUpperCase();
  setTimeout(() => fail("no complete exchange within " + LIMIT_MILLIS + " ms"), LIMIT_MILLIS).unref();

  const { certPem, keyPem, signatureHash } = await CipherContext.createSelfSignedCertificateWithKey(
    { hash: 4, signature: 3 }, // sha256 with ECDSA
    23, // secp256r1
  );
  console.log("FINGERPRINT sha-256 " + hexFingerprint(derOfPem(certPem)));

  const socket = dgram.createSocket("udp4");
  await new Promise((resolve) => socket.bind(0, LOOPBACK, resolve));
  const options = {
    cert: certPem,
    key: keyPem,
    signatureHash,
    srtpProfiles: [profile],
    extendedMasterSecret: true,
  };

  let dtls;
  if (role === "server") {
    // the WebRTC way: both sides present certificates, checked against the signalled fingerprints
    dtls = new DtlsServer({ ...options, certificateRequest: true, transport: udpTransport(socket, null) });
    console.log("PORT " + socket.address().port);
  } else {
    const port = await new Promise((resolve) => {
      const lines = readline.createInterface({ input: process.stdin });
      lines.on("line", (line) => {
        const m = /^CONNECT (\d+)$/.exec(line.trim());
        if (m) {
          lines.close();
          resolve(Number(m[1]));
        }
      });
    });
    dtls = new DtlsClient({ ...options, transport: udpTransport(socket, { address: LOOPBACK, port }) });
  }

  dtls.onError.subscribe((e) => fail("DTLS error: " + (e && e.message ? e.message : e)));
  dtls.onData.subscribe((data) => {
    console.log("DATA " + data.toString("utf8"));
    try {
      dtls.close(); // close_notify, and closes the transport's socket
    } finally {
      process.exit(0);
    }
  });
  dtls.onConnect.subscribe(() => {
    const remote = dtls.remoteCertificate;
    if (!remote) {
      fail("the peer sent no certificate");
    }
    const actual = hexFingerprint(remote).replace(/:/g, "");
    if (actual !== expected) {
      fail("peer certificate fingerprint " + actual + " is not the expected " + expected);
    }
    console.log("PEER-FINGERPRINT ok");
    console.log("PROFILE " + dtls.srtp.srtpProfile);
    console.log("KEYING " + dtls.exportKeyingMaterial("EXTRACTOR-dtls_srtp", length).toString("hex"));
    dtls.send(Buffer.from("hello from werift"));
  });
  if (role === "client") {
    await dtls.connect();
  }
}

main().catch((e) => fail(e && e.stack ? e.stack : String(e)));
