package dev.tusk.config;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps docs/configuration.md in step with the code: every variable, parameter, setting and default. */
class ConfigDocsTest {

    private static String docs;

    @BeforeAll
    static void readDocs() throws IOException {
        // Surefire runs in the module's directory; the docs live at the repository root.
        docs = Files.readString(Path.of("..", "docs", "configuration.md"));
    }

    @Test
    void shouldDocumentEveryEnvironmentVariable() {
        for (String variable : ConfigLoader.variableNames()) {
            assertThat(docs).as(variable).contains("`" + variable + "`");
        }
    }

    @Test
    void shouldDocumentEveryUrlParameter() {
        for (String parameter : UrlParameters.names()) {
            assertThat(docs).as(parameter).contains("`" + parameter + "`");
        }
    }

    @Test
    void shouldDocumentEverySettingWithItsCurrentDefault() {
        for (Setting setting : Setting.values()) {
            Matcher row = Pattern.compile("(?m)^\\| `" + setting.key() + "` \\| ([^|]+) \\|").matcher(docs);
            assertThat(row.find()).as("a table row for " + setting.key()).isTrue();
            String expected = setting == Setting.USER ? "the operating-system user" : Defaults.dependsOnProfile(setting)
                    ? setting.display(Defaults.of(setting, Profile.DEVELOPMENT)) + " / "
                    + setting.display(Defaults.of(setting, Profile.STAGING)) + " / "
                    + setting.display(Defaults.of(setting, Profile.PRODUCTION))
                    : setting.display(Defaults.of(setting, Profile.DEVELOPMENT));
            assertThat(row.group(1)).as("the documented default of " + setting.key()).startsWith(expected);
        }
    }
}
