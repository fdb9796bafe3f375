package dev.tusk.config;

import java.util.List;
import java.util.function.Function;

/**
 * A family of environment variables that one kind of deployment sets, read as one layer: within a family the variable
 * listed first wins when two set the same setting.
 *
 * @param name      the family as documented, such as {@code DB_*}
 * @param variables its variables, in order of precedence
 */
record VariableFamily(String name, List<EnvVariable> variables) {

    /** Copies the list, so the family stays immutable. */
    VariableFamily {
        variables = List.copyOf(variables);
    }

    /** The values this family's variables set in {@code environment}; bad ones go to {@code problems}. */
    Layer read(Function<String, String> environment, Problems problems) {
        Layer layer = new Layer();
        for (EnvVariable variable : variables) {
            variable.read(environment, layer, problems);
        }
        return layer;
    }

    /** The names of this family's variables. */
    List<String> names() {
        return variables.stream().map(EnvVariable::name).toList();
    }
}
