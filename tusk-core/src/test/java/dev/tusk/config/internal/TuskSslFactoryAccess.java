package dev.tusk.config.internal;

import javax.net.ssl.SSLHandshakeException;

/** Opens {@link TuskSslFactory}'s protocol filter to tests in other packages. */
public final class TuskSslFactoryAccess {

    private TuskSslFactoryAccess() {
    }

    /** {@link TuskSslFactory#allowedOf(String[])}. */
    public static String[] allowedOf(String... enabled) throws SSLHandshakeException {
        return TuskSslFactory.allowedOf(enabled);
    }
}
