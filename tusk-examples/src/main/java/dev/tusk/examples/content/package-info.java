/**
 * The content schema recipe: users, posts and roles with soft delete, created by the Flyway migrations under
 * {@code db/content}, and {@link dev.tusk.examples.content.ContentStore} over a {@code TuskClient}.
 */
package dev.tusk.examples.content;
