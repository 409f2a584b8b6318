package io.dtls4j.cli;

import io.dtls4j.config.SrtpProfile;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Reads one name of a {@code --srtp} list: OpenSSL's ({@code SRTP_AES128_CM_SHA1_80}) or the RFC's, in any case. */
public final class SrtpProfileNames implements ITypeConverter<SrtpProfile> {

    @Override
    public SrtpProfile convert(String value) {
        SrtpProfile profile = SrtpProfile.fromName(value.trim());
        if (profile == null) {
            throw new TypeConversionException("unknown SRTP profile '" + value + "'; supported: "
                    + Arrays.stream(SrtpProfile.values()).map(SrtpProfile::openSslName).collect(Collectors.joining(":")));
        }
        return profile;
    }
}
