package dev.tusk.config;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** The values one source (a URL, a variable family, the builder) offers, at most one per setting, with where each came from. */
final class Layer {

    /** One offered value and its source. */
    record Candidate(Object value, SettingSource source) {
    }

    private final Map<Setting, Candidate> candidates = new EnumMap<>(Setting.class);

    /** Offers {@code value} for {@code setting}; the first offer wins and later ones are noted as "also set by". */
    void offer(Setting setting, Object value, SettingSource source) {
        Candidate existing = candidates.get(setting);
        if (existing == null) {
            candidates.put(setting, new Candidate(value, source));
        } else {
            candidates.put(setting, new Candidate(existing.value(), existing.source().withAlsoSetBy(source.name())));
        }
    }

    /** The winning offer for {@code setting}, or null. */
    Candidate get(Setting setting) {
        return candidates.get(setting);
    }

    /** Every winning offer, in setting order. */
    Map<Setting, Candidate> candidates() {
        return Collections.unmodifiableMap(candidates);
    }
}
