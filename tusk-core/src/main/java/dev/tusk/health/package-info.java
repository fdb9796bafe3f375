/**
 * Health of a client and its database: {@link dev.tusk.health.HealthReport} from {@code client.health()} (healthy,
 * degraded or unhealthy, with reasons and the figures behind them, as JSON for an HTTP endpoint) and
 * {@link dev.tusk.health.ConnectionInfo} from {@code client.connectionInfo()}. The checks run in
 * {@code dev.tusk.health.internal}; docs/OBSERVABILITY.md describes the rules and the JSON layout.
 */
package dev.tusk.health;
