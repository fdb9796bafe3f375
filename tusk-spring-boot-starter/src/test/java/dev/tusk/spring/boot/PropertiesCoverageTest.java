package dev.tusk.spring.boot;

import dev.tusk.config.TuskConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.json.JsonParserFactory;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Every Tusk setting has its tusk.* property and IDE metadata, so a setting added to tusk-core is not forgotten. */
class PropertiesCoverageTest {

    // Code, not a value a property can hold: the application defines a CredentialsProvider bean instead.
    private static final Set<String> NOT_PROPERTIES = Set.of("credentials");

    private static Set<String> settings() {
        return Arrays.stream(TuskConfig.class.getRecordComponents()).map(RecordComponent::getName)
                .filter(name -> !NOT_PROPERTIES.contains(name)).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String kebab(String name) {
        return name.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
    }

    @Test
    void shouldHaveAPropertyForEverySetting() {
        Set<String> properties = Arrays.stream(BeanUtils.getPropertyDescriptors(TuskProperties.class))
                .filter(descriptor -> descriptor.getWriteMethod() != null).map(PropertyDescriptor::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(properties).isEqualTo(settings());
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldDescribeEveryPropertyInTheGeneratedMetadata() throws IOException {
        String json;
        try (InputStream in = TuskProperties.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("the configuration processor's output").isNotNull();
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Map<String, Object>> described = (List<Map<String, Object>>) JsonParserFactory.getJsonParser()
                .parseMap(json).get("properties");
        Map<String, Object> descriptions = described.stream().collect(Collectors.toMap(
                property -> (String) property.get("name"), property -> property.getOrDefault("description", "")));
        for (String setting : settings()) {
            assertThat(descriptions).as("metadata of tusk.%s", kebab(setting)).containsKey("tusk." + kebab(setting));
            assertThat((String) descriptions.get("tusk." + kebab(setting))).isNotBlank();
        }
    }
}
