package io.pvstream.devstack.postgres;

/**
 * The server settings pvstream owns. They are written to {@value #FILE} in each data directory at
 * every start (so a restart on new ports is consistent), and {@code postgresql.conf} includes that
 * file last, so these values win over the defaults that {@code initdb} wrote.
 */
final class PostgresSettings {

    static final String FILE = "pvstream.conf";
    static final String INCLUDE_LINE = "include '" + FILE + "'";

    /**
     * Who may connect: trust, loopback only (the server also listens on 127.0.0.1 only). The
     * replication line lets {@code pg_basebackup} and the replica's WAL receiver in.
     */
    static final String PG_HBA = """
            # written by pvstream: loopback only, trust (a local development and test cluster)
            # TYPE  DATABASE     USER  ADDRESS       METHOD
            host    all          all   127.0.0.1/32  trust
            host    replication  all   127.0.0.1/32  trust
            """;

    private PostgresSettings() {
    }

    static String primary(int port) {
        return common(port);
    }

    /** A hot standby that streams from the primary on {@code primaryPort}. */
    static String replica(int port, int primaryPort) {
        return common(port) + """
                hot_standby = on
                primary_conninfo = 'host=127.0.0.1 port=%d user=postgres application_name=pvstream_replica'
                # after a primary restart, reconnect within half a second instead of the default 5 s
                wal_retrieve_retry_interval = '500ms'
                """.formatted(primaryPort);
    }

    private static String common(int port) {
        return """
                # written by pvstream at every start: edits are overwritten
                listen_addresses = '127.0.0.1'
                port = %d
                # TCP only: no socket file in /var/run/postgresql, which may not exist or be writable
                unix_socket_directories = ''
                # logical: the Debezium Postgres source decodes the WAL with pgoutput
                wal_level = logical
                max_wal_senders = 10
                max_replication_slots = 10
                # lets a replica that was stopped for a while catch up without a slot of its own
                wal_keep_size = '256MB'
                # disposable data: skip fsync. synchronous_commit stays on, or a replica's replay
                # position trails the primary by the WAL writer delay (about 400 ms seen)
                fsync = off
                synchronous_commit = on
                logging_collector = off
                log_line_prefix = '%%m [%%p] '
                """.formatted(port);
    }
}
