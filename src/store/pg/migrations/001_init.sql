-- portwiz's PostgreSQL store, schema version 1: the same documents as the data directory's files.
-- Every write takes a number from change_seq, so a session can tell what changed since it looked.
CREATE SEQUENCE portwiz_change_seq;

-- One row per order: the order file's JSON as it is (doc), its revision, and the columns the order
-- list shows, filters, sorts and searches by, kept from the document at every save.
CREATE TABLE portwiz_orders (
    id             text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{1,64}$'),
    revision       bigint NOT NULL CHECK (revision >= 1),
    schema_version integer NOT NULL,
    doc            jsonb NOT NULL,
    status         text NOT NULL,
    name           text NOT NULL,
    numbers        text[] NOT NULL,
    carrier_id     text,
    carrier_name   text,
    country        text,
    port_date      date,
    -- Moments as nanoseconds since 1970 (UTC), exactly as the document has them: timestamptz keeps
    -- only microseconds. to_timestamp(updated_ns / 1e9) reads one.
    created_ns     bigint NOT NULL,
    updated_ns     bigint NOT NULL,
    status_since_ns bigint,
    foc_ns         bigint,
    last_event_ns  bigint,
    change_seq     bigint NOT NULL DEFAULT nextval('portwiz_change_seq')
);
CREATE INDEX portwiz_orders_status ON portwiz_orders (status);
CREATE INDEX portwiz_orders_name ON portwiz_orders (lower(name));
CREATE INDEX portwiz_orders_numbers ON portwiz_orders USING gin (numbers);
CREATE INDEX portwiz_orders_carrier ON portwiz_orders (carrier_id);
CREATE INDEX portwiz_orders_port_date ON portwiz_orders (port_date);
CREATE INDEX portwiz_orders_last_change ON portwiz_orders (updated_ns DESC, id);
-- The next due event is counted from the status's start (or the FOC) of an open order.
CREATE INDEX portwiz_orders_due ON portwiz_orders (status, status_since_ns, foc_ns);
CREATE INDEX portwiz_orders_change ON portwiz_orders (change_seq);

-- Every order ID ever saved: a deleted order's ID is never given again.
CREATE TABLE portwiz_order_ids (
    id text PRIMARY KEY
);

-- The attached LOAs, under names the program made, with their SHA-256 and the 10 MiB limit.
CREATE TABLE portwiz_documents (
    name       text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9._-]{1,128}$' AND name !~ '^\.'),
    sha256     text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    bytes      bytea NOT NULL CHECK (octet_length(bytes) <= 10485760),
    change_seq bigint NOT NULL DEFAULT nextval('portwiz_change_seq')
);

-- The number inventory and the simulated clock: one row each, the file's JSON as it is.
CREATE TABLE portwiz_state (
    kind       text PRIMARY KEY CHECK (kind IN ('inventory', 'clock')),
    revision   bigint NOT NULL,
    doc        jsonb NOT NULL,
    change_seq bigint NOT NULL DEFAULT nextval('portwiz_change_seq')
);

-- The port-out PIN record: its hash (never the PIN) and the count of wrong tries, one row.
CREATE TABLE portwiz_porting_pin (
    singleton      boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    schema_version integer NOT NULL,
    hash           text NOT NULL,
    set_at         timestamptz NOT NULL,
    changed_at     timestamptz,
    wrong_tries    integer NOT NULL CHECK (wrong_tries >= 0),
    last_wrong_try timestamptz,
    change_seq     bigint NOT NULL DEFAULT nextval('portwiz_change_seq')
);

-- Who holds an order's editing lock (the lock itself is a session advisory lock, gone with the
-- holder's connection): a row is believed only while its backend still holds that lock.
CREATE TABLE portwiz_editing (
    order_id    text PRIMARY KEY,
    holder      jsonb NOT NULL,
    backend_pid integer NOT NULL
);
