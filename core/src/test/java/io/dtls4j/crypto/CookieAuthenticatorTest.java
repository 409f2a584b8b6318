package io.dtls4j.crypto;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CookieAuthenticatorTest {
    private static final long ROTATION = 60_000;
    private static final long T0 = 1_700_000_000_000L; // somewhere inside a period
    private static final byte[] ADDRESS = {127, 0, 0, 1, 0x13, (byte) 0x88};
    private static final byte[] PARAMETERS = "fefd|random|session|suites|compression|extensions".getBytes();

    private final CookieAuthenticator cookies = new CookieAuthenticator(new SecureRandom(), ROTATION);

    @Test
    void acceptsAFreshCookieForTheSameAddressAndParameters() {
        byte[] cookie = cookies.create(ADDRESS, PARAMETERS, T0);
        assertThat(cookie).hasSize(CookieAuthenticator.COOKIE_LENGTH);
        assertThat(CookieAuthenticator.COOKIE_LENGTH).isLessThanOrEqualTo(255);
        assertThat(cookies.verify(cookie, ADDRESS, PARAMETERS, T0)).isTrue();
        assertThat(cookies.verify(cookie, ADDRESS, PARAMETERS, T0 + 1)).isTrue();
    }

    @Test
    void rejectsTheCookieForAnotherAddressOrOtherParameters() {
        byte[] cookie = cookies.create(ADDRESS, PARAMETERS, T0);
        byte[] otherPort = ADDRESS.clone();
        otherPort[5]++;
        byte[] otherParameters = PARAMETERS.clone();
        otherParameters[7] ^= 1;
        assertThat(cookies.verify(cookie, otherPort, PARAMETERS, T0)).isFalse();
        assertThat(cookies.verify(cookie, ADDRESS, otherParameters, T0)).isFalse();
    }

    @Test
    void addressAndParametersCannotTradeBytes() {
        // the same concatenation split differently must give a different cookie
        byte[] cookie = cookies.create(new byte[] {1, 2, 3}, new byte[] {4, 5}, T0);
        assertThat(cookies.verify(cookie, new byte[] {1, 2}, new byte[] {3, 4, 5}, T0)).isFalse();
    }

    @Test
    void rejectsTamperedTruncatedAndOverlongCookies() {
        byte[] cookie = cookies.create(ADDRESS, PARAMETERS, T0);
        for (int i = 0; i < cookie.length; i++) {
            byte[] tampered = cookie.clone();
            tampered[i] ^= 0x01;
            assertThat(cookies.verify(tampered, ADDRESS, PARAMETERS, T0)).as("byte %d", i).isFalse();
        }
        assertThat(cookies.verify(Arrays.copyOf(cookie, cookie.length - 1), ADDRESS, PARAMETERS, T0)).isFalse();
        assertThat(cookies.verify(Arrays.copyOf(cookie, cookie.length + 1), ADDRESS, PARAMETERS, T0)).isFalse();
        assertThat(cookies.verify(new byte[0], ADDRESS, PARAMETERS, T0)).isFalse();
        assertThat(cookies.verify(null, ADDRESS, PARAMETERS, T0)).isFalse();
    }

    @Test
    void acceptedAfterOneRotationRejectedAfterTwo() {
        byte[] cookie = cookies.create(ADDRESS, PARAMETERS, T0);
        assertThat(cookies.verify(cookie, ADDRESS, PARAMETERS, T0 + ROTATION)).as("one rotation later").isTrue();
        assertThat(cookies.verify(cookie, ADDRESS, PARAMETERS, T0 + 2 * ROTATION)).as("two rotations later").isFalse();
        // a new cookie is made under the new secret and accepted
        byte[] fresh = cookies.create(ADDRESS, PARAMETERS, T0 + 2 * ROTATION);
        assertThat(fresh).isNotEqualTo(cookie);
        assertThat(cookies.verify(fresh, ADDRESS, PARAMETERS, T0 + 2 * ROTATION)).isTrue();
    }

    @Test
    void aLongSilenceRetiresBothSecrets() {
        byte[] cookie = cookies.create(ADDRESS, PARAMETERS, T0);
        // no calls for several periods: the first call after them must not accept the old cookie
        assertThat(cookies.verify(cookie, ADDRESS, PARAMETERS, T0 + 5 * ROTATION)).isFalse();
    }

    @Test
    void aClockSteppingBackKeepsTheCurrentSecret() {
        byte[] cookie = cookies.create(ADDRESS, PARAMETERS, T0);
        assertThat(cookies.verify(cookie, ADDRESS, PARAMETERS, T0 - 3 * ROTATION)).isTrue();
    }

    @Test
    void cookiesDependOnTheSecretsRandomness() {
        CookieAuthenticator a = new CookieAuthenticator(new SeededRandom(1), ROTATION);
        CookieAuthenticator sameSeed = new CookieAuthenticator(new SeededRandom(1), ROTATION);
        CookieAuthenticator otherSeed = new CookieAuthenticator(new SeededRandom(2), ROTATION);
        byte[] cookie = a.create(ADDRESS, PARAMETERS, T0);
        assertThat(sameSeed.create(ADDRESS, PARAMETERS, T0)).isEqualTo(cookie);
        assertThat(otherSeed.verify(cookie, ADDRESS, PARAMETERS, T0)).isFalse();
    }

    @Test
    void refusesANonPositiveRotation() {
        assertThatThrownBy(() -> new CookieAuthenticator(new SecureRandom(), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A deterministic SecureRandom for comparing secrets across instances. */
    private static final class SeededRandom extends SecureRandom {
        private final Random random;

        SeededRandom(long seed) {
            this.random = new Random(seed);
        }

        @Override
        public void nextBytes(byte[] bytes) {
            random.nextBytes(bytes);
        }
    }
}
