package dev.tusk.security.internal;

import dev.tusk.security.TenantContext;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Applies a {@link TenantContext} to the transaction open on a connection, as transaction-local settings. */
public final class TenantSettings {

    // set_config(…, true) is SET LOCAL with bound values: the tenant id and role are never spliced into SQL, and
    // set_config('role', …) is exactly SET LOCAL ROLE, so both go in the one statement.
    private static final String SET_TENANT = "SELECT set_config(?, ?, true)";
    private static final String SET_TENANT_AND_ROLE = "SELECT set_config(?, ?, true), set_config('role', ?, true)";

    private TenantSettings() {
    }

    /** The statement {@link #apply} runs for {@code tenant}, for error messages to name. */
    public static String sql(TenantContext tenant) {
        return tenant.role() == null ? SET_TENANT : SET_TENANT_AND_ROLE;
    }

    /**
     * Sets {@code tenant}'s setting and role for the rest of the transaction open on {@code connection} (autocommit
     * off); PgJDBC sends the pending BEGIN with it, so this costs one round trip.
     */
    public static void apply(Connection connection, TenantContext tenant) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql(tenant))) {
            statement.setString(1, tenant.setting());
            statement.setString(2, tenant.tenantId());
            if (tenant.role() != null) {
                statement.setString(3, tenant.role());
            }
            statement.executeQuery().close();
        }
    }
}
