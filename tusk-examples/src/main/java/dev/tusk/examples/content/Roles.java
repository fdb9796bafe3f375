package dev.tusk.examples.content;

import java.util.regex.Pattern;

/** The rule for role names, shared by the records and the store (the same as the roles_name_shape constraint). */
final class Roles {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,39}");

    private Roles() {
    }

    /** {@code name}, or an exception naming it when it is not a role name. */
    static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("role name must be 1 to 40 of a-z, 0-9, _ and -, starting with a letter,"
                    + " but was " + (name == null ? "null" : "'" + name + "'"));
        }
        return name;
    }
}
