package dev.tusk.security;

import dev.tusk.internal.SqlNames;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who a transaction works for: a tenant id set as a transaction-local setting (by default {@code app.tenant_id}) for
 * row-level security policies to read with {@code current_setting}, and optionally a role to take for the transaction
 * ({@code SET LOCAL ROLE}). Both end with the transaction, whether it commits or rolls back. Immutable; every
 * {@code withX} validates at once and returns a copy.
 *
 * @param setting  the custom setting that carries the tenant id, such as {@code app.tenant_id}
 * @param tenantId the tenant id, bound as a parameter and never spliced into SQL
 * @param role     the role to take for the transaction, or null to keep the login role
 */
public record TenantContext(String setting, String tenantId, String role) {

    /** The setting a tenant id goes into unless {@link #withSetting} names another. */
    public static final String DEFAULT_SETTING = "app.tenant_id";

    // A custom setting needs a prefix and a dot, which also keeps built-in settings (search_path, role) out of reach.
    private static final Pattern CUSTOM_SETTING = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)+");

    /** Checks the setting name and role are what they claim to be, and that the tenant id is usable. */
    public TenantContext {
        Objects.requireNonNull(setting, "setting");
        if (!CUSTOM_SETTING.matcher(setting).matches()) {
            throw new IllegalArgumentException("setting must be a custom setting name with a prefix and a dot, such as "
                    + DEFAULT_SETTING + " (letters, digits, _ or $ in each part), but was '" + setting + "'");
        }
        // The value itself stays out of messages: it is a parameter like any other.
        Objects.requireNonNull(tenantId, "tenantId");
        if (tenantId.isEmpty()) {
            // After a tenant's transaction the session's setting reads as '' again, which must mean "no tenant".
            throw new IllegalArgumentException("tenantId must not be empty: an empty " + setting
                    + " is what a connection reads when it works for no tenant");
        }
        if (tenantId.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("tenantId must not contain a NUL character, which PostgreSQL cannot store");
        }
        if (role != null) {
            role = normalizedRole(role);
        }
    }

    /** A context for {@code tenantId} in {@link #DEFAULT_SETTING}, keeping the login role. */
    public static TenantContext of(String tenantId) {
        return new TenantContext(DEFAULT_SETTING, tenantId, null);
    }

    /** This context with the tenant id in {@code setting} instead, e.g. {@code app.org_id}. */
    public TenantContext withSetting(String setting) {
        return new TenantContext(setting, tenantId, role);
    }

    /**
     * This context taking {@code role} for each transaction, as {@code SET LOCAL ROLE} would; the login role must be a
     * member of it. A plain name is folded to lower case as SQL does, a double-quoted one is kept as written.
     */
    public TenantContext withRole(String role) {
        return new TenantContext(setting, tenantId, Objects.requireNonNull(role, "role"));
    }

    private static String normalizedRole(String role) {
        List<String> parts = SqlNames.parse(role, "role");
        if (parts.size() != 1) {
            throw new IllegalArgumentException("role must be a single SQL identifier, but was '" + role + "'");
        }
        String name = parts.get(0);
        // SET ROLE NONE means "back to the login role", which is never what a tenant context asks for.
        if (name.equals("none")) {
            throw new IllegalArgumentException("role must name a role, but was '" + role + "', which SET ROLE reads as "
                    + "the login role");
        }
        return name;
    }

    /** Names the setting and role; the tenant id is left out, as every parameter value is from Tusk's messages. */
    @Override
    public String toString() {
        return "TenantContext[setting=" + setting + (role == null ? "" : ", role=" + role) + "]";
    }
}
