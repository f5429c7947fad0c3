/**
 * The HTTP routes of operations records (configurations, tags, buffer health, dead letters); what they route to
 * lives in the records module (io.pvstream.records: buffer, db, catalog).
 *
 * <p>A write is validated ({@link io.pvstream.records.catalog.OpsRequests}), turned into one
 * {@code OpsTransaction} with pre-generated UUIDs and one row per table row it upserts
 * ({@link io.pvstream.records.catalog.ConfigurationWrites}, {@link io.pvstream.records.catalog.TagWrites}: pure), appended to
 * {@code ops.tx} ({@link io.pvstream.records.buffer.TxPublisher}) and answered as soon as Kafka acknowledges it. Deletes
 * are soft. streams-app applies the rows through the JDBC sink and tracks each transaction in its pending store
 * until the database (or the replica) has it.
 *
 * <p>A read merges the database ({@link io.pvstream.records.buffer.ConfirmedRows}: the replica when configured, else the
 * primary) with the pending versions ({@link io.pvstream.records.buffer.PendingOverlay}: the owner instance's pending
 * store, every instance's for lists, and this instance's writes of the last seconds) by the rules of
 * {@link io.pvstream.records.buffer.StateMerge}. Every item says where its version is: {@code pending},
 * {@code committed} or {@code replicated}.
 *
 * <p>Around it: the tables' migrations ({@link io.pvstream.records.db.OpsMigrations}, Flyway, run in the background
 * with retry), the WAL-position poller that publishes the replica's replay LSN
 * ({@link io.pvstream.records.db.DatabasePoller}), the buffer health report and the dead-letter replay. Nothing here
 * waits for PostgreSQL at start, and a database that is down only makes reads that need it answer 503.
 */
package io.pvstream.query.ops;
