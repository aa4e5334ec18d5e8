-- Channels: what Ordo tells each channel about its orders, recorded in the
-- transaction of the change that calls for it; and how far each channel's
-- reconciliation poll has read.

-- +goose Up
-- A call's id is the key every attempt to make it carries.
CREATE TABLE channel_calls (
    id           TEXT    PRIMARY KEY,
    channel_id   TEXT    NOT NULL,
    oms_order_id TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    -- What the call tells, such as fulfilment-id/parcel for a shipment; a
    -- change is told to a channel once.
    subject      TEXT    NOT NULL,
    payload      TEXT    NOT NULL,
    -- The requests the call makes, as planned when it was recorded.
    requests     TEXT    NOT NULL,
    -- shadow, pending, sent or refused.
    state        TEXT    NOT NULL,
    reference    TEXT    NOT NULL DEFAULT '',
    detail       TEXT    NOT NULL DEFAULT '',
    trace_id     TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    sent_at      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (channel_id, kind, subject)
);
CREATE INDEX channel_calls_state ON channel_calls (channel_id, state, created_at);
CREATE INDEX channel_calls_order ON channel_calls (oms_order_id);

-- The high-water mark is the channel's own time of the latest change a
-- poll saw; the next poll asks from there.
CREATE TABLE channel_marks (
    channel_id TEXT    PRIMARY KEY,
    mark       INTEGER NOT NULL,
    polled_at  INTEGER NOT NULL,
    seen       INTEGER NOT NULL
);

-- +goose Down
DROP TABLE channel_marks;
DROP TABLE channel_calls;
