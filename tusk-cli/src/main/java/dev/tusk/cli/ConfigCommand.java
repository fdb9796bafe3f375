package dev.tusk.cli;

import dev.tusk.config.ConfigException;
import dev.tusk.config.ConfigLoader;
import dev.tusk.config.EffectiveConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code tusk config}: prints the settings Tusk would use here, each with where it came from, secrets redacted. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Prints the effective Tusk configuration: every setting, its value and where the value came from.",
                "Reads the environment and ~/.pgpass as a Tusk application would; passwords are shown as ***.",
                "Exits with status 1, listing every bad value, when the configuration cannot be used."})
final class ConfigCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    private TuskCommand tusk;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EffectiveConfig effective;
        try {
            effective = ConfigLoader.of(tusk::environment, tusk.homeDirectory()).load();
        } catch (ConfigException e) {
            err.println("tusk config: the configuration cannot be used:");
            for (String problem : e.problems()) {
                err.println("  " + problem);
            }
            err.flush();
            return 1;
        }
        out.println("Effective configuration (profile " + effective.config().profile().profileName() + "):");
        out.println();
        out.print(effective.render());
        if (!effective.warnings().isEmpty()) {
            out.println();
            out.println("Warnings:");
            effective.warnings().forEach(warning -> out.println("  " + warning));
        }
        out.flush();
        return 0;
    }
}
