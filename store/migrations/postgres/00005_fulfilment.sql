-- Fulfilment: the instructions sent to locations, exactly as built; the
-- status reports locations send back, applied or not; and the parcels
-- they ship.

-- +goose Up
ALTER TABLE fulfilment_orders ADD COLUMN released_at BIGINT  NOT NULL DEFAULT 0;
-- Why an open fulfilment order whose hold has ended is not released yet.
ALTER TABLE fulfilment_orders ADD COLUMN waiting TEXT NOT NULL DEFAULT '';
CREATE INDEX fulfilment_orders_due ON fulfilment_orders (status, hold_until);

-- An instruction's id is the reference it carries on every attempt.
CREATE TABLE instructions (
    id            TEXT    PRIMARY KEY,
    fulfilment_id TEXT    NOT NULL REFERENCES fulfilment_orders (id),
    kind          TEXT    NOT NULL,
    location      TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    -- shadow, pending, answered or refused.
    state         TEXT    NOT NULL,
    outcome       TEXT    NOT NULL DEFAULT '',
    detail        TEXT    NOT NULL DEFAULT '',
    trace_id      TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    answered_at   BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX instructions_fulfilment ON instructions (fulfilment_id);
CREATE INDEX instructions_state ON instructions (location, state, created_at);

CREATE TABLE location_reports (
    id          TEXT    PRIMARY KEY,
    location    TEXT    NOT NULL,
    event_id    TEXT    NOT NULL,
    reference   TEXT    NOT NULL,
    code        TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    -- applied, ignored (it would go backwards, or said nothing new) or
    -- refused (with the reason in detail).
    outcome     TEXT    NOT NULL,
    detail      TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    trace_id    TEXT    NOT NULL,
    received_at BIGINT  NOT NULL
);
-- A report is applied once however often it is delivered; a refused one
-- may come again once the operator has mended what refused it.
CREATE UNIQUE INDEX location_reports_event ON location_reports (location, event_id)
    WHERE outcome <> 'refused';
CREATE INDEX location_reports_received ON location_reports (received_at);

CREATE TABLE shipments (
    id              TEXT    PRIMARY KEY,
    fulfilment_id   TEXT    NOT NULL REFERENCES fulfilment_orders (id),
    parcel          TEXT    NOT NULL,
    carrier         TEXT    NOT NULL,
    tracking_number TEXT    NOT NULL,
    tracking_url    TEXT    NOT NULL,
    shipped_at      BIGINT  NOT NULL,
    UNIQUE (fulfilment_id, parcel)
);

CREATE TABLE shipment_lines (
    shipment_id  TEXT    NOT NULL REFERENCES shipments (id),
    oms_order_id TEXT    NOT NULL,
    line_id      TEXT    NOT NULL,
    quantity     BIGINT  NOT NULL,
    PRIMARY KEY (shipment_id, oms_order_id, line_id)
);
CREATE INDEX shipment_lines_order ON shipment_lines (oms_order_id);

-- +goose Down
DROP TABLE shipment_lines;
DROP TABLE shipments;
DROP TABLE location_reports;
DROP TABLE instructions;
DROP INDEX fulfilment_orders_due;
ALTER TABLE fulfilment_orders DROP COLUMN waiting;
ALTER TABLE fulfilment_orders DROP COLUMN released_at;
