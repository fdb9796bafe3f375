package dev.tusk.config;

import java.util.List;

/** Settings that cannot be used, all of them: each problem names the variable or setting, the value and what is allowed. */
public final class ConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** An exception listing {@code problems}, one line each; none of them may hold a secret. */
    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in the order the sources were read, such as {@code POSTGRES_POOL_MAX_SIZE=abc: expected ...}. */
    public List<String> problems() {
        return problems;
    }
}
