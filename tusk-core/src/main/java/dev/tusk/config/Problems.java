package dev.tusk.config;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Collects every problem found while loading, so operators see them all at once instead of one per restart. */
final class Problems {

    private final List<String> messages = new ArrayList<>();
    private final Set<Setting> failed = EnumSet.noneOf(Setting.class);

    /** Records a problem with a value for {@code setting}; checks between settings skip it, so one mistake gives one message. */
    void add(Setting setting, String message) {
        failed.add(setting);
        messages.add(message);
    }

    /** Records a problem that concerns no single setting, such as a malformed URL. */
    void add(String message) {
        messages.add(message);
    }

    /** How many problems were recorded so far. */
    int size() {
        return messages.size();
    }

    /** Whether some value for {@code setting} was refused. */
    boolean failed(Setting setting) {
        return failed.contains(setting);
    }

    /** Throws a {@link ConfigException} listing every problem, if there is any. */
    void throwIfAny() {
        if (!messages.isEmpty()) {
            throw new ConfigException(messages);
        }
    }

    /** Shows {@code raw} in a message: secrets as {@code ***}, long values shortened. */
    static String shown(Setting setting, String raw) {
        if (setting != null && setting.isSecret()) {
            return "***";
        }
        return raw.length() <= 80 ? raw : raw.substring(0, 77) + "...";
    }
}
