package dev.tusk.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a setting's effective value came from, such as {@code POSTGRES_POOL_MAX_SIZE}, {@code DATABASE_URL},
 * {@code ~/.pgpass}, {@code builder} or {@code profile production default}, and which lower-precedence sources also
 * set it and lost.
 *
 * @param kind       the kind of source
 * @param name       the source as people read it: a variable name, a file, {@code builder} or a default
 * @param alsoSetBy  lower-precedence sources that set the same setting and were overridden, highest first
 */
public record SettingSource(Kind kind, String name, List<String> alsoSetBy) {

    /** The kinds of place a value can come from, highest precedence first. */
    public enum Kind {
        /** Set on the builder by the calling code. */
        BUILDER,
        /** Taken from a connection URL in an environment variable ({@code DATABASE_URL} and the like). */
        URL,
        /** Taken from an environment variable of one of the variable families. */
        ENVIRONMENT,
        /** Found in a libpq password file. */
        PASSWORD_FILE,
        /** Nothing set it: the active profile's default. */
        DEFAULT
    }

    /** Copies {@code alsoSetBy}, so the record stays immutable. */
    public SettingSource {
        alsoSetBy = List.copyOf(alsoSetBy);
    }

    /** A value the calling code set on the builder. */
    public static SettingSource builder() {
        return new SettingSource(Kind.BUILDER, "builder", List.of());
    }

    /** A value from the connection URL in {@code variable}. */
    public static SettingSource url(String variable) {
        return new SettingSource(Kind.URL, variable, List.of());
    }

    /** A value from the environment variable {@code variable}. */
    public static SettingSource environment(String variable) {
        return new SettingSource(Kind.ENVIRONMENT, variable, List.of());
    }

    /** A password from the libpq password file described as {@code file}. */
    public static SettingSource passwordFile(String file) {
        return new SettingSource(Kind.PASSWORD_FILE, file, List.of());
    }

    /** The default of {@code profile}; {@code byProfile} says whether other profiles default differently. */
    public static SettingSource profileDefault(Profile profile, boolean byProfile) {
        return new SettingSource(Kind.DEFAULT, byProfile ? "profile " + profile.profileName() + " default" : "default",
                List.of());
    }

    /** This source, noting that {@code other} also set the value and lost; a repeat of a known name is ignored. */
    public SettingSource withAlsoSetBy(String other) {
        if (other.equals(name) || alsoSetBy.contains(other)) {
            return this;
        }
        List<String> names = new ArrayList<>(alsoSetBy);
        names.add(other);
        return new SettingSource(kind, name, names);
    }

    /** The source as shown in {@code tusk config}: {@code POSTGRES_HOST (also set by DB_HOST, PGHOST)}. */
    public String describe() {
        return alsoSetBy.isEmpty() ? name : name + " (also set by " + String.join(", ", alsoSetBy) + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
