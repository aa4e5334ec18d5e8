-- +goose Up
-- A receipt for each time filedrop took a file from a party's drop
-- directory. Times are microseconds since the Unix epoch, UTC.

CREATE TABLE file_receipts (
    id           TEXT    PRIMARY KEY,
    source       TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    size         BIGINT  NOT NULL,
    modified_at  BIGINT  NOT NULL,
    sha256       TEXT    NOT NULL,
    state        TEXT    NOT NULL CHECK (state IN ('done', 'error')),
    -- A JSON array of the problems of a file in error.
    reasons      TEXT    NOT NULL,
    -- The receipt of the file that applied the same content, for a file
    -- that was not applied again, and a note that says so.
    duplicate_of TEXT    NOT NULL DEFAULT '',
    note         TEXT    NOT NULL DEFAULT '',
    moved_to     TEXT    NOT NULL DEFAULT '',
    taken_at     BIGINT  NOT NULL,
    moved_at     BIGINT  NOT NULL DEFAULT 0
);
-- Each content is applied once per source.
CREATE UNIQUE INDEX file_receipts_applied ON file_receipts (source, sha256)
    WHERE state = 'done' AND duplicate_of = '';
CREATE INDEX file_receipts_taken ON file_receipts (source, taken_at);
-- Receipts of files whose move to done/ or error/ is still to be made.
CREATE INDEX file_receipts_unmoved ON file_receipts (source, name) WHERE moved_at = 0;

-- +goose Down
DROP TABLE file_receipts;
