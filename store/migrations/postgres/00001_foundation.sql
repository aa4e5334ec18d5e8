-- +goose Up
-- Times are microseconds since the Unix epoch, UTC, in both dialects.

CREATE TABLE events (
    seq             BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id              TEXT    NOT NULL UNIQUE,
    stream_id       TEXT    NOT NULL,
    version         BIGINT  NOT NULL,
    type            TEXT    NOT NULL,
    data            TEXT    NOT NULL,
    trace_id        TEXT    NOT NULL DEFAULT '',
    causation_id    TEXT    NOT NULL DEFAULT '',
    correlation_id  TEXT    NOT NULL DEFAULT '',
    idempotency_key TEXT    NOT NULL DEFAULT '',
    occurred_at     BIGINT  NOT NULL,
    recorded_at     BIGINT  NOT NULL,
    UNIQUE (stream_id, version)
);

-- +goose StatementBegin
CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events are append-only';
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER events_no_change BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_append_only();

CREATE TABLE orders (
    oms_order_id       TEXT    PRIMARY KEY,
    channel_id         TEXT    NOT NULL,
    order_id           TEXT    NOT NULL,
    name               TEXT    NOT NULL,
    status             TEXT    NOT NULL,
    payment            TEXT    NOT NULL,
    currency           TEXT    NOT NULL,
    total              BIGINT  NOT NULL,
    country            TEXT    NOT NULL,
    facts              TEXT    NOT NULL,
    hold_reasons       TEXT    NOT NULL,
    version            BIGINT  NOT NULL,
    placed_at          BIGINT  NOT NULL,
    channel_updated_at BIGINT  NOT NULL,
    received_at        BIGINT  NOT NULL,
    updated_at         BIGINT  NOT NULL,
    UNIQUE (channel_id, order_id)
);
CREATE INDEX orders_received ON orders (received_at, oms_order_id);
CREATE INDEX orders_status ON orders (status, received_at);

CREATE TABLE order_lines (
    oms_order_id   TEXT    NOT NULL REFERENCES orders (oms_order_id) ON DELETE CASCADE,
    line_no        BIGINT  NOT NULL,
    line_id        TEXT    NOT NULL,
    kind           TEXT    NOT NULL,
    parent_line_id TEXT    NOT NULL,
    sku            TEXT    NOT NULL,
    variant        TEXT    NOT NULL,
    quantity       BIGINT  NOT NULL,
    unit_price     BIGINT  NOT NULL,
    tax            BIGINT  NOT NULL,
    discount       BIGINT  NOT NULL,
    PRIMARY KEY (oms_order_id, line_no)
);
CREATE INDEX order_lines_sku ON order_lines (sku);

-- Personal data lives apart from the facts so that it can be erased.
CREATE TABLE personal_data (
    oms_order_id TEXT    PRIMARY KEY,
    data         TEXT    NOT NULL,
    updated_at   BIGINT  NOT NULL
);

CREATE TABLE inbox (
    key          TEXT    PRIMARY KEY,
    request_hash TEXT    NOT NULL,
    response     TEXT    NOT NULL,
    received_at  BIGINT  NOT NULL
);
CREATE INDEX inbox_received ON inbox (received_at);

CREATE TABLE quarantine (
    id          TEXT    PRIMARY KEY,
    source      TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    headers     TEXT    NOT NULL,
    body        BYTEA   NOT NULL,
    received_at BIGINT  NOT NULL
);
CREATE INDEX quarantine_received ON quarantine (received_at, id);

CREATE TABLE api_tokens (
    id         TEXT    PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE,
    role       TEXT    NOT NULL,
    hash       TEXT    NOT NULL UNIQUE,
    created_at BIGINT  NOT NULL
);

-- +goose Down
DROP TABLE api_tokens;
DROP TABLE quarantine;
DROP TABLE inbox;
DROP TABLE personal_data;
DROP TABLE order_lines;
DROP TABLE orders;
DROP TABLE events;
DROP FUNCTION events_append_only;
