package dev.tusk.config;

import java.time.temporal.ChronoUnit;
import java.util.function.Function;

/**
 * One environment variable of a family: the setting it sets, how its text is read, and what it accepts, for the
 * message when it holds something else.
 */
record EnvVariable(String name, Setting setting, Function<String, Object> parser, String expectation) {

    /** A variable read the way its setting's values are always read. */
    static EnvVariable of(String name, Setting setting) {
        return new EnvVariable(name, setting, text -> setting.parse(text, null), setting.expectation(null));
    }

    /** A duration variable whose bare numbers are in {@code unit}. */
    static EnvVariable duration(String name, Setting setting, ChronoUnit unit) {
        return new EnvVariable(name, setting, text -> setting.parse(text, unit), setting.expectation(unit));
    }

    /** The variable's value in {@code environment}, or null when it is unset or blank (an empty export means unset). */
    static String lookup(Function<String, String> environment, String name) {
        String value = environment.apply(name);
        return value == null || value.isBlank() ? null : value;
    }

    /** Offers this variable's value to {@code layer}, or records why it cannot be used. */
    void read(Function<String, String> environment, Layer layer, Problems problems) {
        String text = lookup(environment, name);
        if (text == null) {
            return;
        }
        Object value;
        try {
            value = parser.apply(text);
            setting.check(value);
        } catch (IllegalArgumentException e) {
            problems.add(setting, name + "=" + Problems.shown(setting, text.strip()) + ": expected " + expectation);
            return;
        }
        layer.offer(setting, value, SettingSource.environment(name));
    }
}
