/**
 * Security of a client's connections: {@link dev.tusk.security.TlsReport} from {@code client.tlsReport()} (TLS on or
 * off, protocol, cipher, certificates, expiry, and findings). The inspection runs in {@code dev.tusk.security.internal};
 * docs/SECURITY.md lists what Tusk guarantees and the test that proves each guarantee.
 */
package dev.tusk.security;
