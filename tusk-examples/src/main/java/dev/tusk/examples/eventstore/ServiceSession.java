package dev.tusk.examples.eventstore;

import java.time.Instant;
import java.util.UUID;

/**
 * One running instance of a service that writes events, from {@link EventStore#openSession} to
 * {@link EventStore#endSession}.
 *
 * @param id           the session's identity
 * @param serviceName  the service, e.g. {@code hook-receiver}
 * @param instanceId   which instance of it; null when there is only one
 * @param status       {@code active} until ended, then {@code ended}
 * @param metadata     the service's notes (version, host), as JSON text
 * @param sessionStart when it was opened
 * @param sessionEnd   when it was ended; null while active
 */
public record ServiceSession(UUID id, String serviceName, String instanceId, String status, String metadata,
                             Instant sessionStart, Instant sessionEnd) {
}
