#!/bin/bash
# Runs once, when the primary's data directory is created (the postgres image's /docker-entrypoint-initdb.d):
# the pvstream role (LOGIN for the platform, REPLICATION for Debezium's slot and the replica's base backup) and its
# database. The tables come from the platform's own migrations (records module), run by query-api.
set -euo pipefail
: "${PVSTREAM_OPS_JDBC_PASSWORD:?set it in ops-db.env}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
     -v password="$PVSTREAM_OPS_JDBC_PASSWORD" <<'SQL'
CREATE ROLE pvstream LOGIN REPLICATION PASSWORD :'password';
CREATE DATABASE pvstream OWNER pvstream;
SQL
# the replica streams WAL as pvstream from another container (password checked)
echo "host replication pvstream all scram-sha-256" >> "$PGDATA/pg_hba.conf"
