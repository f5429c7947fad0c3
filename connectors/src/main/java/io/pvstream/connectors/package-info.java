/**
 * Kafka Connect side of pvstream: the worker launch and one JSON configuration per connector
 * (Debezium JDBC sink for operations records, Debezium Postgres source for replication-confirmed
 * cleanup). Empty until the operations-records work lands; the module exists so the layout shows
 * where that work goes.
 */
package io.pvstream.connectors;
