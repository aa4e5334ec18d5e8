package feeds

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"slices"
	"time"

	"github.com/ordo-oms/ordo/allocation"
	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/filedrop"
	"github.com/ordo-oms/ordo/inventory"
	"github.com/ordo-oms/ordo/store"
)

// The canonical fields of a stock file.
const (
	fieldSKU      = "sku"
	fieldOnHand   = "on_hand"
	fieldLocation = "location"
	fieldPool     = "pool"
	fieldSafety   = "safety"
	fieldTakenAt  = "taken_at"
)

// stockMapping returns how to read a stock feed's files: the columns the
// configuration names, each optional one only when it names one.
func stockMapping(f config.Feed) filedrop.Mapping {
	m := filedrop.Mapping{Delimiter: []rune(f.Delimiter)[0], Header: true,
		Columns: map[string]string{fieldSKU: f.Columns.SKU, fieldOnHand: f.Columns.OnHand}}
	for field, col := range map[string]string{fieldLocation: f.Columns.Location,
		fieldPool: f.Columns.Pool, fieldSafety: f.Columns.Safety,
		fieldTakenAt: f.Columns.TakenAt} {
		if col != "" {
			m.Columns[field] = col
		}
	}
	return m
}

// snapshotKey groups a file's rows into one snapshot per location, pool
// and time of count.
type snapshotKey struct {
	location string
	pool     inventory.Pool
	takenAt  time.Time
}

var locationID = regexp.MustCompile(`^[a-z0-9-]+$`)

// stockHandler applies stock files: each file is a count, one snapshot per
// location and pool it lists. A file with any bad row is refused as a
// whole, with every problem, so that a half-read count never goes live.
// Orders waiting for a SKU whose available stock grew are routed again.
func stockHandler(f config.Feed, alloc *allocation.Service,
	now func() time.Time) filedrop.Handler {
	m := stockMapping(f)
	return func(ctx context.Context, tx *store.Tx, file filedrop.File) error {
		r := filedrop.NewReader(bytes.NewReader(file.Data), m)
		snaps := map[snapshotKey]*inventory.Snapshot{}
		var keys []snapshotKey
		for rec := range r.Records() {
			k, item, ok := stockRow(f, file, rec)
			if !ok {
				continue
			}
			s, seen := snaps[k]
			if !seen {
				s = &inventory.Snapshot{Location: k.location, Pool: k.pool, TakenAt: k.takenAt,
					Full: f.Full, Source: "feed " + f.ID + ": " + file.Name}
				snaps[k] = s
				keys = append(keys, k)
			}
			s.Items = append(s.Items, item)
		}
		if err := r.Err(); err != nil {
			return err
		}
		if len(keys) == 0 {
			return &filedrop.Error{Problems: []filedrop.Problem{{
				Message: "the file holds no stock rows"}}}
		}
		var gained []string
		for _, k := range keys {
			res, err := inventory.ApplySnapshot(ctx, tx, *snaps[k], now().UTC())
			if errors.Is(err, inventory.ErrInvalid) {
				return &filedrop.Error{Problems: []filedrop.Problem{{Message: err.Error()}}}
			}
			if err != nil {
				return err
			}
			gained = append(gained, res.Gained...)
		}
		slices.Sort(gained)
		return alloc.Restock(ctx, tx, slices.Compact(gained))
	}
}

// stockRow reads one row of a stock file, recording its problems with
// the reader.
func stockRow(f config.Feed, file filedrop.File, rec filedrop.Record) (
	snapshotKey, inventory.Item, bool) {
	k := snapshotKey{location: f.Location, pool: inventory.Pool(f.Pool), takenAt: file.ModTime}
	item := inventory.Item{SKU: rec.Get(fieldSKU), OnHand: rec.Int(fieldOnHand)}
	if item.SKU == "" {
		rec.Fail(fieldSKU, "is empty; every row needs a SKU")
	}
	if item.OnHand < 0 {
		rec.Fail(fieldOnHand, "is %d; stock on hand cannot be negative", item.OnHand)
	}
	if f.Columns.Location != "" {
		k.location = rec.Get(fieldLocation)
		if !locationID.MatchString(k.location) {
			rec.Fail(fieldLocation, "%q is not a location id (lower-case letters, "+
				"digits and hyphens)", k.location)
		}
	}
	if f.Columns.Pool != "" {
		k.pool = inventory.Pool(rec.Get(fieldPool))
		if !k.pool.Valid() {
			rec.Fail(fieldPool, "%q is not one of sellable, b_grade, quarantine", k.pool)
		}
	}
	if f.Columns.Safety != "" && rec.Has(fieldSafety) {
		safety := rec.Int(fieldSafety)
		if safety < 0 {
			rec.Fail(fieldSafety, "is %d; safety stock cannot be negative", safety)
		}
		item.Safety = &safety
	}
	if f.Columns.TakenAt != "" {
		t, err := time.Parse(time.RFC3339, rec.Get(fieldTakenAt))
		if err != nil {
			rec.Fail(fieldTakenAt, "%q is not a time such as 2026-12-03T18:00:00+01:00",
				rec.Get(fieldTakenAt))
		}
		k.takenAt = t.UTC()
	}
	return k, item, rec.OK()
}
