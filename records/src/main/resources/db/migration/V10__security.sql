-- Security: API keys and the audit trail of the query API.
--
-- Same design rules as V1 (written only by the JDBC sink from ops.apply.<table>; tx_id and entity_id on every
-- row; soft deletes; no foreign keys; ids as text). Columns match io.pvstream.schemas.ops.OpsTables.API_KEY and
-- AUDIT exactly. Numbered 10 so that other migrations of the same release (V3...) stay clear of it.
--
-- api_key never holds a key, only its SHA-256: a key is 256 random bits, so a fast unsalted hash is enough (no
-- dictionary or brute force can find a preimage), and it lets every instance check a key with one lookup. The
-- query API checks keys against the compacted topic security.keys, which it reads into memory; this table is the
-- durable, queryable record of them.

CREATE TABLE api_key (
    id          text COLLATE "C" NOT NULL,
    name        text COLLATE "C" NOT NULL,
    role        text NOT NULL,
    key_hash    text NOT NULL,
    created_at  timestamptz NOT NULL,
    created_by  text,
    revoked_at  timestamptz,
    revoked_by  text,
    deleted     boolean NOT NULL DEFAULT false,
    updated_at  timestamptz NOT NULL,
    tx_id       text NOT NULL,
    entity_id   text NOT NULL,
    CONSTRAINT api_key_pkey PRIMARY KEY (id)
);

COMMENT ON TABLE api_key IS 'API keys of the query API (never the key itself: its SHA-256). Revoked keys stay, with revoked_at.';
COMMENT ON COLUMN api_key.id IS 'Key id (UUID), how operators name the key; not secret.';
COMMENT ON COLUMN api_key.name IS 'Who or what uses the key; the author of the snapshots and restore jobs made with it.';
COMMENT ON COLUMN api_key.role IS 'reader, operator, restorer or admin (each can do what the weaker ones can).';
COMMENT ON COLUMN api_key.key_hash IS 'SHA-256 of the key string, lower-case hex.';
COMMENT ON COLUMN api_key.created_by IS 'Name of the key that created it; null for the key generated at first start.';
COMMENT ON COLUMN api_key.revoked_at IS 'When the key was revoked; null while valid.';
COMMENT ON COLUMN api_key.revoked_by IS 'Name of the key that revoked it.';

CREATE UNIQUE INDEX api_key_hash_idx ON api_key (key_hash);

CREATE TABLE audit (
    id             text COLLATE "C" NOT NULL,
    at             timestamptz NOT NULL,
    at_ns          bigint NOT NULL,
    key_id         text,
    key_name       text,
    role           text,
    method         text NOT NULL,
    path           text NOT NULL,
    target_id      text,
    status         bigint NOT NULL,
    remote_address text NOT NULL,
    instance       text NOT NULL,
    deleted        boolean NOT NULL DEFAULT false,
    tx_id          text NOT NULL,
    entity_id      text NOT NULL,
    CONSTRAINT audit_pkey PRIMARY KEY (id)
);

COMMENT ON TABLE audit IS 'One row per write request to the query API (any method but GET/HEAD, authenticated), whatever its outcome.';
COMMENT ON COLUMN audit.at IS 'When the request arrived.';
COMMENT ON COLUMN audit.at_ns IS 'The same, ns since the Unix epoch (orders events within one millisecond).';
COMMENT ON COLUMN audit.key_id IS 'API key that made the request (bootstrap = the key from configuration); null with security off.';
COMMENT ON COLUMN audit.key_name IS 'Name of that key (with security off: the X-Pvstream-Author header, if any).';
COMMENT ON COLUMN audit.target_id IS 'The created entity or started job (Location of the answer), else the id in the path.';
COMMENT ON COLUMN audit.status IS 'HTTP status of the answer; 403 = the key''s role was too weak.';
COMMENT ON COLUMN audit.remote_address IS 'Address the request came from (the TCP peer).';
COMMENT ON COLUMN audit.instance IS 'The query-api instance that answered (host:port).';

-- GET /api/v1/audit: newest first, cursor (at_ns, id)
CREATE INDEX audit_at_idx ON audit (at_ns DESC, id DESC);
CREATE INDEX audit_key_idx ON audit (key_id, at_ns DESC);
