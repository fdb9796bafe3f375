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

    /**
     * The values this family's variables set in {@code environment}; bad ones go to {@code problems}. A port variable
     * listing several ports ({@code PGPORT=5432,5433}) pairs them with the family's host list, as libpq does.
     */
    Layer read(Function<String, String> environment, Problems problems) {
        Layer layer = new Layer();
        EnvVariable hostVariable = variableFor(Setting.HOST);
        EnvVariable portVariable = variableFor(Setting.PORT);
        String ports = portVariable == null ? null : EnvVariable.lookup(environment, portVariable.name());
        boolean portList = ports != null && ports.contains(",");
        for (EnvVariable variable : variables) {
            if (portList && (variable == hostVariable || variable == portVariable)) {
                continue;
            }
            variable.read(environment, layer, problems);
        }
        if (portList) {
            PortList.pair(hostVariable, portVariable, environment, layer, problems);
        }
        return layer;
    }

    private EnvVariable variableFor(Setting setting) {
        return variables.stream().filter(variable -> variable.setting() == setting).findFirst().orElse(null);
    }

    /** The names of this family's variables. */
    List<String> names() {
        return variables.stream().map(EnvVariable::name).toList();
    }
}
