-- Inventory: stock per location, SKU and pool; the reservations that hold
-- it for orders; the deltas and shipments applied, by id; and the ledger
-- of every change.

-- +goose Up
-- as_of is the taken-at time of the newest snapshot applied, 0 for none.
CREATE TABLE stock_levels (
    location   TEXT    NOT NULL,
    sku        TEXT    NOT NULL,
    pool       TEXT    NOT NULL CHECK (pool IN ('sellable', 'b_grade', 'quarantine')),
    on_hand    INTEGER NOT NULL CHECK (on_hand >= 0),
    reserved   INTEGER NOT NULL CHECK (reserved >= 0),
    safety     INTEGER NOT NULL CHECK (safety >= 0),
    as_of      INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (location, sku, pool)
);
CREATE INDEX stock_levels_sku ON stock_levels (sku, pool);

-- A reservation is open while some of its quantity is neither consumed nor
-- released; a line holds at most one open reservation per location.
CREATE TABLE stock_reservations (
    id           INTEGER PRIMARY KEY,
    oms_order_id TEXT    NOT NULL,
    line_id      TEXT    NOT NULL,
    location     TEXT    NOT NULL,
    sku          TEXT    NOT NULL,
    quantity     INTEGER NOT NULL CHECK (quantity > 0),
    consumed     INTEGER NOT NULL CHECK (consumed >= 0),
    released     INTEGER NOT NULL CHECK (released >= 0),
    state        TEXT    NOT NULL CHECK (state IN ('open', 'consumed', 'released')),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    CHECK (consumed + released <= quantity)
);
CREATE INDEX stock_reservations_order ON stock_reservations (oms_order_id, id);
CREATE UNIQUE INDEX stock_reservations_open
    ON stock_reservations (oms_order_id, line_id, location) WHERE state = 'open';

-- Every delta received, by its id, so that a repeated one does nothing.
CREATE TABLE stock_deltas (
    id          TEXT    PRIMARY KEY,
    location    TEXT    NOT NULL,
    sku         TEXT    NOT NULL,
    pool        TEXT    NOT NULL,
    change      INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    recorded_at INTEGER NOT NULL
);
CREATE INDEX stock_deltas_key ON stock_deltas (location, sku, pool, at);

-- Every shipment consumed, by its id, so that a repeated one does nothing.
CREATE TABLE stock_shipments (
    id           TEXT    PRIMARY KEY,
    oms_order_id TEXT    NOT NULL,
    location     TEXT    NOT NULL,
    recorded_at  INTEGER NOT NULL
);

-- The ledger: each row is one change of a level and why.
CREATE TABLE stock_movements (
    id             INTEGER PRIMARY KEY,
    location       TEXT    NOT NULL,
    sku            TEXT    NOT NULL,
    pool           TEXT    NOT NULL,
    on_hand_delta  INTEGER NOT NULL,
    reserved_delta INTEGER NOT NULL,
    safety_delta   INTEGER NOT NULL,
    kind           TEXT    NOT NULL,
    reference      TEXT    NOT NULL,
    source         TEXT    NOT NULL,
    note           TEXT    NOT NULL,
    at             INTEGER NOT NULL,
    recorded_at    INTEGER NOT NULL
);
CREATE INDEX stock_movements_key ON stock_movements (location, sku, pool, at);

-- +goose Down
DROP TABLE stock_movements;
DROP TABLE stock_shipments;
DROP TABLE stock_deltas;
DROP TABLE stock_reservations;
DROP TABLE stock_levels;
