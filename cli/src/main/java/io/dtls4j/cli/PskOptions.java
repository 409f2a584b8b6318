package io.dtls4j.cli;

import io.dtls4j.credentials.PreSharedKey;
import picocli.CommandLine.Option;

import java.util.HexFormat;

/**
 * {@code --psk} and {@code --psk-identity}, as {@code openssl s_client/s_server -psk -psk_identity}:
 * a pre-shared key (RFC 4279) in hex and the identity it goes by. The key never appears in messages.
 */
public final class PskOptions {
    /** OpenSSL's default identity on both sides, so that a pair needs only {@code -psk}/{@code --psk}. */
    static final String DEFAULT_IDENTITY = "Client_identity";

    @Option(names = "--psk", paramLabel = "HEX",
            description = "Pre-shared key in hex: enables the PSK and ECDHE_PSK cipher suites.")
    String pskHex;

    @Option(names = "--psk-identity", paramLabel = "ID",
            description = "The identity of the --psk key (the client sends it, the server accepts it). Default: "
                    + DEFAULT_IDENTITY + ", as OpenSSL's.")
    String identity;

    /** True when a key was given. */
    boolean given() {
        return pskHex != null;
    }

    /** The key and identity, or null when no --psk was given. */
    PreSharedKey load() throws CliException {
        if (pskHex == null) {
            if (identity != null) {
                throw new CliException(ExitCode.USAGE, "--psk-identity needs --psk (the key of that identity)");
            }
            return null;
        }
        byte[] key;
        try {
            key = HexFormat.of().parseHex(pskHex.trim());
        } catch (IllegalArgumentException e) {
            // not the value: it is a secret
            throw new CliException(ExitCode.USAGE, "--psk must be hexadecimal digits (an even number of them)");
        }
        try {
            return PreSharedKey.of(identity != null ? identity : DEFAULT_IDENTITY, key);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, "--psk/--psk-identity: " + e.getMessage());
        }
    }
}
