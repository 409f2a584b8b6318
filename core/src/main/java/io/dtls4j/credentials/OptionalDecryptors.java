package io.dtls4j.credentials;

import java.util.List;
import java.util.ServiceLoader;

/**
 * The {@link PrivateKeyDecryptor} implementations on the class or module path, looked up once. Core
 * needs none of them; they only widen which encrypted key files can be read.
 */
final class OptionalDecryptors {
    private OptionalDecryptors() {
    }

    private static final class Holder {
        static final List<PrivateKeyDecryptor> ALL = load();
    }

    private static List<PrivateKeyDecryptor> load() {
        try {
            return ServiceLoader.load(PrivateKeyDecryptor.class, PrivateKeyDecryptor.class.getClassLoader())
                    .stream().map(ServiceLoader.Provider::get).toList();
        } catch (java.util.ServiceConfigurationError e) {
            // a broken provider is as good as none: the missing-module message then says what to add
            return List.of();
        }
    }

    /** The providers found, in ServiceLoader order; empty when the optional module is absent. */
    static List<PrivateKeyDecryptor> all() {
        return Holder.ALL;
    }

    /** What to add to read a key that needs {@code what}, for an error message. */
    static String missing(String what) {
        return what + " needs the optional module " + PrivateKeyDecryptor.MODULE_ARTIFACT
                + " (Maven io.dtls4j:" + PrivateKeyDecryptor.MODULE_ARTIFACT + ", JPMS module "
                + PrivateKeyDecryptor.MODULE_NAME + ") on the class or module path";
    }
}
