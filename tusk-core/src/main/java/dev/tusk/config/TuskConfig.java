package dev.tusk.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything Tusk needs to connect and pool: immutable, validated when built, and safe to print (the password is
 * never shown).
 */
public final class TuskConfig {

    /** The port PostgreSQL listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 5432;
    /** The most connections the pool opens unless told otherwise. */
    public static final int DEFAULT_POOL_MAX_SIZE = 10;
    /** The connections the pool keeps open when idle unless told otherwise. */
    public static final int DEFAULT_POOL_MIN_SIZE = 1;
    /** How long a caller waits for a free connection unless told otherwise. */
    public static final Duration DEFAULT_ACQUIRE_TIMEOUT = Duration.ofSeconds(30);
    /** The {@code application_name} sessions report unless told otherwise. */
    public static final String DEFAULT_APPLICATION_NAME = "tusk";

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final String applicationName;
    private final int poolMinSize;
    private final int poolMaxSize;
    private final Duration acquireTimeout;

    private TuskConfig(Builder builder) {
        this.host = builder.host;
        this.port = builder.port;
        this.database = builder.database;
        this.user = builder.user;
        this.password = builder.password;
        this.applicationName = builder.applicationName;
        this.poolMinSize = builder.poolMinSize;
        this.poolMaxSize = builder.poolMaxSize;
        this.acquireTimeout = builder.acquireTimeout;
    }

    /** A builder with every setting at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Parses a {@code postgresql://}, {@code postgres://} or {@code jdbc:postgresql://} URL into a config. */
    public static TuskConfig fromUrl(String url) {
        return builder().url(url).build();
    }

    /** The server's host name or address. */
    public String host() {
        return host;
    }

    /** The server's TCP port. */
    public int port() {
        return port;
    }

    /** The database to connect to. */
    public String database() {
        return database;
    }

    /** The role to log in as. */
    public String user() {
        return user;
    }

    /** The password, or null; never printed. */
    public String password() {
        return password;
    }

    /** The {@code application_name} every session reports, so operators can tell Tusk's sessions apart. */
    public String applicationName() {
        return applicationName;
    }

    /** The connections kept open when idle. */
    public int poolMinSize() {
        return poolMinSize;
    }

    /** The most connections the pool opens. */
    public int poolMaxSize() {
        return poolMaxSize;
    }

    /** How long a caller waits for a free connection before failing. */
    public Duration acquireTimeout() {
        return acquireTimeout;
    }

    /** The PgJDBC URL for this config, without credentials. */
    public String jdbcUrl() {
        String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + hostPart + ":" + port + "/" + database;
    }

    /** A builder holding this config's values, to derive a changed copy. */
    public Builder toBuilder() {
        return builder().host(host).port(port).database(database).user(user).password(password)
                .applicationName(applicationName).poolMinSize(poolMinSize).poolMaxSize(poolMaxSize)
                .acquireTimeout(acquireTimeout);
    }

    @Override
    public String toString() {
        return "TuskConfig[" + user + "@" + host + ":" + port + "/" + database
                + ", password=" + (password == null ? "none" : "***")
                + ", applicationName=" + applicationName + ", pool=" + poolMinSize + ".." + poolMaxSize
                + ", acquireTimeout=" + acquireTimeout + "]";
    }

    /** Collects and validates settings; every setter checks its value at once and names it when it is wrong. */
    public static final class Builder {
        private String host = "localhost";
        private int port = DEFAULT_PORT;
        private String database = "postgres";
        private String user = System.getProperty("user.name", "postgres");
        private String password;
        private String applicationName = DEFAULT_APPLICATION_NAME;
        private int poolMinSize = DEFAULT_POOL_MIN_SIZE;
        private int poolMaxSize = DEFAULT_POOL_MAX_SIZE;
        private Duration acquireTimeout = DEFAULT_ACQUIRE_TIMEOUT;

        private Builder() {
        }

        /** Takes host, port, database, user and password from a connection URL; later setters override them. */
        public Builder url(String url) {
            ConnectionUrl.parse(url).applyTo(this);
            return this;
        }

        /** The server's host name or address. */
        public Builder host(String host) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must not be empty");
            }
            this.host = host;
            return this;
        }

        /** The server's TCP port, 1 to 65535. */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be from 1 to 65535, but was " + port);
            }
            this.port = port;
            return this;
        }

        /** The database to connect to. */
        public Builder database(String database) {
            if (database == null || database.isBlank()) {
                throw new IllegalArgumentException("database must not be empty");
            }
            this.database = database;
            return this;
        }

        /** The role to log in as. */
        public Builder user(String user) {
            if (user == null || user.isBlank()) {
                throw new IllegalArgumentException("user must not be empty");
            }
            this.user = user;
            return this;
        }

        /** The password, or null for none. */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** The {@code application_name} sessions report. */
        public Builder applicationName(String applicationName) {
            Objects.requireNonNull(applicationName, "applicationName");
            if (applicationName.length() > 63) {
                throw new IllegalArgumentException("applicationName must be at most 63 characters, but was "
                        + applicationName.length() + " long: " + applicationName);
            }
            this.applicationName = applicationName;
            return this;
        }

        /** The connections kept open when idle, 0 to 10000. */
        public Builder poolMinSize(int poolMinSize) {
            if (poolMinSize < 0 || poolMinSize > 10_000) {
                throw new IllegalArgumentException("poolMinSize must be from 0 to 10000, but was " + poolMinSize);
            }
            this.poolMinSize = poolMinSize;
            return this;
        }

        /** The most connections the pool opens, 1 to 10000. */
        public Builder poolMaxSize(int poolMaxSize) {
            if (poolMaxSize < 1 || poolMaxSize > 10_000) {
                throw new IllegalArgumentException("poolMaxSize must be from 1 to 10000, but was " + poolMaxSize);
            }
            this.poolMaxSize = poolMaxSize;
            return this;
        }

        /** How long a caller waits for a free connection; at least 250 ms, as HikariCP requires. */
        public Builder acquireTimeout(Duration acquireTimeout) {
            Objects.requireNonNull(acquireTimeout, "acquireTimeout");
            if (acquireTimeout.compareTo(Duration.ofMillis(250)) < 0) {
                throw new IllegalArgumentException("acquireTimeout must be at least 250ms, but was " + acquireTimeout);
            }
            this.acquireTimeout = acquireTimeout;
            return this;
        }

        /** Checks the settings against each other and returns the immutable config. */
        public TuskConfig build() {
            if (poolMinSize > poolMaxSize) {
                throw new IllegalArgumentException("poolMinSize (" + poolMinSize + ") must not exceed poolMaxSize ("
                        + poolMaxSize + ")");
            }
            return new TuskConfig(this);
        }
    }
}
