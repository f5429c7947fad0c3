/**
 * Kafka Connect side of pvstream: a real Connect worker ({@link io.pvstream.connectors.ConnectWorker},
 * distributed mode, REST on 127.0.0.1), where its Debezium plugins are
 * ({@link io.pvstream.connectors.ConnectPlugins}), and one JSON configuration per connector
 * ({@link io.pvstream.connectors.ConnectorConfigs}): the Debezium JDBC sink that applies operations
 * records to PostgreSQL, and the Debezium Postgres source that reads them back from the WAL.
 */
package io.pvstream.connectors;
