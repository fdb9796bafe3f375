/**
 * Security of a client's work: {@link dev.tusk.security.TlsReport} from {@code client.tlsReport()} (TLS on or off,
 * protocol, cipher, certificates, expiry, and findings), and {@link dev.tusk.security.TenantContext} for row-level
 * security, applied to each transaction so that pooled connections never carry one tenant's settings into another's
 * work, and {@link dev.tusk.security.AuditLog} from {@code client.audit()}, written asynchronously to the audit table and
 * the {@code dev.tusk.audit} logger. docs/SECURITY.md lists what Tusk guarantees and the test that proves each guarantee.
 */
package dev.tusk.security;
