#!/bin/bash
# The streaming replica: on first start a base backup of the primary (-R writes primary_conninfo and
# standby.signal), then a hot standby. Its settings match the primary's, as a standby requires.
set -euo pipefail
: "${PVSTREAM_OPS_JDBC_PASSWORD:?set it in ops-db.env}"
export PGPASSWORD=$PVSTREAM_OPS_JDBC_PASSWORD
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h postgres-primary -U pvstream -d pvstream; do sleep 1; done
  pg_basebackup -h postgres-primary -U pvstream -D "$PGDATA" -R -X stream -c fast
  chmod 700 "$PGDATA"
fi
exec postgres -c hot_standby=on -c wal_level=logical -c max_wal_senders=10 -c max_replication_slots=10 \
  -c wal_keep_size=256MB
