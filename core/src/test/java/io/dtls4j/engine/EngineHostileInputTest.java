package io.dtls4j.engine;

import io.dtls4j.AlertDescription;
import io.dtls4j.config.ClientAuth;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.crypto.Prf;
import io.dtls4j.crypto.RecordCipher;
import io.dtls4j.handshake.HandshakeTranscript;
import io.dtls4j.handshake.HandshakeType;
import io.dtls4j.handshake.message.ClientHello;
import io.dtls4j.handshake.message.EcdheClientKeyExchange;
import io.dtls4j.record.AlertMessage;
import io.dtls4j.record.ContentType;
import io.dtls4j.record.ProtocolVersion;
import io.dtls4j.testing.KeyLogSecrets;
import io.dtls4j.testing.Records;
import io.dtls4j.testing.Records.Record;
import io.dtls4j.testing.SimulatedLink;
import io.dtls4j.testing.TestConfigs;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.KeyType;
import io.dtls4j.wire.DecodeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hand-made datagrams fed to a server engine at each point of the handshake: the state machine's
 * answers to garbage, malformed records and messages out of order. After input that must be
 * ignored, the same engines still complete the handshake.
 */
class EngineHostileInputTest {
    private static final long T = SimulatedLink.START_MILLIS;
    private final CertifiedKey serverKey = TestCredentials.server(KeyType.EC_P256);

    /** A client and a server engine driven by hand, datagram by datagram. */
    private final class Pair {
        final DtlsEngine client;
        final DtlsEngine server;
        final List<DtlsEvent> clientEvents = new ArrayList<>();
        final List<DtlsEvent> serverEvents = new ArrayList<>();
        /** The client's NSS key log lines: what lets a test forge records under the client's keys. */
        final List<String> clientKeyLog = new ArrayList<>();

        Pair(boolean cookieExchange, long seed) {
            this(cookieExchange, seed, null);
        }

        /** With {@code clientKey}, the client presents it and the server requires a client certificate, that one. */
        Pair(boolean cookieExchange, long seed, CertifiedKey clientKey) {
            DtlsConfig.Builder clientBuilder = TestConfigs.client(seed, serverKey).keyLog(clientKeyLog::add);
            DtlsConfig.Builder serverBuilder = TestConfigs.server(seed, serverKey).cookieExchange(cookieExchange);
            if (clientKey != null) {
                clientBuilder.certifiedKey(clientKey);
                serverBuilder.clientAuth(ClientAuth.REQUIRED).peerVerifier(TestCredentials.expecting(clientKey.leaf()));
            }
            DtlsConfig clientConfig = clientBuilder.build();
            DtlsConfig serverConfig = serverBuilder.build();
            client = DtlsEngine.client(clientConfig, "server.test");
            server = DtlsEngine.server(serverConfig, TestConfigs.CLIENT_ADDRESS);
        }

        /** Takes out what {@code engine} has to send. */
        List<byte[]> drain(DtlsEngine engine) {
            List<byte[]> out = new ArrayList<>();
            ByteBuffer d;
            while ((d = engine.pollDatagram()) != null) {
                byte[] b = new byte[d.remaining()];
                d.get(b);
                out.add(b);
            }
            DtlsEvent e;
            List<DtlsEvent> events = engine == client ? clientEvents : serverEvents;
            while ((e = engine.pollEvent()) != null) {
                events.add(e);
            }
            return out;
        }

        List<byte[]> toServer(byte[] datagram) {
            server.receive(ByteBuffer.wrap(datagram.clone()), T);
            return drain(server);
        }

        List<byte[]> toClient(List<byte[]> datagrams) {
            for (byte[] d : datagrams) {
                client.receive(ByteBuffer.wrap(d.clone()), T);
            }
            return drain(client);
        }

        /** The client's ClientHello datagram (cookie exchange off: the one the server answers). */
        byte[] clientHello() {
            client.start(T);
            return single(drain(client));
        }

        /** Runs up to the point where the server waits for the client's second flight; returns that flight. */
        byte[] upToClientKeyExchange() {
            List<byte[]> serverFlight = toServer(clientHello());
            return single(toClient(serverFlight));
        }

        /** Finishes the handshake on a perfect simulated link. */
        SimulatedLink finish() {
            SimulatedLink link = SimulatedLink.builder().seed(7).connect(client, server);
            link.handshake();
            return link;
        }
    }

    private static byte[] single(List<byte[]> datagrams) {
        assertThat(datagrams).hasSize(1);
        return datagrams.get(0);
    }

    private static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    // ---- before any state: the stateless front door ----

    @ParameterizedTest(name = "cookie exchange {0}")
    @ValueSource(booleans = {true, false})
    void garbageDatagramsToAFreshServerAreDroppedWithoutAnswer(boolean cookieExchange) {
        Pair pair = new Pair(cookieExchange, 1);
        int[] lengths = {0, 1, 12, 13, 25, 100, 1500, 20_000};
        for (int i = 0; i < lengths.length; i++) {
            assertThat(pair.toServer(random(lengths[i], i))).as("answer to %d random bytes", lengths[i]).isEmpty();
        }
        assertThat(pair.serverEvents).isEmpty();
        assertThat(pair.server.state()).isEqualTo(EngineState.HANDSHAKING);
        assertThat(pair.server.stats().droppedBadRecord()).isEqualTo(lengths.length);

        assertThat(pair.finish().bothConnected()).isTrue();
    }

    @ParameterizedTest(name = "cookie exchange {0}")
    @ValueSource(booleans = {true, false})
    void everyTruncationOfTheClientHelloIsDroppedWithoutAnswer(boolean cookieExchange) {
        Pair pair = new Pair(cookieExchange, 2);
        byte[] hello = pair.clientHello();
        for (int length = 0; length < hello.length; length++) {
            assertThat(pair.toServer(Arrays.copyOf(hello, length))).as("answer to %d of %d bytes", length, hello.length).isEmpty();
        }
        assertThat(pair.serverEvents).isEmpty();
        assertThat(pair.server.stats().droppedBadRecord()).isEqualTo(hello.length);

        assertThat(pair.toServer(hello)).as("the whole ClientHello is answered").isNotEmpty();
    }

    @ParameterizedTest(name = "cookie exchange {0}")
    @ValueSource(booleans = {true, false})
    void aClientHelloWithAMessageSeqLeavingNoRoomForTheHandshakeIsDropped(boolean cookieExchange) {
        // found by EngineMutationFuzzTest: message_seq 65535 made the server number its flight past 65535
        Pair pair = new Pair(cookieExchange, 20);
        Record hello = Records.parse(pair.clientHello()).get(0);
        byte[] fragment = hello.fragment().clone();
        int seqOffset = 4; // msg_type, length(3), then message_seq (RFC 6347 §4.2.2)

        for (int seq : new int[] {CookieGate.MAX_CLIENT_HELLO_MESSAGE_SEQ + 1, 0xFFFF}) {
            fragment[seqOffset] = (byte) (seq >> 8);
            fragment[seqOffset + 1] = (byte) seq;
            assertThat(pair.toServer(Records.datagram(Records.plaintext(ContentType.HANDSHAKE, 0, 1, fragment)))).isEmpty();
        }

        assertThat(pair.serverEvents).isEmpty();
        assertThat(pair.server.stats().droppedBadRecord()).isEqualTo(2);
        // the genuine ClientHello is still answered
        assertThat(pair.toServer(Records.datagram(hello))).isNotEmpty();
    }

    @ParameterizedTest(name = "cookie exchange {0}")
    @ValueSource(booleans = {true, false})
    void aClientKeyExchangeBeforeAnyClientHelloIsDroppedStatelessly(boolean cookieExchange) {
        Pair pair = new Pair(cookieExchange, 3);
        byte[] body = new EcdheClientKeyExchange(random(32, 3)).encode();
        byte[] datagram = Records.datagram(Records.handshake(HandshakeType.CLIENT_KEY_EXCHANGE, 0, body, 0));

        assertThat(pair.toServer(datagram)).isEmpty();

        assertThat(pair.serverEvents).isEmpty();
        assertThat(pair.server.stats().droppedBadRecord()).isEqualTo(1);
        assertThat(pair.finish().bothConnected()).isTrue();
    }

    @Test
    void aRecordLengthBeyondTheDatagramIsDropped() {
        Pair pair = new Pair(false, 4);
        byte[] hello = pair.clientHello();
        byte[] stretched = hello.clone();
        int length = ((stretched[11] & 0xFF) << 8 | (stretched[12] & 0xFF)) + 1;
        stretched[11] = (byte) (length >> 8);
        stretched[12] = (byte) length;

        assertThat(pair.toServer(stretched)).isEmpty();
        assertThat(pair.server.stats().droppedBadRecord()).isEqualTo(1);
        assertThat(pair.toServer(hello)).isNotEmpty();
    }

    // ---- mid-handshake: the server has answered the ClientHello ----

    @Test
    void midHandshakeGarbageTruncationAndOverlongRecordsAreDroppedAndTheHandshakeStillCompletes() {
        Pair pair = new Pair(false, 5);
        byte[] flight = pair.upToClientKeyExchange();
        long before = pair.server.stats().droppedBadRecord();

        assertThat(pair.toServer(random(300, 5))).isEmpty();
        // a datagram ending inside a record header, and one whose last record claims more bytes than follow
        assertThat(pair.toServer(Arrays.copyOf(flight, 12))).isEmpty();
        byte[] overlong = flight.clone();
        overlong[12] = (byte) 0xFF;
        overlong[11] = (byte) 0x7F;
        assertThat(pair.toServer(overlong)).isEmpty();

        assertThat(pair.serverEvents).isEmpty();
        assertThat(pair.server.stats().droppedBadRecord() - before).isEqualTo(3);
        assertThat(pair.server.state()).isEqualTo(EngineState.HANDSHAKING);
        assertThat(pair.toServer(flight)).as("the real flight is answered").isNotEmpty();
        assertThat(pair.serverEvents).singleElement().isInstanceOf(DtlsEvent.HandshakeCompleted.class);
    }

    @ParameterizedTest(name = "content type {0}")
    @ValueSource(ints = {0, 19, 24, 25, 99, 255})
    void recordsOfAnUnknownContentTypeAreDropped(int contentType) {
        Pair pair = new Pair(false, 6);
        byte[] flight = pair.upToClientKeyExchange();

        byte[] odd = Records.datagram(Records.plaintext(contentType, 0, 50, random(40, contentType)));
        assertThat(pair.toServer(odd)).isEmpty();

        assertThat(pair.serverEvents).isEmpty();
        assertThat(pair.server.stats().droppedBadRecord()).isEqualTo(1);
        assertThat(pair.toServer(flight)).isNotEmpty();
        assertThat(pair.server.state()).isEqualTo(EngineState.CONNECTED);
    }

    @Test
    void aRecordOfAWrongVersionIsDropped() {
        Pair pair = new Pair(false, 6);
        byte[] flight = pair.upToClientKeyExchange();
        List<Record> records = Records.parse(flight);
        // the ClientKeyExchange record claiming TLS 1.2 (0x0303) instead of DTLS 1.2
        Record tls = records.get(0);
        byte[] wrong = Records.datagram(new Record(tls.type(), 0x0303, 0, tls.sequence(), tls.fragment()));

        assertThat(pair.toServer(wrong)).isEmpty();

        assertThat(pair.server.stats().droppedBadRecord()).isEqualTo(1);
        assertThat(pair.toServer(flight)).isNotEmpty();
        assertThat(pair.server.state()).isEqualTo(EngineState.CONNECTED);
    }

    @Test
    void anEpochOneRecordBeforeAnyKeysIsDroppedAsUnknownEpoch() {
        Pair pair = new Pair(false, 7);
        byte[] flight = pair.upToClientKeyExchange();

        byte[] early = Records.datagram(Records.plaintext(ContentType.HANDSHAKE, 1, 0, random(40, 7)),
                Records.plaintext(ContentType.APPLICATION_DATA, 1, 1, random(40, 8)));
        assertThat(pair.toServer(early)).isEmpty();

        assertThat(pair.server.stats().droppedUnknownEpoch()).isEqualTo(2);
        assertThat(pair.serverEvents).isEmpty();
        assertThat(pair.toServer(flight)).isNotEmpty();
        assertThat(pair.server.state()).isEqualTo(EngineState.CONNECTED);
    }

    @Test
    void plaintextApplicationDataBeforeTheHandshakeIsDroppedAndNeverReported() {
        Pair pair = new Pair(false, 8);
        byte[] flight = pair.upToClientKeyExchange();

        byte[] early = Records.datagram(Records.plaintext(ContentType.APPLICATION_DATA, 0, 40, "early".getBytes()));
        assertThat(pair.toServer(early)).isEmpty();

        assertThat(pair.server.stats().droppedUnexpected()).isEqualTo(1);
        assertThat(pair.serverEvents).isEmpty();
        assertThat(pair.toServer(flight)).isNotEmpty();
        assertThat(pair.serverEvents).noneMatch(e -> e instanceof DtlsEvent.ApplicationData);
    }

    @Test
    void plaintextApplicationDataAfterTheHandshakeIsDroppedAndNeverReported() {
        Pair pair = new Pair(false, 9);
        SimulatedLink link = pair.finish();
        assertThat(link.bothConnected()).isTrue();

        link.inject(SimulatedLink.Side.CLIENT,
                Records.datagram(Records.plaintext(ContentType.APPLICATION_DATA, 0, 90, "forged".getBytes())));
        link.runUntilQuiet();

        assertThat(link.received(SimulatedLink.Side.SERVER)).isEmpty();
        assertThat(link.server().stats().droppedUnexpected()).isEqualTo(1);
        assertThat(link.server().state()).isEqualTo(EngineState.CONNECTED);
    }

    @Test
    void aForgedEpochOneRecordAfterTheHandshakeFailsItsTagAndIsDropped() {
        Pair pair = new Pair(false, 10);
        SimulatedLink link = pair.finish();

        link.inject(SimulatedLink.Side.CLIENT,
                Records.datagram(Records.plaintext(ContentType.APPLICATION_DATA, 1, 90, random(64, 10))));
        link.runUntilQuiet();

        assertThat(link.received(SimulatedLink.Side.SERVER)).isEmpty();
        assertThat(link.server().stats().droppedBadMac()).isEqualTo(1);
        assertThat(link.server().state()).isEqualTo(EngineState.CONNECTED);
        assertThat(link.exchange(new byte[] {1}, new byte[] {2}).atServer()).containsExactly(1);
    }

    @Test
    void aForgedPlaintextRecordWithAHighSequenceNumberDoesNotBlockTheGenuineFlight() {
        // epoch-0 records cannot authenticate: one with a far-ahead sequence number must not move a
        // replay window past the peer's genuine records (RFC 6347 §4.1.2.6 updates it only on success)
        Pair pair = new Pair(false, 12);
        byte[] flight = pair.upToClientKeyExchange();

        assertThat(pair.toServer(Records.datagram(Records.plaintext(99, 0, 1L << 40, random(40, 12))))).isEmpty();
        Record ccs = Records.parse(flight).get(1);
        assertThat(pair.toServer(Records.datagram(ccs.withSequence((1L << 40) + 1)))).isEmpty();

        assertThat(pair.toServer(flight)).isNotEmpty();
        assertThat(pair.server.state()).isEqualTo(EngineState.CONNECTED);
        assertThat(pair.server.stats().droppedReplay()).isZero();
    }

    @Test
    void aChangeCipherSpecBeforeTheClientKeyExchangeIsIgnored() {
        // the early-CCS attack: no keys exist yet, so the server must not switch epochs
        Pair pair = new Pair(false, 11);
        byte[] flight = pair.upToClientKeyExchange();
        Record ccs = Records.parse(flight).get(1);
        assertThat(ccs.type()).isEqualTo(ContentType.CHANGE_CIPHER_SPEC);

        assertThat(pair.toServer(Records.datagram(ccs.withSequence(60)))).isEmpty();

        assertThat(pair.server.stats().droppedUnexpected()).isEqualTo(1);
        assertThat(pair.serverEvents).isEmpty();
        assertThat(pair.toServer(flight)).isNotEmpty();
        assertThat(pair.server.state()).isEqualTo(EngineState.CONNECTED);
    }

    @Test
    void aFinishedBeforeTheChangeCipherSpecWaitsForIt() {
        Pair pair = new Pair(false, 12);
        byte[] flight = pair.upToClientKeyExchange();
        List<Record> records = Records.parse(flight);
        assertThat(records).extracting(Record::type)
                .containsExactly(ContentType.HANDSHAKE, ContentType.CHANGE_CIPHER_SPEC, ContentType.HANDSHAKE);

        // ClientKeyExchange and Finished, without the ChangeCipherSpec between them
        assertThat(pair.toServer(Records.datagram(records.get(0), records.get(2)))).isEmpty();
        assertThat(pair.serverEvents).isEmpty();
        assertThat(pair.server.state()).isEqualTo(EngineState.HANDSHAKING);

        // the ChangeCipherSpec comes late: the held Finished is processed after it
        assertThat(pair.toServer(Records.datagram(records.get(1)))).isNotEmpty();
        assertThat(pair.serverEvents).singleElement().isInstanceOf(DtlsEvent.HandshakeCompleted.class);
    }

    @Test
    void encryptedApplicationDataBeforeTheClientsFinishedIsNeverDelivered() throws DecodeException {
        // RFC 5246 §7.4.9: no application data until the peer's Finished has been checked
        Pair pair = new Pair(false, 14);
        List<byte[]> serverFlight = pair.toServer(pair.clientHello());
        byte[] clientFlight = single(pair.toClient(serverFlight));
        List<Record> records = Records.parse(clientFlight);
        assertThat(records).extracting(Record::type)
                .containsExactly(ContentType.HANDSHAKE, ContentType.CHANGE_CIPHER_SPEC, ContentType.HANDSHAKE);
        RecordCipher clientKeys = clientSecrets(pair, serverFlight).clientWriteCipher();
        byte[] forged = "sent before Finished".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        // ClientKeyExchange, ChangeCipherSpec, then application data under the new keys where Finished belongs
        List<byte[]> answer = pair.toServer(Records.datagram(records.get(0), records.get(1),
                sealed(clientKeys, ContentType.APPLICATION_DATA, 1, forged)));

        assertThat(answer).isEmpty();
        assertThat(pair.serverEvents).isEmpty();
        assertThat(pair.server.stats().droppedUnexpected()).isEqualTo(1);
        assertThat(pair.server.stats().droppedBadMac()).as("the forged record authenticates").isZero();

        // the Finished completes the handshake; the early record is gone for good
        assertThat(pair.toServer(Records.datagram(records.get(2)))).isNotEmpty();
        assertThat(pair.serverEvents).singleElement().isInstanceOf(DtlsEvent.HandshakeCompleted.class);

        // the same keys after Finished: delivered, which shows the early record was refused for its timing alone
        pair.toServer(Records.datagram(sealed(clientKeys, ContentType.APPLICATION_DATA, 2, forged)));
        assertThat(pair.serverEvents).last().isInstanceOfSatisfying(DtlsEvent.ApplicationData.class,
                d -> assertThat(d.data()).isEqualTo(forged));
    }

    private static KeyLogSecrets clientSecrets(Pair pair, List<byte[]> serverFlight) throws DecodeException {
        Record serverHelloRecord = serverFlight.stream().flatMap(d -> Records.parse(d).stream())
                .filter(r -> r.type() == ContentType.HANDSHAKE && r.handshakeHeader().type() == HandshakeType.SERVER_HELLO)
                .findFirst().orElseThrow();
        assertThat(pair.clientKeyLog).singleElement().asString().startsWith("CLIENT_RANDOM ");
        return KeyLogSecrets.of(pair.clientKeyLog.get(0), serverHelloRecord.handshakeBody());
    }

    /** An epoch-1 record of {@code type} with {@code plaintext}, protected under {@code cipher}. */
    private static Record sealed(RecordCipher cipher, int type, long sequence, byte[] plaintext) {
        return Records.sealed(cipher, type, sequence, plaintext);
    }

    @ParameterizedTest(name = "CertificateVerify sent: {0}")
    @ValueSource(booleans = {true, false})
    void aClientCertificateWithoutCertificateVerifyNeverCompletesTheHandshake(boolean withCertificateVerify)
            throws DecodeException {
        // the skipped-CertificateVerify attack: a client presents a certificate whose key it does not hold,
        // leaves out the CertificateVerify it cannot sign, and ends with a Finished that is right for what it sent
        Pair pair = new Pair(false, 16, TestCredentials.client(KeyType.EC_P256));
        byte[] clientHello = pair.clientHello();
        List<byte[]> serverFlight = pair.toServer(clientHello);
        List<Record> sent = pair.toClient(serverFlight).stream().flatMap(d -> Records.parse(d).stream()).toList();
        List<Record> handshake = sent.stream().filter(r -> r.type() == ContentType.HANDSHAKE && r.epoch() == 0).toList();
        assertThat(handshake).extracting(r -> r.handshakeHeader().type()).containsExactly(
                HandshakeType.CERTIFICATE, HandshakeType.CLIENT_KEY_EXCHANGE, HandshakeType.CERTIFICATE_VERIFY);
        Record changeCipherSpec = sent.stream().filter(r -> r.type() == ContentType.CHANGE_CIPHER_SPEC).findFirst().orElseThrow();
        List<Record> kept = withCertificateVerify ? handshake : handshake.subList(0, 2);

        // the Finished over the transcript of what the server is given (RFC 5246 §7.4.9), under the client's keys
        HandshakeTranscript transcript = new HandshakeTranscript();
        for (byte[] datagram : concat(List.of(clientHello), serverFlight)) {
            Records.parse(datagram).forEach(r -> transcript.append(wholeMessages(r)));
        }
        kept.forEach(r -> transcript.append(wholeMessages(r)));
        KeyLogSecrets secrets = clientSecrets(pair, serverFlight);
        byte[] verifyData = Prf.verifyData(secrets.suite().prfHash(), secrets.masterSecret(), true,
                transcript.hash(secrets.suite().prfHash()));
        int finishedSeq = kept.get(kept.size() - 1).handshakeHeader().messageSeq() + 1;
        byte[] finished = Records.handshake(HandshakeType.FINISHED, finishedSeq, verifyData, 0).fragment();
        List<Record> flight = new ArrayList<>(kept);
        flight.add(changeCipherSpec);
        flight.add(sealed(secrets.clientWriteCipher(), ContentType.HANDSHAKE, 0, finished));

        List<byte[]> answer = pair.toServer(Records.datagram(flight));

        if (withCertificateVerify) {
            // the control: the forged Finished is right, so the honest flight completes
            assertThat(pair.serverEvents).singleElement().isInstanceOf(DtlsEvent.HandshakeCompleted.class);
        } else {
            assertThat(pair.serverEvents).noneMatch(e -> e instanceof DtlsEvent.HandshakeCompleted);
            assertThat(pair.server.state()).isNotEqualTo(EngineState.CONNECTED);
            DtlsEvent.Failed failed = failure(pair.serverEvents);
            assertThat(failed.cause().alert()).isEqualTo(AlertDescription.UNEXPECTED_MESSAGE);
            assertThat(failed.cause().getMessage()).contains("waiting for CertificateVerify");
            assertFatalAlertSent(answer, AlertDescription.UNEXPECTED_MESSAGE);
        }
    }

    private static List<byte[]> concat(List<byte[]> a, List<byte[]> b) {
        List<byte[]> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The handshake messages of a plaintext record that holds only whole ones, as the transcript takes them. */
    private static byte[] wholeMessages(Record record) {
        return Records.wholeMessages(record);
    }

    @Test
    void aPlaintextFinishedInsteadOfTheEncryptedOneFailsWithUnexpectedMessage() {
        Pair pair = new Pair(false, 13);
        byte[] flight = pair.upToClientKeyExchange();
        List<Record> records = Records.parse(flight);
        int finishedSeq = records.get(0).handshakeHeader().messageSeq() + 1;
        Record plainFinished = Records.handshake(HandshakeType.FINISHED, finishedSeq, new byte[12], records.get(1).sequence() + 1);

        List<byte[]> answer = pair.toServer(Records.datagram(records.get(0), records.get(1), plainFinished));

        DtlsEvent.Failed failed = failure(pair.serverEvents);
        assertThat(failed.cause().alert()).isEqualTo(AlertDescription.UNEXPECTED_MESSAGE);
        assertFatalAlertSent(answer, AlertDescription.UNEXPECTED_MESSAGE);
    }

    @Test
    void aSecondClientHelloWithAnotherRandomMidHandshakeFailsWithUnexpectedMessage() throws DecodeException {
        Pair pair = new Pair(false, 14);
        byte[] hello = pair.clientHello();
        assertThat(pair.toServer(hello)).isNotEmpty();
        Record helloRecord = Records.parse(hello).get(0);
        ClientHello original = ClientHello.decode(helloRecord.handshakeBody());
        ClientHello other = new ClientHello(original.clientVersion(), random(32, 14), original.sessionId(), original.cookie(),
                original.cipherSuites(), original.compressionMethods(), original.extensions());
        // the next message_seq the server expects, in a fresh record
        byte[] second = Records.datagram(Records.handshake(HandshakeType.CLIENT_HELLO, 1, other.encode(), helloRecord.sequence() + 1));

        List<byte[]> answer = pair.toServer(second);

        DtlsEvent.Failed failed = failure(pair.serverEvents);
        assertThat(failed.cause().alert()).isEqualTo(AlertDescription.UNEXPECTED_MESSAGE);
        assertThat(failed.timedOut()).isFalse();
        assertThat(pair.server.state()).isEqualTo(EngineState.FAILED);
        assertFatalAlertSent(answer, AlertDescription.UNEXPECTED_MESSAGE);
    }

    @Test
    void aRepeatedClientHelloMidHandshakeMakesTheServerResendItsFlight() {
        Pair pair = new Pair(false, 15);
        byte[] hello = pair.clientHello();
        List<byte[]> flight = pair.toServer(hello);
        Record helloRecord = Records.parse(hello).get(0);
        // the client's retransmission: same message, new record sequence number, a second later
        byte[] again = Records.datagram(helloRecord.withSequence(helloRecord.sequence() + 1));
        pair.server.receive(ByteBuffer.wrap(again), T + 1000);

        List<byte[]> resent = pair.drain(pair.server);

        assertThat(resent).hasSameSizeAs(flight);
        assertThat(Records.plaintextHandshakeTypes(resent.get(0))).isEqualTo(Records.plaintextHandshakeTypes(flight.get(0)));
        assertThat(pair.server.stats().retransmissions()).isEqualTo(1);
        assertThat(pair.serverEvents).isEmpty();
        assertThat(pair.server.state()).isEqualTo(EngineState.HANDSHAKING);
    }

    @Test
    void aDuplicatedClientHelloRecordIsNotAnsweredTwiceAtOnce() {
        Pair pair = new Pair(false, 16);
        byte[] hello = pair.clientHello();
        assertThat(pair.toServer(hello)).isNotEmpty();

        // the same datagram again at once (a network duplicate): epoch-0 records have no replay
        // window (they cannot authenticate), so the reassembler sees a repeated message, and the
        // server does not resend its flight twice in the same burst
        assertThat(pair.toServer(hello)).isEmpty();

        assertThat(pair.server.stats().retransmissions()).isZero();
        assertThat(pair.server.state()).isEqualTo(EngineState.HANDSHAKING);
        assertThat(pair.serverEvents).isEmpty();
    }

    @Test
    void aHelloRequestWhileTheClientNegotiatesIsIgnored() {
        // RFC 5246 §7.4.1.1: a client that is negotiating ignores HelloRequest
        Pair pair = new Pair(false, 19);
        pair.clientHello();
        byte[] helloRequest = Records.datagram(Records.handshake(HandshakeType.HELLO_REQUEST, 0, new byte[0], 5));

        assertThat(pair.toClient(List.of(helloRequest))).isEmpty();

        assertThat(pair.clientEvents).isEmpty();
        assertThat(pair.client.state()).isEqualTo(EngineState.HANDSHAKING);
    }

    @Test
    void aServerHelloSentToAServerFailsWithUnexpectedMessage() {
        Pair pair = new Pair(false, 17);
        pair.upToClientKeyExchange();
        // a client-bound message with the next message_seq the server expects from the client
        byte[] serverHelloLike = Records.datagram(Records.handshake(HandshakeType.SERVER_HELLO, 1, random(70, 17), 30));

        List<byte[]> answer = pair.toServer(serverHelloLike);

        assertThat(failure(pair.serverEvents).cause().alert()).isEqualTo(AlertDescription.UNEXPECTED_MESSAGE);
        assertFatalAlertSent(answer, AlertDescription.UNEXPECTED_MESSAGE);
    }

    @Test
    void aMalformedClientKeyExchangeFailsWithADecodeAlert() {
        Pair pair = new Pair(false, 18);
        byte[] flight = pair.upToClientKeyExchange();
        Record cke = Records.parse(flight).get(0);
        int seq = cke.handshakeHeader().messageSeq();
        // an ECPoint length byte that claims more bytes than the body holds
        byte[] body = {(byte) 65, 4, 1, 2, 3};

        List<byte[]> answer = pair.toServer(Records.datagram(Records.handshake(HandshakeType.CLIENT_KEY_EXCHANGE, seq, body, 40)));

        DtlsEvent.Failed failed = failure(pair.serverEvents);
        assertThat(failed.cause().alert()).isIn(AlertDescription.DECODE_ERROR, AlertDescription.ILLEGAL_PARAMETER);
        assertFatalAlertSent(answer, failed.cause().alert());
    }

    @Test
    void anInvalidCurvePointInTheClientKeyExchangeFailsTheHandshake() {
        Pair pair = new Pair(false, 19);
        byte[] flight = pair.upToClientKeyExchange();
        Record cke = Records.parse(flight).get(0);
        int seq = cke.handshakeHeader().messageSeq();
        byte[] point = new EcdheClientKeyExchange(new byte[32]).encode(); // right length for X25519, all zero: a low-order point

        List<byte[]> answer = pair.toServer(Records.datagram(Records.handshake(HandshakeType.CLIENT_KEY_EXCHANGE, seq, point, 40)));

        DtlsEvent.Failed failed = failure(pair.serverEvents);
        assertThat(failed.cause().alert()).isIn(AlertDescription.ILLEGAL_PARAMETER, AlertDescription.HANDSHAKE_FAILURE,
                AlertDescription.DECODE_ERROR);
        assertFatalAlertSent(answer, failed.cause().alert());
    }

    private static DtlsEvent.Failed failure(List<DtlsEvent> events) {
        assertThat(events).singleElement().isInstanceOf(DtlsEvent.Failed.class);
        return (DtlsEvent.Failed) events.get(0);
    }

    /** The answer is one plaintext fatal alert with {@code description}. */
    private static void assertFatalAlertSent(List<byte[]> answer, AlertDescription description) {
        assertThat(answer).hasSize(1);
        List<Record> records = Records.parse(answer.get(0));
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.type()).isEqualTo(ContentType.ALERT);
            assertThat(r.version()).isEqualTo(ProtocolVersion.DTLS_1_2);
            assertThat(r.epoch()).isZero();
            assertThat(r.fragment()).containsExactly(AlertMessage.FATAL, description.code());
        });
    }
}
