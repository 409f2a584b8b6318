package io.dtls4j.engine;

/** Counters kept by one engine. Read from the thread that drives the engine. */
public final class EngineStats {
    long recordsReceived;
    long recordsSent;
    long droppedBadRecord;
    long droppedBadMac;
    long droppedReplay;
    long droppedUnknownEpoch;
    long droppedUnknownCid;
    long droppedUnexpected;
    long retransmissions;
    long pmtuBackoffs;

    public long recordsReceived() { return recordsReceived; }
    public long recordsSent() { return recordsSent; }
    /** Records dropped because the header or length was malformed, or the datagram was truncated. */
    public long droppedBadRecord() { return droppedBadRecord; }
    /** Records whose AEAD tag did not verify. */
    public long droppedBadMac() { return droppedBadMac; }
    /** Records already seen or too old for the replay window. */
    public long droppedReplay() { return droppedReplay; }
    /** Records of an epoch we have no keys for. */
    public long droppedUnknownEpoch() { return droppedUnknownEpoch; }
    /** Records carrying a connection ID (RFC 9146) that is not ours. */
    public long droppedUnknownCid() { return droppedUnknownCid; }
    /** Records not allowed in the current state (e.g. application data before the handshake finished). */
    public long droppedUnexpected() { return droppedUnexpected; }
    /** Flights we sent again. */
    public long retransmissions() { return retransmissions; }
    /**
     * Times an unanswered flight was cut into smaller datagrams (RFC 6347 §4.1.1.1 PMTU back-off);
     * more than 0 suggests a path MTU below the configured one.
     */
    public long pmtuBackoffs() { return pmtuBackoffs; }

    @Override
    public String toString() {
        return "EngineStats{received=" + recordsReceived + ", sent=" + recordsSent + ", badRecord=" + droppedBadRecord
                + ", badMac=" + droppedBadMac + ", replay=" + droppedReplay + ", unknownEpoch=" + droppedUnknownEpoch + ", unknownCid=" + droppedUnknownCid
                + ", unexpected=" + droppedUnexpected
                + ", retransmissions=" + retransmissions
                + ", pmtuBackoffs=" + pmtuBackoffs + '}';
    }
}
