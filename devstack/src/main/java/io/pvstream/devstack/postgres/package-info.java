/**
 * A real PostgreSQL primary and streaming replica, started from the Debian server binaries on
 * loopback ports, for tests and {@code ./pvstream dev}: {@link io.pvstream.devstack.postgres.PostgresCluster}.
 */
package io.pvstream.devstack.postgres;
