-- +goose Up
-- Times are microseconds since the Unix epoch, UTC, in both dialects.

CREATE TABLE events (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    id              TEXT    NOT NULL UNIQUE,
    stream_id       TEXT    NOT NULL,
    version         INTEGER NOT NULL,
    type            TEXT    NOT NULL,
    data            TEXT    NOT NULL,
    trace_id        TEXT    NOT NULL DEFAULT '',
    causation_id    TEXT    NOT NULL DEFAULT '',
    correlation_id  TEXT    NOT NULL DEFAULT '',
    idempotency_key TEXT    NOT NULL DEFAULT '',
    occurred_at     INTEGER NOT NULL,
    recorded_at     INTEGER NOT NULL,
    UNIQUE (stream_id, version)
);

-- +goose StatementBegin
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;
-- +goose StatementEnd

CREATE TABLE orders (
    oms_order_id       TEXT    PRIMARY KEY,
    channel_id         TEXT    NOT NULL,
    order_id           TEXT    NOT NULL,
    name               TEXT    NOT NULL,
    status             TEXT    NOT NULL,
    payment            TEXT    NOT NULL,
    currency           TEXT    NOT NULL,
    total              INTEGER NOT NULL,
    country            TEXT    NOT NULL,
    facts              TEXT    NOT NULL,
    hold_reasons       TEXT    NOT NULL,
    version            INTEGER NOT NULL,
    placed_at          INTEGER NOT NULL,
    channel_updated_at INTEGER NOT NULL,
    received_at        INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    UNIQUE (channel_id, order_id)
);
CREATE INDEX orders_received ON orders (received_at, oms_order_id);
CREATE INDEX orders_status ON orders (status, received_at);

CREATE TABLE order_lines (
    oms_order_id   TEXT    NOT NULL REFERENCES orders (oms_order_id) ON DELETE CASCADE,
    line_no        INTEGER NOT NULL,
    line_id        TEXT    NOT NULL,
    kind           TEXT    NOT NULL,
    parent_line_id TEXT    NOT NULL,
    sku            TEXT    NOT NULL,
    variant        TEXT    NOT NULL,
    quantity       INTEGER NOT NULL,
    unit_price     INTEGER NOT NULL,
    tax            INTEGER NOT NULL,
    discount       INTEGER NOT NULL,
    PRIMARY KEY (oms_order_id, line_no)
);
CREATE INDEX order_lines_sku ON order_lines (sku);

-- Personal data lives apart from the facts so that it can be erased.
CREATE TABLE personal_data (
    oms_order_id TEXT    PRIMARY KEY,
    data         TEXT    NOT NULL,
    updated_at   INTEGER NOT NULL
);

CREATE TABLE inbox (
    key          TEXT    PRIMARY KEY,
    request_hash TEXT    NOT NULL,
    response     TEXT    NOT NULL,
    received_at  INTEGER NOT NULL
);
CREATE INDEX inbox_received ON inbox (received_at);

CREATE TABLE quarantine (
    id          TEXT    PRIMARY KEY,
    source      TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    headers     TEXT    NOT NULL,
    body        BLOB    NOT NULL,
    received_at INTEGER NOT NULL
);
CREATE INDEX quarantine_received ON quarantine (received_at, id);

CREATE TABLE api_tokens (
    id         TEXT    PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE,
    role       TEXT    NOT NULL,
    hash       TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

-- +goose Down
DROP TABLE api_tokens;
DROP TABLE quarantine;
DROP TABLE inbox;
DROP TABLE personal_data;
DROP TABLE order_lines;
DROP TABLE orders;
DROP TABLE events;
