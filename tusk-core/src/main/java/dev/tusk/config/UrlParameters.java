package dev.tusk.config;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The query parameters a connection URL may carry: libpq's names, PgJDBC's where one maps cleanly onto a setting, and
 * Prisma's. Any other parameter is refused by name, as libpq refuses it: ignoring, say, {@code gssencmode=require}
 * would quietly weaken what the URL asked for.
 */
final class UrlParameters {

    /** One parameter: the setting it sets, how its text is read, and what it accepts. */
    record Parameter(String name, Setting setting, Function<String, Object> parser, String expectation) {
    }

    // For one setting the first parameter present wins, so libpq's names come before PgJDBC's and Prisma's aliases.
    private static final List<Parameter> PARAMETERS = List.of(
            standard("user", Setting.USER),
            standard("password", Setting.PASSWORD),
            standard("sslmode", Setting.SSL_MODE),
            // PgJDBC: ssl=true without sslmode means verify-full, not libpq's non-verifying default.
            new Parameter("ssl", Setting.SSL_MODE,
                    text -> Setting.parseBoolean(text) ? SslMode.VERIFY_FULL : SslMode.DISABLE,
                    "true or false"),
            standard("sslrootcert", Setting.SSL_ROOT_CERT),
            standard("sslcert", Setting.SSL_CERT),
            standard("sslkey", Setting.SSL_KEY),
            standard("sslpassword", Setting.SSL_PASSWORD),
            standard("channel_binding", Setting.CHANNEL_BINDING),
            standard("channelBinding", Setting.CHANNEL_BINDING),
            standard("sslnegotiation", Setting.SSL_NEGOTIATION),
            standard("sslNegotiation", Setting.SSL_NEGOTIATION),
            duration("connect_timeout", Setting.CONNECT_TIMEOUT),
            duration("connectTimeout", Setting.CONNECT_TIMEOUT),
            standard("application_name", Setting.APPLICATION_NAME),
            standard("ApplicationName", Setting.APPLICATION_NAME),
            standard("fallback_application_name", Setting.APPLICATION_NAME),
            standard("options", Setting.OPTIONS),
            standard("target_session_attrs", Setting.TARGET_SESSION_ATTRS),
            new Parameter("targetServerType", Setting.TARGET_SESSION_ATTRS, UrlParameters::targetServerType,
                    "one of any, primary, secondary, preferSecondary (or master, slave, preferSlave)"),
            standard("pgbouncer", Setting.PGBOUNCER),
            standard("preparedStatementCacheQueries", Setting.PREPARED_STATEMENT_CACHE_SIZE),
            standard("connection_limit", Setting.POOL_MAX_SIZE),
            duration("pool_timeout", Setting.ACQUIRE_TIMEOUT));

    /** Parameters that set the schema search path, folded into {@code options} as {@code -c search_path=...}. */
    private static final List<String> SCHEMA_PARAMETERS = List.of("schema", "currentSchema");

    private UrlParameters() {
    }

    /** Every parameter name a URL may carry, for documentation and for the message about an unknown one. */
    static List<String> names() {
        List<String> names = new ArrayList<>(PARAMETERS.stream().map(Parameter::name).toList());
        names.addAll(SCHEMA_PARAMETERS);
        return names;
    }

    /** Offers the settings {@code parameters} give to {@code layer}; bad values and unknown names go to {@code problems}. */
    static void read(Map<String, String> parameters, String label, SettingSource source, Layer layer, Problems problems) {
        for (String name : parameters.keySet()) {
            if (!names().contains(name)) {
                // The value is not shown: an unknown parameter may be a secret.
                problems.add(label + " has an unknown parameter " + name + "; Tusk understands "
                        + String.join(", ", names().stream().sorted(String.CASE_INSENSITIVE_ORDER).toList()));
            }
        }
        readSchema(parameters, label, source, layer, problems);
        for (Parameter parameter : PARAMETERS) {
            String text = parameters.get(parameter.name());
            if (text == null) {
                continue;
            }
            try {
                Object value = parameter.parser().apply(text);
                parameter.setting().check(value);
                layer.offer(parameter.setting(), value, source);
            } catch (IllegalArgumentException e) {
                problems.add(parameter.setting(), label + " parameter " + parameter.name() + "="
                        + Problems.shown(parameter.setting(), text) + ": expected " + parameter.expectation());
            }
        }
    }

    private static void readSchema(Map<String, String> parameters, String label, SettingSource source, Layer layer,
                                   Problems problems) {
        for (String name : SCHEMA_PARAMETERS) {
            String schema = parameters.get(name);
            if (schema == null) {
                continue;
            }
            if (schema.isBlank()) {
                problems.add(Setting.OPTIONS, label + " parameter " + name + "=: expected a schema name");
                return;
            }
            String options = parameters.get("options");
            String searchPath = "-c search_path=" + schema.strip().replace("\\", "\\\\").replace(" ", "\\ ");
            layer.offer(Setting.OPTIONS, options == null || options.isBlank() ? searchPath : options.strip() + " " + searchPath,
                    source);
            return;
        }
    }

    private static Object targetServerType(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "any" -> TargetSessionAttrs.ANY;
            case "primary", "master" -> TargetSessionAttrs.PRIMARY;
            case "secondary", "slave" -> TargetSessionAttrs.STANDBY;
            case "prefersecondary", "preferslave" -> TargetSessionAttrs.PREFER_STANDBY;
            default -> throw new IllegalArgumentException("unknown targetServerType");
        };
    }

    private static Parameter standard(String name, Setting setting) {
        return new Parameter(name, setting, text -> setting.parse(text, null), setting.expectation(null));
    }

    private static Parameter duration(String name, Setting setting) {
        // libpq's connect_timeout, PgJDBC's connectTimeout and Prisma's pool_timeout are all whole seconds.
        return new Parameter(name, setting, text -> setting.parse(text, ChronoUnit.SECONDS),
                setting.expectation(ChronoUnit.SECONDS));
    }
}
