package dev.tusk.copy.internal.out;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The columns of one COPY out, shared by all its rows: labels, PostgreSQL type names and a label index. */
final class CopyColumns {

    private final String[] names;
    private final String[] typeNames;
    private final Map<String, Integer> indexByName;

    CopyColumns(String[] names, String[] typeNames) {
        this.names = names;
        this.typeNames = typeNames;
        this.indexByName = new HashMap<>();
        for (int i = names.length - 1; i >= 0; i--) {
            // Walking backwards leaves the first of duplicate labels in the map, as JDBC's findColumn picks it.
            indexByName.put(names[i], i);
        }
    }

    int count() {
        return names.length;
    }

    /** The 0-based index of the column labelled {@code name}, or -1. */
    int indexOf(String name) {
        Integer index = indexByName.get(name);
        return index == null ? -1 : index;
    }

    String name(int index) {
        return names[index];
    }

    String typeName(int index) {
        return typeNames[index];
    }

    /** The type as messages show it: {@code int8}, or {@code interval[]} rather than PgJDBC's {@code _interval}. */
    String displayType(int index) {
        String name = typeNames[index];
        return name != null && name.startsWith("_") ? name.substring(1) + "[]" : name;
    }

    List<String> names() {
        return List.of(names);
    }
}
