/**
 * The read-only API recipe: jurisdictions and the building-code editions they adopted, served as JSON over the JDK's
 * HTTP server with reads routed through {@code client.readOnly()}; {@link dev.tusk.examples.api.ApiMain} runs it as a
 * service and {@link dev.tusk.examples.api.ApiDemo} is {@code tusk demo --recipe api}. See docs/recipes.md.
 */
package dev.tusk.examples.api;
