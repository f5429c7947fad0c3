-- Snapshots: the saved state of a set of PVs (save / compare / restore).
--
-- Same design rules as V1 (written only by the JDBC sink from ops.apply.<table>; tx_id and entity_id on every
-- row; soft deletes; no foreign keys; ids as text). The entity of every row is the snapshot id: the header and
-- every chunk of values are separate buffered transactions of that one entity (ops.tx key), so they stay in
-- order on one partition and the pending overlay finds them together.
--
-- Values are typed for SQL: value_kind says which column holds the value (double/long: value_num; string:
-- value_text; enum: value_num = index and value_text = label; arrays: value_json).

CREATE TABLE snapshot (
    id                 text COLLATE "C" NOT NULL,
    name               text COLLATE "C" NOT NULL,
    comment            text,
    taken_at           timestamptz NOT NULL,
    author             text,
    source             text NOT NULL,
    as_of              timestamptz,
    configuration_id   text,
    selection          text NOT NULL,
    pv_count           bigint NOT NULL,
    chunk_count        bigint NOT NULL,
    ok_count           bigint NOT NULL,
    disconnected_count bigint NOT NULL,
    never_seen_count   bigint NOT NULL,
    positions          text NOT NULL,
    deleted            boolean NOT NULL DEFAULT false,
    updated_at         timestamptz NOT NULL,
    tx_id              text NOT NULL,
    entity_id          text NOT NULL,
    CONSTRAINT snapshot_pkey PRIMARY KEY (id)
);

COMMENT ON TABLE snapshot IS 'A saved state of a set of PVs; its values are in snapshot_value. Written by pvstream through Kafka.';
COMMENT ON COLUMN snapshot.taken_at IS 'When the values were read (the API accepted the request).';
COMMENT ON COLUMN snapshot.source IS 'Where the values came from: live (the latest-value stores).';
COMMENT ON COLUMN snapshot.as_of IS 'For a snapshot of the past, the time it shows; null for live.';
COMMENT ON COLUMN snapshot.selection IS 'How the PVs were chosen, as JSON: {"pvs":[...]}, {"configurationId":...} or {"pattern":...}.';
COMMENT ON COLUMN snapshot.chunk_count IS 'Number of buffered transactions that carry its values (snapshot_value.chunk is 0..chunk_count-1).';
COMMENT ON COLUMN snapshot.positions IS 'Store positions the values were read at, as JSON {"<topic>-<partition>": offset}: the last record of each input partition applied to the latest-value store.';

CREATE INDEX snapshot_taken_at_idx ON snapshot (taken_at DESC, id) WHERE NOT deleted;

CREATE TABLE snapshot_tag (
    snapshot_id text COLLATE "C" NOT NULL,
    tag         text COLLATE "C" NOT NULL,
    deleted     boolean NOT NULL DEFAULT false,
    tx_id       text NOT NULL,
    entity_id   text NOT NULL,
    CONSTRAINT snapshot_tag_pkey PRIMARY KEY (snapshot_id, tag)
);

COMMENT ON TABLE snapshot_tag IS 'Tags (free-form labels, e.g. golden) of a snapshot.';
CREATE INDEX snapshot_tag_tag_idx ON snapshot_tag (tag) WHERE NOT deleted;

CREATE TABLE snapshot_value (
    snapshot_id   text COLLATE "C" NOT NULL,
    pv_name       text COLLATE "C" NOT NULL,
    chunk         bigint NOT NULL,
    state         text NOT NULL,
    value_kind    text,
    value_num     double precision,
    value_text    text,
    value_json    text,
    timestamp_ns  bigint,
    severity      text,
    status        text,
    tolerance_abs double precision,
    tolerance_rel double precision,
    read_only     boolean NOT NULL,
    deleted       boolean NOT NULL DEFAULT false,
    tx_id         text NOT NULL,
    entity_id     text NOT NULL,
    CONSTRAINT snapshot_value_pkey PRIMARY KEY (snapshot_id, pv_name)
);

COMMENT ON TABLE snapshot_value IS 'One saved PV of a snapshot.';
COMMENT ON COLUMN snapshot_value.state IS 'ok (connected, value saved), disconnected (last value saved, PV was disconnected) or never_seen (no value known).';
COMMENT ON COLUMN snapshot_value.value_kind IS 'double, long, string, enum, double_array, long_array or string_array; null when no value.';
COMMENT ON COLUMN snapshot_value.timestamp_ns IS 'EPICS (IOC) timestamp of the value, ns since the Unix epoch.';
COMMENT ON COLUMN snapshot_value.read_only IS 'true: never written back on restore (from the configuration).';
