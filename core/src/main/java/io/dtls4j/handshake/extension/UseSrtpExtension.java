package io.dtls4j.handshake.extension;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.auth.KeyKinds;
import io.dtls4j.config.SrtpProfile;
import io.dtls4j.handshake.message.ExtensionCodecs;
import io.dtls4j.handshake.message.ExtensionCodecs.UseSrtpData;
import io.dtls4j.handshake.message.ExtensionType;
import io.dtls4j.wire.DecodeException;

import java.security.MessageDigest;
import java.util.List;

/**
 * use_srtp (RFC 5764 §4.1): the SRTP protection profile and MKI of a DTLS-SRTP association. The
 * client offers its profiles in preference order with its srtp_mki; the server picks the first of
 * its own profiles that the client offered and answers with that one profile and either the
 * client's MKI (it will use it) or an empty one (§4.1.3); the client checks the answer.
 *
 * <p>A server with no SRTP profiles configured does not read the client's offer and never
 * answers, as RFC 5764 §4.1.1 allows ("the connection falls back to the negotiated DTLS cipher
 * suite"): answering would promise SRTP keys to an application that has no use for them. This is
 * deliberate, not an oversight; configure {@code srtpProfiles} to take part. Without a common
 * profile the server likewise omits the extension, unless SRTP is required: then the handshake
 * fails with handshake_failure (the "appropriate DTLS alert" of §4.1.1).
 */
final class UseSrtpExtension implements HelloExtension {

    @Override
    public int type() {
        return ExtensionType.USE_SRTP;
    }

    @Override
    public byte[] offer(HelloNegotiation n) {
        List<SrtpProfile> profiles = n.config.srtpProfiles();
        if (profiles.isEmpty()) {
            return null;
        }
        return ExtensionCodecs.useSrtp(profiles.stream().mapToInt(SrtpProfile::id).toArray(), n.config.srtpMki());
    }

    @Override
    public void readOffer(byte[] data, HelloNegotiation n) throws DtlsException, DecodeException {
        List<SrtpProfile> ours = n.config.srtpProfiles();
        if (ours.isEmpty()) {
            return; // not configured: the offer is ignored (see the class comment)
        }
        if (data == null) {
            requireSrtp(n, "the client did not offer use_srtp");
            return;
        }
        UseSrtpData offer = ExtensionCodecs.parseUseSrtp(data);
        for (SrtpProfile candidate : ours) {
            if (KeyKinds.contains(offer.profiles(), candidate.id())) {
                n.srtpProfile = candidate;
                n.srtpMki = n.config.acceptSrtpMki() ? offer.mki() : new byte[0];
                return;
            }
        }
        requireSrtp(n, "the client offers no SRTP protection profile of " + ours);
    }

    private static void requireSrtp(HelloNegotiation n, String why) throws DtlsException {
        if (n.config.requireSrtp()) {
            throw new DtlsException(AlertDescription.HANDSHAKE_FAILURE,
                    why + ", and SRTP is required (RFC 5764); offer a common profile or do not require SRTP");
        }
    }

    @Override
    public byte[] answer(HelloNegotiation n) {
        if (n.srtpProfile == null) {
            return null;
        }
        return ExtensionCodecs.useSrtp(new int[] {n.srtpProfile.id()}, n.srtpMki);
    }

    @Override
    public void readAnswer(byte[] data, byte[] offered, HelloNegotiation n) throws DtlsException, DecodeException {
        if (data == null) {
            if (offered != null) {
                requireSrtp(n, "the server did not agree to use_srtp");
            }
            return;
        }
        UseSrtpData answer = ExtensionCodecs.parseUseSrtp(data);
        // RFC 5764 §4.1.1: the server answers with a single profile, one the client offered
        if (answer.profiles().length != 1) {
            throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER,
                    "the server's use_srtp names " + answer.profiles().length + " profiles instead of one");
        }
        int chosen = answer.profiles()[0];
        UseSrtpData offer = ExtensionCodecs.parseUseSrtp(offered);
        SrtpProfile profile = SrtpProfile.fromId(chosen);
        if (profile == null || !KeyKinds.contains(offer.profiles(), chosen)) {
            throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER,
                    String.format("the server chose SRTP profile 0x%04x, which was not offered", chosen));
        }
        byte[] ourMki = offer.mki();
        // RFC 5764 §4.1.3: an empty MKI declines ours; any other must be the one we sent
        if (answer.mki().length != 0 && !MessageDigest.isEqual(answer.mki(), ourMki)) {
            throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER,
                    "the server's srtp_mki differs from the one offered");
        }
        n.srtpProfile = profile;
        n.srtpMki = answer.mki();
    }
}
