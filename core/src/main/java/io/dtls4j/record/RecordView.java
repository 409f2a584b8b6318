package io.dtls4j.record;

/**
 * Where the parts of one received record lie in its datagram, as a {@link RecordFormat} read them.
 * The header is parsed once per record, into one instance the record layer reuses for every record
 * (nothing is allocated per record). Fields a format does not carry keep their "absent" values.
 */
public final class RecordView {
    /** Offset of the record's first byte in the datagram. */
    public int offset;
    /** Bytes of header before the fragment. */
    public int headerLength;
    /**
     * Content type: as on the wire after {@link RecordFormat#parseHeader} (0 for the DTLS 1.3 unified
     * header, which has none), the real type once {@link RecordFormat#open} removed an inner
     * plaintext's wrapping (RFC 9146 §4, RFC 9147 §4).
     */
    public int contentType;
    /** The header's version field, or 0 when the format has none (the DTLS 1.3 unified header). */
    public int version;
    /** The epoch, or its low {@link #epochBits} bits when the header carries only those. */
    public long epoch;
    /**
     * How many low bits of the epoch the header carries: 16 in DTLS 1.2, 2 in the DTLS 1.3 unified
     * header; 64 once {@link RecordLayer#open} set {@link #epoch} to the full epoch of the record.
     */
    public int epochBits;
    /** The sequence number, or its low {@link #sequenceBits} bits until the format reconstructs it. */
    public long sequence;
    /** How many low bits of the sequence number the header carries (48 in DTLS 1.2; 8 or 16 in DTLS 1.3). */
    public int sequenceBits;
    /** Offset and length of the connection ID in the header; length 0 when there is none. */
    public int cidOffset;
    public int cidLength;
    /**
     * Set by {@link RecordFormat#parseHeader} when the header carries a connection ID that is not the
     * one this association issued: the record layer drops the record as {@link RecordLayer#DROP_UNKNOWN_CID},
     * and its fragment runs to the end of the datagram, so that nothing after it is read either (RFC 9147 §4:
     * once a record of another association appears, the rest of the datagram is discarded).
     */
    public boolean unknownCid;
    /**
     * Set by {@link RecordLayer#open} when the record authenticated in the newest readable epoch with a
     * sequence number above every one accepted there before: the newest record from the peer, whose
     * source address RFC 9146 §6 lets a transport take as the peer's new address.
     */
    public boolean newest;
    /** Offset and length of the (protected) fragment; after opening, of the plaintext content. */
    public int fragmentOffset;
    public int fragmentLength;

    /** The format that read the header. */
    RecordFormat format;

    /** Bytes the whole record occupies in the datagram, header included. */
    public int recordLength() {
        return fragmentOffset + fragmentLength - offset;
    }

    void clear(int at) {
        format = null;
        offset = at;
        headerLength = 0;
        contentType = 0;
        version = 0;
        epoch = 0;
        epochBits = 0;
        sequence = 0;
        sequenceBits = 0;
        cidOffset = 0;
        cidLength = 0;
        unknownCid = false;
        newest = false;
        fragmentOffset = at;
        fragmentLength = 0;
    }
}
