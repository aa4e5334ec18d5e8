-- Routing: the rule sets that have been live, each decision with its
-- explanation, the fulfilment orders that decisions fill, and the orders
-- that wait for stock.

-- +goose Up
CREATE TABLE rule_sets (
    version   TEXT    PRIMARY KEY,
    source    TEXT    NOT NULL,
    content   TEXT    NOT NULL,
    loaded_at BIGINT  NOT NULL
);

CREATE TABLE routing_decisions (
    id            TEXT    PRIMARY KEY,
    oms_order_id  TEXT    NOT NULL,
    rules_version TEXT    NOT NULL,
    outcome       TEXT    NOT NULL,
    decided_at    BIGINT  NOT NULL,
    decision      TEXT    NOT NULL
);
CREATE INDEX routing_decisions_order ON routing_decisions (oms_order_id, decided_at);

CREATE TABLE fulfilment_orders (
    id            TEXT    PRIMARY KEY,
    location      TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    bundle_key    TEXT    NOT NULL,
    carrier       TEXT    NOT NULL,
    country       TEXT    NOT NULL,
    method        TEXT    NOT NULL,
    currency      TEXT    NOT NULL,
    weight_g      BIGINT  NOT NULL,
    shipping_cost BIGINT  NOT NULL,
    saved_cost    BIGINT  NOT NULL,
    parts         BIGINT  NOT NULL,
    ship_by       BIGINT  NOT NULL,
    eta           TEXT    NOT NULL,
    hold_until    BIGINT  NOT NULL,
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL
);
CREATE INDEX fulfilment_orders_bundle ON fulfilment_orders (location, bundle_key, status);
CREATE INDEX fulfilment_orders_created ON fulfilment_orders (created_at);

CREATE TABLE fulfilment_lines (
    fulfilment_id TEXT    NOT NULL REFERENCES fulfilment_orders (id),
    oms_order_id  TEXT    NOT NULL,
    line_id       TEXT    NOT NULL,
    sku           TEXT    NOT NULL,
    quantity      BIGINT  NOT NULL,
    status        TEXT    NOT NULL,
    PRIMARY KEY (fulfilment_id, oms_order_id, line_id)
);
CREATE INDEX fulfilment_lines_order ON fulfilment_lines (oms_order_id);

CREATE TABLE backorders (
    oms_order_id TEXT    NOT NULL,
    sku          TEXT    NOT NULL,
    quantity     BIGINT  NOT NULL,
    since        BIGINT  NOT NULL,
    PRIMARY KEY (oms_order_id, sku)
);
CREATE INDEX backorders_sku ON backorders (sku);

-- +goose Down
DROP TABLE backorders;
DROP TABLE fulfilment_lines;
DROP TABLE fulfilment_orders;
DROP TABLE routing_decisions;
DROP TABLE rule_sets;
