package dev.tusk.examples.content;

/** What {@link ContentStore#migrate()} did: how many migrations it applied and the schema's version after. */
public record Migration(int applied, String schemaVersion) {
}
