/**
 * Read replicas: where {@code client.readOnly()} work goes when {@code readReplicas} are configured, and what
 * {@code client.replicas()} reports about each ({@link dev.tusk.routing.ReplicaStatus}). The routing and the background
 * probe live in {@code dev.tusk.routing.internal}; docs/HIGH-AVAILABILITY.md describes the rules.
 */
package dev.tusk.routing;
