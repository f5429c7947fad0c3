-- PV history (archive): every archived change of every PV, written by the archive JDBC sink from pv.archive.
--
-- The Streams app derives pv.archive from pv.diffs with each PV's archive deadband and monitor mask, so a row is a
-- change, not a monitor update: a value beyond the archive deadband, an alarm change, or a connection change. A row
-- of a disconnected PV has no value, severity or status (connected = false): history shows the disconnection as a
-- gap, not as a stale number.
--
-- Declaratively partitioned by day (UTC) on sample_time. The primary key (pv_name, sample_time) is the index that
-- makes one PV's time range a short index range scan in each day it touches, and the key the sink upserts by, so a
-- redelivered sample overwrites itself. Day partitions are created ahead of time by pv_archive_ensure_partitions
-- (called here and by every query-api instance at start and then hourly); retention drops whole days
-- (pv_archive_drop_before). A sample whose day has no partition (a wrong IOC clock, a day not created yet) lands in
-- pv_archive_default instead of failing the sink; pv_archive_ensure_partitions moves such rows into the day it
-- creates, and retention deletes old ones from it.
--
-- Values are typed for SQL like snapshot_value: value_kind says which column holds the value (double/long:
-- value_num; string: value_text; enum: value_num = index and value_text = label; arrays: value_json; NaN and
-- infinities: value_text, so bin statistics over value_num skip them).

CREATE TABLE pv_archive (
    pv_name     text COLLATE "C" NOT NULL,
    sample_time timestamptz NOT NULL,
    sample_ns   bigint NOT NULL,
    changes     text NOT NULL,
    value_kind  text,
    value_num   double precision,
    value_text  text,
    value_json  text,
    severity    text,
    status      text,
    connected   boolean NOT NULL,
    CONSTRAINT pv_archive_pkey PRIMARY KEY (pv_name, sample_time)
) PARTITION BY RANGE (sample_time);

COMMENT ON TABLE pv_archive IS 'Archived changes of every PV (value beyond the archive deadband, alarm, connection); written by pvstream through Kafka.';
COMMENT ON COLUMN pv_archive.sample_time IS 'When: the IOC timestamp of the value, or for a connection change the ingest''s time of it (microseconds).';
COMMENT ON COLUMN pv_archive.sample_ns IS 'sample_time in nanoseconds since the Unix epoch, as EPICS gave it.';
COMMENT ON COLUMN pv_archive.changes IS 'What made it a sample: FIRST, VALUE, SEVERITY, STATUS, CONNECTION (comma-separated).';
COMMENT ON COLUMN pv_archive.value_kind IS 'double, long, string, enum, double_array, long_array or string_array; null when no value (disconnected).';
COMMENT ON COLUMN pv_archive.connected IS 'false: the PV was disconnected from here until its next sample (a gap).';

CREATE TABLE pv_archive_default PARTITION OF pv_archive DEFAULT;

-- The partition of one UTC day is pv_archive_pYYYYMMDD and holds [day, day + 1).
CREATE FUNCTION pv_archive_partition_name(day date) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT 'pv_archive_p' || to_char(day, 'YYYYMMDD') $$;

-- Creates the partitions of the days first_day..last_day that do not exist yet; returns how many it created.
-- Rows of such a day already in the default partition are moved into the new one (a plain CREATE ... PARTITION OF
-- would fail on them). Serialized by an advisory lock, so every query-api instance may call it at any time.
CREATE FUNCTION pv_archive_ensure_partitions(first_day date, last_day date) RETURNS integer
    LANGUAGE plpgsql AS $$
DECLARE
    day     date;
    part    text;
    day_start timestamptz;
    day_end   timestamptz;
    created integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('pv_archive_partitions'));
    FOR day IN SELECT d::date FROM generate_series(first_day, last_day, interval '1 day') AS d LOOP
        part := pv_archive_partition_name(day);
        CONTINUE WHEN to_regclass(part) IS NOT NULL;
        day_start := day::timestamp AT TIME ZONE 'UTC';
        day_end := (day + 1)::timestamp AT TIME ZONE 'UTC';
        EXECUTE format('CREATE TABLE %I (LIKE pv_archive INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
        EXECUTE format('WITH moved AS (DELETE FROM pv_archive_default WHERE sample_time >= %L AND sample_time < %L '
                       'RETURNING *) INSERT INTO %I SELECT * FROM moved', day_start, day_end, part);
        EXECUTE format('ALTER TABLE pv_archive ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', part, day_start, day_end);
        created := created + 1;
    END LOOP;
    RETURN created;
END $$;

-- Retention: drops the day partitions that end at or before cutoff and deletes older rows from the default
-- partition; returns how many partitions it dropped.
CREATE FUNCTION pv_archive_drop_before(cutoff timestamptz) RETURNS integer
    LANGUAGE plpgsql AS $$
DECLARE
    part    record;
    day     date;
    dropped integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('pv_archive_partitions'));
    FOR part IN
        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'pv_archive'::regclass AND c.relname ~ '^pv_archive_p[0-9]{8}$'
        ORDER BY c.relname
    LOOP
        day := to_date(substring(part.relname FROM 13), 'YYYYMMDD');
        CONTINUE WHEN (day + 1)::timestamp AT TIME ZONE 'UTC' > cutoff;
        EXECUTE format('DROP TABLE %I', part.relname);
        dropped := dropped + 1;
    END LOOP;
    DELETE FROM pv_archive_default WHERE sample_time < cutoff;
    RETURN dropped;
END $$;

-- Today (UTC), yesterday and the next days exist before the sink writes its first sample.
SELECT pv_archive_ensure_partitions((now() AT TIME ZONE 'UTC')::date - 1, (now() AT TIME ZONE 'UTC')::date + 3);
