package dev.tusk.testing.tls;

import java.util.Set;
import java.util.regex.Pattern;

/** Checks role names before they reach SQL, {@code pg_hba.conf} or a certificate's CN. */
final class RoleNames {

    // Plain lower-case identifiers need no quoting in SQL or pg_hba.conf and survive case folding unchanged.
    private static final Pattern VALID = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    // "all" is a pg_hba.conf keyword, "public" and "none" are reserved by CREATE ROLE, "postgres" is the harness's own.
    private static final Set<String> RESERVED = Set.of("all", "public", "none", "postgres", "current_user",
            "current_role", "session_user", "sameuser", "samerole", "samegroup", "replication");

    private RoleNames() {
    }

    /** Returns {@code value} if it is a usable role name, else throws naming {@code parameter} and the value. */
    static String requireValid(String parameter, String value) {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException(parameter + " must be 1 to 63 characters of a-z, 0-9 or '_', not starting "
                    + "with a digit, but was " + quoted(value));
        }
        if (RESERVED.contains(value) || value.startsWith("pg_")) {
            throw new IllegalArgumentException(parameter + " must not be a reserved role name (" + RESERVED.stream().sorted()
                    .toList() + " or pg_*), but was " + quoted(value));
        }
        return value;
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }
}
