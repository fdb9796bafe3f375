package dev.tusk.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What each profile demands of TLS and the password: production refuses TLS that does not verify the server (unless
 * {@code allowUnverifiedTls} accepts require or verify-ca) and a remote server without a password; staging warns about
 * the same; development permits everything. Checked by {@link TuskConfig}'s constructor, so no way of building a config
 * escapes it, and by the loader first, so its message names the variables.
 */
final class ProfileRules {

    /** The hosts that count as local, for messages. */
    static final String LOCAL_HOSTS = "localhost, 127.0.0.0/8, ::1 or a Unix socket directory";

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9a-fA-F:.]*:[0-9a-fA-F:.]*]?");

    private ProfileRules() {
    }

    /** Throws an {@link IllegalArgumentException} naming the setting and the fix when production refuses the values. */
    static void enforce(Profile profile, String host, String password, CredentialsProvider credentials, SslMode sslMode,
                        Path sslCert, boolean allowUnverifiedTls) {
        if (profile != Profile.PRODUCTION) {
            return;
        }
        if (refusesTls(sslMode, allowUnverifiedTls)) {
            throw new IllegalArgumentException("sslMode " + sslMode.libpqName() + " is refused under profile production: "
                    + weakness(sslMode) + "; set sslMode to verify-full" + (sslMode.requiresTls()
                    ? ", or accept " + sslMode.libpqName() + " explicitly with allowUnverifiedTls (logged at every start)"
                    : " (allowUnverifiedTls accepts require and verify-ca, never a mode that may go without TLS)"));
        }
        if (needsPassword(host, password, sslCert, credentials)) {
            throw new IllegalArgumentException("password is not set for host " + host + " under profile production: a "
                    + "server that is not local (" + LOCAL_HOSTS + ") needs a password or a client certificate "
                    + "(sslCert and sslKey)");
        }
    }

    /** The loader's copy of {@link #enforce}, naming the variables and the profile's source; skips refused settings. */
    static void check(Map<Setting, Layer.Candidate> resolved, Profile profile, Problems problems) {
        if (profile != Profile.PRODUCTION || problems.failed(Setting.PROFILE)) {
            return;
        }
        String underProfile = " is refused under " + profileSource(resolved) + ": ";
        if (!problems.failed(Setting.SSL_MODE) && !problems.failed(Setting.ALLOW_UNVERIFIED_TLS)) {
            SslMode mode = (SslMode) Relations.effective(resolved, Setting.SSL_MODE, profile);
            if (refusesTls(mode, (Boolean) Relations.effective(resolved, Setting.ALLOW_UNVERIFIED_TLS, profile))) {
                Layer.Candidate candidate = resolved.get(Setting.SSL_MODE);
                SettingSource source = candidate != null ? candidate.source() : SettingSource.profileDefault(profile, true);
                problems.add("sslMode=" + mode.libpqName() + " (from " + source.name() + ")" + underProfile
                        + weakness(mode) + "; production needs verify-full: " + fixToVerifyFull(source)
                        + (mode.requiresTls() ? ", or accept " + mode.libpqName() + " explicitly with "
                        + TuskVariables.ALLOW_UNVERIFIED_TLS + "=true (logged at every start)"
                        : " (" + TuskVariables.ALLOW_UNVERIFIED_TLS + " accepts require and verify-ca, never a mode "
                        + "that may go without TLS)"));
            }
        }
        if (!problems.failed(Setting.HOST) && !problems.failed(Setting.PASSWORD) && !problems.failed(Setting.SSL_CERT)) {
            String host = (String) Relations.effective(resolved, Setting.HOST, profile);
            if (needsPassword(host, (String) Relations.effective(resolved, Setting.PASSWORD, profile),
                    (Path) Relations.effective(resolved, Setting.SSL_CERT, profile),
                    (CredentialsProvider) Relations.effective(resolved, Setting.CREDENTIALS, profile))) {
                Layer.Candidate source = resolved.get(Setting.HOST);
                problems.add("an empty password for host=" + host + " (from "
                        + (source == null ? "default" : source.source().name()) + ")" + underProfile
                        + "the host is not local (" + LOCAL_HOSTS + "); set POSTGRES_PASSWORD (or PGPASSWORD, the "
                        + "URL's password, ~/.pgpass), or log in with a client certificate (POSTGRES_SSL_CERT and "
                        + "POSTGRES_SSL_KEY)");
            }
        }
    }

    /** What an operator should hear at every client start: staging's weak spots, production's override in use. */
    static List<String> warnings(TuskConfig config) {
        List<String> warnings = new ArrayList<>();
        SslMode mode = config.sslMode();
        if (config.profile() == Profile.STAGING) {
            if (mode != SslMode.VERIFY_FULL) {
                warnings.add("sslMode=" + mode.libpqName() + " under profile staging: " + weakness(mode)
                        + "; production refuses it, use verify-full");
            }
            if (needsPassword(config.host(), config.password(), config.sslCert(), config.credentials())) {
                warnings.add("password is not set for host " + config.host() + " under profile staging: production "
                        + "refuses a server that is not local (" + LOCAL_HOSTS + ") without a password or a client "
                        + "certificate");
            }
        } else if (config.profile() == Profile.PRODUCTION && mode != SslMode.VERIFY_FULL && config.allowUnverifiedTls()) {
            warnings.add("allowUnverifiedTls=true accepts sslMode=" + mode.libpqName() + " under profile production: "
                    + weakness(mode) + ", so whoever sits on the network path can pose as the server; use verify-full "
                    + "and remove the override");
        }
        return warnings;
    }

    /**
     * Whether {@code host} is this machine, judged from its text alone: a lookup would make building a config slow and
     * its outcome depend on DNS. A name that resolves to a loopback address elsewhere does not count.
     */
    static boolean isLocal(String host) {
        String name = host.strip().toLowerCase(Locale.ROOT);
        if (name.equals("localhost") || name.startsWith("/")) {
            return true;
        }
        if (!IP_LITERAL.matcher(name).matches()) {
            return false;
        }
        try {
            // A literal address is parsed, never looked up.
            return InetAddress.getByName(name.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException | IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean refusesTls(SslMode mode, boolean allowUnverifiedTls) {
        return mode != SslMode.VERIFY_FULL && !(allowUnverifiedTls && mode.requiresTls());
    }

    // A client certificate is a credential of its own: certificate login needs no password. A credentials provider
    // hands one out per connection, which only a connection attempt can check.
    private static boolean needsPassword(String host, String password, Path sslCert, CredentialsProvider credentials) {
        return (password == null || password.isEmpty()) && sslCert == null && credentials == null && !allLocal(host);
    }

    /** Whether every server of a host list is this machine; a list that does not parse is judged as one name. */
    private static boolean allLocal(String hosts) {
        try {
            return HostList.parse(hosts, TuskConfig.DEFAULT_PORT).stream().allMatch(server -> isLocal(server.host()));
        } catch (IllegalArgumentException e) {
            return isLocal(hosts);
        }
    }

    private static String weakness(SslMode mode) {
        return switch (mode) {
            case DISABLE -> "it never uses TLS, so the password and every row cross the network in clear";
            case ALLOW, PREFER -> "it falls back to a connection without TLS and does not verify the server";
            case REQUIRE -> "it does not verify the server's certificate";
            case VERIFY_CA -> "it does not verify that the server's certificate names its host";
            case VERIFY_FULL -> "it verifies the server";
        };
    }

    private static String fixToVerifyFull(SettingSource source) {
        String name = source.name();
        if (name.endsWith(PostgresVariables.SSL_CHECK_HOSTNAME + "=false")) {
            return "remove " + PostgresVariables.SSL_CHECK_HOSTNAME + "=false";
        }
        return switch (source.kind()) {
            case BUILDER -> "set sslMode(SslMode.VERIFY_FULL) on the builder";
            case URL -> "set sslmode=verify-full in " + name;
            case ENVIRONMENT -> name.equals(PostgresVariables.SSL_ENABLED)
                    ? "remove " + PostgresVariables.SSL_ENABLED + "=false, or set " + PostgresVariables.SSL_MODE
                    + "=verify-full with " + PostgresVariables.SSL_ENABLED + "=true"
                    : "set " + name + "=verify-full";
            case PASSWORD_FILE, DEFAULT -> "set POSTGRES_SSL_MODE=verify-full";
        };
    }

    private static String profileSource(Map<Setting, Layer.Candidate> resolved) {
        Layer.Candidate candidate = resolved.get(Setting.PROFILE);
        if (candidate == null || candidate.source().kind() == SettingSource.Kind.BUILDER) {
            return "profile production";
        }
        return candidate.source().name() + "=production";
    }
}
