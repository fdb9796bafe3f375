package dev.tusk.testing.tls;

import dev.tusk.testing.ManagedPostgres;
import dev.tusk.testing.PostgresServer;
import dev.tusk.testing.internal.InstanceDirectories;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link ManagedPostgres} that speaks TLS, with password users, one client-certificate user and TLS-only users.
 *
 * <p>{@code pg_hba.conf} holds these rules, in this order, because the first line that matches a connection decides:
 * <ol>
 *   <li>{@code host all postgres 127.0.0.1/32 trust}: the harness's admin logins, with or without TLS. First, so no
 *       later rule can lock the harness out.</li>
 *   <li>{@code hostnossl all USER 127.0.0.1/32 reject}, for each TLS-only user and for the certificate user: a
 *       plaintext login fails with "pg_hba.conf rejects connection ... no encryption" (SQLSTATE 28000). Before the
 *       catch-all password rule, which would otherwise accept it.</li>
 *   <li>{@code hostssl all CERTUSER 127.0.0.1/32 cert}: the certificate user logs in with a client certificate whose
 *       CN is its name, and no password. Before the TLS password rule, which would otherwise ask it for a password.</li>
 *   <li>{@code hostssl all all 127.0.0.1/32 scram-sha-256}: SCRAM password logins over TLS.</li>
 *   <li>{@code host all all 127.0.0.1/32 scram-sha-256}: SCRAM password logins without TLS, for users not declared
 *       TLS-only; this is what makes {@link Builder#tlsOnlyUser(String)} mean something.</li>
 * </ol>
 * Every user may connect to {@link #DATABASE} and create tables in its {@code public} schema. Passwords are set with
 * a SCRAM verifier computed in the JVM, so they never reach the server's logs, and never appear in this class's
 * messages or {@code toString()}.
 */
public final class TlsPostgres implements AutoCloseable {

    /** The database the users are granted, created at start. */
    public static final String DATABASE = "tusk";
    /** The certificate user created when none is chosen. */
    public static final String DEFAULT_CERTIFICATE_USER = "tusk_cert";

    private final ManagedPostgres server;
    private final TlsMaterial material;
    private final Path materialDirectory;
    private final List<String> hbaRules;
    private volatile boolean closed;

    private TlsPostgres(ManagedPostgres server, TlsMaterial material, Path materialDirectory, List<String> hbaRules) {
        this.server = server;
        this.material = material;
        this.materialDirectory = materialDirectory;
        this.hbaRules = hbaRules;
    }

    /** A builder for a TLS server of the default version with only the default certificate user. */
    public static Builder builder() {
        return new Builder();
    }

    /** The running server; its admin connections ({@link PostgresServer#connect()}) still work. */
    public ManagedPostgres server() {
        return server;
    }

    /** The CA, server and client certificates the server was started with. */
    public TlsMaterial material() {
        return material;
    }

    /** The role that logs in with {@link TlsMaterial#clientCertificate()}. */
    public String certificateUser() {
        return material.clientUser();
    }

    /** The lines of {@code pg_hba.conf}, in the order the server reads them. */
    public List<String> hbaRules() {
        return hbaRules;
    }

    /** A PgJDBC URL for {@link #DATABASE} via {@code host} ({@code localhost} or {@code 127.0.0.1}), without TLS options. */
    public String jdbcUrl(String host) {
        return "jdbc:postgresql://" + host + ":" + server.port() + "/" + DATABASE;
    }

    /** Stops the server and deletes its data and the TLS material. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
        } finally {
            InstanceDirectories.release(this, materialDirectory);
        }
    }

    @Override
    public String toString() {
        return "TlsPostgres[" + server + ", certificate user " + certificateUser() + "]";
    }

    /** Chooses the version, users and TLS rules of a {@link TlsPostgres}; every setter validates at once. */
    public static final class Builder {
        private int version = ManagedPostgres.DEFAULT_VERSION;
        private String label = "tls";
        private String certificateUser = DEFAULT_CERTIFICATE_USER;
        private final Map<String, String> passwordUsers = new LinkedHashMap<>();
        private final Set<String> tlsOnlyUsers = new LinkedHashSet<>();
        private final Map<String, String> serverSettings = new LinkedHashMap<>();
        private Instant serverNotBefore;
        private Instant serverNotAfter;

        private Builder() {
        }

        /**
         * Issues the server certificate valid from {@code notBefore} to {@code notAfter} (default: from yesterday for a
         * year): an end in the past gives an expired certificate, which the server still starts with.
         */
        public Builder serverCertificateValidity(Instant notBefore, Instant notAfter) {
            if (notBefore == null || notAfter == null || !notBefore.isBefore(notAfter)) {
                throw new IllegalArgumentException("serverCertificateValidity must run from a time before its end, but "
                        + "was " + notBefore + " to " + notAfter);
            }
            this.serverNotBefore = notBefore;
            this.serverNotAfter = notAfter;
            return this;
        }

        /** Adds a {@code postgresql.conf} line, such as {@code ssl_max_protocol_version = 'TLSv1.1'}; the value as written there. */
        public Builder serverSetting(String name, String value) {
            ManagedPostgres.builder().setting(name, value);
            serverSettings.put(name, value);
            return this;
        }

        /** The major version to run: 16, 17 or 18. */
        public Builder version(int majorVersion) {
            // Let ManagedPostgres's builder judge the version now, so a bad one fails here rather than at start.
            ManagedPostgres.builder().version(majorVersion);
            this.version = majorVersion;
            return this;
        }

        /** A name for logs and data directories. */
        public Builder label(String label) {
            ManagedPostgres.builder().label(label);
            this.label = label;
            return this;
        }

        /** Adds a role that logs in with SCRAM-SHA-256 and {@code password}. */
        public Builder passwordUser(String name, String password) {
            RoleNames.requireValid("passwordUser name", name);
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("password of passwordUser " + name + " must not be empty");
            }
            passwordUsers.put(name, password);
            return this;
        }

        /** The role that logs in with the client certificate, which is issued with this name as CN; default {@value #DEFAULT_CERTIFICATE_USER}. */
        public Builder certificateUser(String name) {
            RoleNames.requireValid("certificateUser", name);
            this.certificateUser = name;
            return this;
        }

        /** Refuses plaintext logins for {@code name}, which must be a {@link #passwordUser} by the time of {@link #start()}. */
        public Builder tlsOnlyUser(String name) {
            RoleNames.requireValid("tlsOnlyUser", name);
            tlsOnlyUsers.add(name);
            return this;
        }

        /** Generates the certificates, starts the server, creates the users; returns once they can log in. */
        public TlsPostgres start() {
            if (passwordUsers.containsKey(certificateUser)) {
                throw new IllegalArgumentException("certificateUser " + certificateUser + " must not also be a "
                        + "passwordUser: the cert rule wins over TLS, so its password could never be used");
            }
            for (String name : tlsOnlyUsers) {
                if (!passwordUsers.containsKey(name)) {
                    throw new IllegalArgumentException("tlsOnlyUser " + name + " must also be a passwordUser; "
                            + "password users are " + passwordUsers.keySet());
                }
            }
            List<String> rules = hbaRules();
            Path directory = InstanceDirectories.create(label + "-material");
            ManagedPostgres server = null;
            TlsPostgres tls = null;
            try {
                TlsMaterial material = serverNotAfter == null ? TlsMaterial.generate(directory, certificateUser)
                        : TlsMaterial.generate(directory, certificateUser, "", serverNotBefore, serverNotAfter);
                ManagedPostgres.Builder postgres = ManagedPostgres.builder().version(version).label(label)
                        .setting("ssl", "on")
                        .setting("ssl_cert_file", "'server.crt'")
                        .setting("ssl_key_file", "'server.key'")
                        .setting("ssl_ca_file", "'ca.crt'")
                        .hbaRules(rules)
                        .customizeDataDirectory(data -> copyServerFiles(material, data))
                        // The admin rule trusts postgres with or without TLS; without it, the harness keeps working
                        // against a server whose TLS the JVM refuses on purpose (an old protocol, an expired certificate).
                        .adminSslMode("disable");
                serverSettings.forEach(postgres::setting);
                server = postgres.start();
                tls = new TlsPostgres(server, material, directory, rules);
                InstanceDirectories.register(tls, directory, server.binDirectory());
                createUsers(server);
                return tls;
            } catch (RuntimeException e) {
                if (tls != null) {
                    tls.close();
                } else {
                    if (server != null) {
                        server.close();
                    }
                    InstanceDirectories.deleteRecursively(directory);
                }
                throw e;
            }
        }

        private List<String> hbaRules() {
            List<String> rules = new ArrayList<>();
            rules.add("host      all " + ManagedPostgres.SUPERUSER + " 127.0.0.1/32 trust");
            for (String name : tlsOnlyUsers) {
                rules.add("hostnossl all " + name + " 127.0.0.1/32 reject");
            }
            rules.add("hostnossl all " + certificateUser + " 127.0.0.1/32 reject");
            rules.add("hostssl   all " + certificateUser + " 127.0.0.1/32 cert");
            rules.add("hostssl   all all 127.0.0.1/32 scram-sha-256");
            rules.add("host      all all 127.0.0.1/32 scram-sha-256");
            return List.copyOf(rules);
        }

        private static void copyServerFiles(TlsMaterial material, Path data) {
            try {
                Files.copy(material.serverCertificate(), data.resolve("server.crt"), StandardCopyOption.REPLACE_EXISTING);
                Files.copy(material.caCertificate(), data.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
                Path key = data.resolve("server.key");
                Files.copy(material.serverKey(), key, StandardCopyOption.REPLACE_EXISTING);
                // The server refuses to start with a key that others can read; copying does not keep the mode.
                Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            } catch (IOException e) {
                throw new UncheckedIOException("could not copy the server certificate and key into " + data, e);
            }
        }

        private void createUsers(ManagedPostgres server) {
            server.execute("CREATE DATABASE " + DATABASE);
            List<String> users = new ArrayList<>(passwordUsers.keySet());
            users.add(certificateUser);
            for (String name : users) {
                server.execute("CREATE ROLE " + name + " LOGIN");
                server.execute("GRANT CONNECT, CREATE, TEMPORARY ON DATABASE " + DATABASE + " TO " + name);
            }
            try (Connection connection = server.connect(DATABASE); Statement statement = connection.createStatement()) {
                for (String name : users) {
                    statement.execute("GRANT USAGE, CREATE ON SCHEMA public TO " + name);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                for (Map.Entry<String, String> user : passwordUsers.entrySet()) {
                    // PgJDBC hashes the password into a SCRAM verifier here, so the plaintext never leaves the JVM.
                    pg.alterUserPassword(user.getKey(), user.getValue().toCharArray(), "scram-sha-256");
                }
            } catch (SQLException e) {
                // The SQLException text names no password: only verifiers and role names were sent.
                throw new IllegalStateException("could not grant rights or set passwords for " + users + " on "
                        + server + ": " + e.getMessage(), e);
            }
        }
    }
}
