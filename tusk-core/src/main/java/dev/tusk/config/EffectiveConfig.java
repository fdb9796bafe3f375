package dev.tusk.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded config with, for every setting, where its value came from, and the warnings met on the way (an unused URL
 * variable, a password file others can read). Nothing here holds a secret except {@code config().password()}.
 *
 * @param config   the config to connect with
 * @param sources  every setting's source, keyed by the setting's name (such as {@code poolMaxSize}), in record order
 * @param warnings things an operator should know that did not stop the load
 */
public record EffectiveConfig(TuskConfig config, Map<String, SettingSource> sources, List<String> warnings) {

    /** Checks that every setting has a source, and copies the collections so the record stays immutable. */
    public EffectiveConfig {
        if (config == null) {
            throw new IllegalArgumentException("config must be set");
        }
        for (Setting setting : Setting.values()) {
            if (!sources.containsKey(setting.key())) {
                throw new IllegalArgumentException("sources has no entry for " + setting.key());
            }
        }
        sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        warnings = List.copyOf(warnings);
    }

    /** Where the setting called {@code setting} (a record component name, such as {@code host}) got its value. */
    public SettingSource source(String setting) {
        SettingSource source = sources.get(setting);
        if (source == null) {
            throw new IllegalArgumentException("there is no setting called " + setting + "; settings are " + sources.keySet());
        }
        return source;
    }

    /** A table of every setting, its value (secrets as {@code ***}) and its source, one per line. */
    public String render() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"setting", "value", "source"});
        for (Setting setting : Setting.values()) {
            rows.add(new String[] {setting.key(), setting.display(setting.valueIn(config)),
                    sources.get(setting.key()).describe()});
        }
        int settingWidth = rows.stream().mapToInt(row -> row[0].length()).max().orElse(0);
        int valueWidth = rows.stream().mapToInt(row -> Math.min(row[1].length(), 40)).max().orElse(0);
        StringBuilder table = new StringBuilder();
        for (String[] row : rows) {
            table.append(String.format("%-" + settingWidth + "s  %-" + valueWidth + "s  %s", row[0], row[1], row[2])
                    .stripTrailing()).append('\n');
        }
        return table.toString();
    }
}
