/**
 * The event store recipe: hook events, service sessions and event metrics on Tusk, with validated writes, batch and
 * COPY loads, and a chunked cleanup that does not hold writers up; {@link dev.tusk.examples.eventstore.EventStore} is
 * the entry point and {@link dev.tusk.examples.eventstore.EventStoreDemo} the workload of {@code tusk demo}.
 */
package dev.tusk.examples.eventstore;
