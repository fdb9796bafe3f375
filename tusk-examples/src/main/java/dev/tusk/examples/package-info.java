/**
 * The seed applications as recipes on Tusk, one package each: {@code eventstore}, {@code content} and {@code api}.
 * Each creates its schema with Flyway migrations under {@code db/<recipe>} and is walked through in docs/recipes.md.
 */
package dev.tusk.examples;
