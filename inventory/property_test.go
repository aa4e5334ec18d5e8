package inventory_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"

	"github.com/ordo-oms/ordo/inventory"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
)

// TestProperties runs random sequences of snapshots, deltas, safety
// changes, reservations, releases and consumptions against a database and
// the model, and after each step expects: every figure as the model has
// it; no figure below 0; each level's reserved figure equal to the open
// reservations at it; and the ledger adding up to each level. Each
// sequence works on locations of its own, so that one database serves
// them all.
func TestProperties(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			db := storetest.Open(t, d)
			batcher := store.NewBatcher(db, store.BatchOptions{})
			defer batcher.Close()
			reader := store.NewReader(db.Read)
			var runs atomic.Int64
			rapid.Check(t, func(rt *rapid.T) {
				s := newSequence(db, batcher, reader, fmt.Sprint("p", runs.Add(1)))
				s.stockUp(rt)
				steps := rapid.IntRange(1, 20).Draw(rt, "steps")
				for range steps {
					s.now++
					switch rapid.SampledFrom(actions).Draw(rt, "action") {
					case "snapshot":
						s.snapshot(rt)
					case "delta":
						s.delta(rt)
					case "safety":
						s.setSafety(rt)
					case "reserve":
						s.reserve(rt)
					case "release":
						s.release(rt)
					case "consume":
						s.consume(rt)
					}
					s.check(rt)
				}
				s.checkReservations(rt)
			})
		})
	}
}

var (
	// actions weights the actions by how often each appears.
	actions = []string{"reserve", "consume", "snapshot", "delta", "release", "reserve",
		"consume", "snapshot", "safety"}
	poolsDrawn = []inventory.Pool{inventory.PoolSellable, inventory.PoolBGrade,
		inventory.PoolSellable, inventory.PoolQuarantine, inventory.PoolSellable}
	skusDrawn  = []string{"x", "y"}
	linesDrawn = []string{"1", "2"}
)

// sequence is one run of the property test: its names, its clock and the
// model it is held to.
type sequence struct {
	db        *store.DB
	batcher   *store.Batcher
	reader    *store.Reader
	prefix    string
	locations []string
	orders    []string
	now       int
	ids       map[string][]string // by kind, the ids used, to be used again
	m         *model
}

func newSequence(db *store.DB, b *store.Batcher, r *store.Reader, prefix string) *sequence {
	s := &sequence{db: db, batcher: b, reader: r, prefix: prefix,
		locations: []string{prefix + "-a", prefix + "-b"}, now: 30,
		ids: map[string][]string{}, m: newModel()}
	for i := range 2 {
		s.orders = append(s.orders, fmt.Sprintf("%s-o%d", prefix, i))
	}
	return s
}

// inTx runs fn in a transaction of the Batcher, which commits only when
// fn succeeds.
func (s *sequence) inTx(fn func(tx *store.Tx) error) error {
	return s.batcher.Do(context.Background(), func(_ context.Context, tx *store.Tx) error {
		return fn(tx)
	})
}

// id returns a new id, or now and then one used before.
func (s *sequence) id(t *rapid.T, kind string) string {
	used := s.ids[kind]
	if len(used) > 0 && rapid.IntRange(0, 3).Draw(t, "reuse "+kind) == 0 {
		return rapid.SampledFrom(used).Draw(t, kind)
	}
	id := fmt.Sprintf("%s-%s%d", s.prefix, kind, len(used))
	s.ids[kind] = append(used, id)
	return id
}

// past returns a feed's time, up to 8 minutes before now: as often after
// the changes since the last snapshot as before them.
func (s *sequence) past(t *rapid.T) int { return s.now - rapid.IntRange(0, 8).Draw(t, "age") }

// stockUp counts sellable stock at every location of the sequence, so
// that most of what follows has stock to work on.
func (s *sequence) stockUp(t *rapid.T) {
	for _, loc := range s.locations {
		snap := inventory.Snapshot{Location: loc, Pool: inventory.PoolSellable,
			TakenAt: at(s.now - 10)}
		for _, sku := range skusDrawn {
			snap.Items = append(snap.Items, inventory.Item{SKU: sku,
				OnHand: rapid.Int64Range(2, 6).Draw(t, "on hand")})
		}
		s.applySnapshot(t, snap, s.now-10)
	}
}

func (s *sequence) snapshot(t *rapid.T) {
	taken := s.past(t)
	snap := inventory.Snapshot{Location: rapid.SampledFrom(s.locations).Draw(t, "location"),
		Pool: rapid.SampledFrom(poolsDrawn).Draw(t, "pool"), TakenAt: at(taken),
		Full: rapid.Bool().Draw(t, "full")}
	for _, sku := range skusDrawn {
		if !rapid.Bool().Draw(t, "listed") {
			continue
		}
		it := inventory.Item{SKU: sku, OnHand: rapid.Int64Range(0, 6).Draw(t, "on hand")}
		if rapid.Bool().Draw(t, "with safety") {
			n := rapid.Int64Range(0, 2).Draw(t, "safety")
			it.Safety = &n
		}
		snap.Items = append(snap.Items, it)
	}
	s.applySnapshot(t, snap, taken)
}

func (s *sequence) applySnapshot(t *rapid.T, snap inventory.Snapshot, taken int) {
	var got inventory.SnapshotResult
	err := s.inTx(func(tx *store.Tx) error {
		var err error
		got, err = inventory.ApplySnapshot(context.Background(), tx, snap, at(s.now))
		return err
	})
	if err != nil {
		t.Fatalf("snapshot: %v", err)
	}
	if diff := cmp.Diff(s.m.snapshot(snap, taken), got, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("snapshot result (-model +got):\n%s", diff)
	}
}

func (s *sequence) delta(t *rapid.T) {
	when := s.past(t)
	change := rapid.Int64Range(1, 5).Draw(t, "units")
	if rapid.Bool().Draw(t, "decrease") {
		change = -change
	}
	d := inventory.Delta{ID: s.id(t, "d"), SKU: rapid.SampledFrom(skusDrawn).Draw(t, "sku"),
		Location: rapid.SampledFrom(s.locations).Draw(t, "location"),
		Pool:     rapid.SampledFrom(poolsDrawn).Draw(t, "pool"), Change: change, At: at(when)}
	var got inventory.DeltaResult
	err := s.inTx(func(tx *store.Tx) error {
		var err error
		got, err = inventory.ApplyDelta(context.Background(), tx, d, at(s.now))
		return err
	})
	if err != nil {
		t.Fatalf("delta: %v", err)
	}
	if want := s.m.delta(d, when); got != want {
		t.Fatalf("delta %+v: got %+v, model %+v", d, got, want)
	}
}

func (s *sequence) setSafety(t *rapid.T) {
	k := lkey{rapid.SampledFrom(s.locations).Draw(t, "location"),
		rapid.SampledFrom(skusDrawn).Draw(t, "sku"), rapid.SampledFrom(poolsDrawn).Draw(t, "pool")}
	n := rapid.Int64Range(0, 3).Draw(t, "safety")
	err := s.inTx(func(tx *store.Tx) error {
		return inventory.SetSafety(context.Background(), tx, k.location, k.sku, k.pool, n,
			at(s.now))
	})
	if err != nil {
		t.Fatalf("set safety: %v", err)
	}
	s.m.setSafety(k, n)
}

func (s *sequence) reserve(t *rapid.T) {
	order := rapid.SampledFrom(s.orders).Draw(t, "order")
	var rs []inventory.Reservation
	seen := map[rkey]bool{}
	for range rapid.IntRange(1, 3).Draw(t, "lines") {
		r := inventory.Reservation{OMSOrderID: order,
			LineID:   rapid.SampledFrom(linesDrawn).Draw(t, "line"),
			Location: rapid.SampledFrom(s.locations).Draw(t, "location"),
			SKU:      rapid.SampledFrom(skusDrawn).Draw(t, "sku"),
			Quantity: rapid.Int64Range(1, 3).Draw(t, "quantity")}
		if k := (rkey{order, r.LineID, r.Location}); !seen[k] {
			seen[k] = true
			rs = append(rs, r)
		}
	}
	var fresh []inventory.Reservation
	for _, r := range rs {
		if s.m.open[rkey{order, r.LineID, r.Location}] == nil {
			fresh = append(fresh, r)
		}
	}
	err := s.inTx(func(tx *store.Tx) error {
		return inventory.Reserve(context.Background(), tx, rs, at(s.now))
	})
	want := s.m.reserve(rs)
	var short, wantShort *inventory.ShortError
	switch {
	case errors.As(want, &wantShort):
		if !errors.As(err, &short) || *short != *wantShort {
			t.Fatalf("reserve %+v: got %v, model %v", rs, err, want)
		}
	case !errors.Is(err, want) || (want == nil && err != nil):
		t.Fatalf("reserve %+v: got %v, model %v", rs, err, want)
	}
	// A new reservation never promises more than is there. (One made
	// before, which Reserve leaves as it is, may: a count since may have
	// found fewer units than were reserved.)
	for _, r := range fresh {
		l := level(t, s.db, r.Location, r.SKU, inventory.PoolSellable)
		if want == nil && l.OnHand-l.Reserved-l.Safety < 0 {
			t.Fatalf("after reserving %+v: %+v", rs, l)
		}
	}
}

func (s *sequence) release(t *rapid.T) {
	order := rapid.SampledFrom(s.orders).Draw(t, "order")
	var got, want []inventory.Reservation
	var err error
	if rapid.Bool().Draw(t, "whole order") {
		err = s.inTx(func(tx *store.Tx) error {
			got, err = inventory.Release(context.Background(), tx, order, at(s.now))
			return err
		})
		want = s.m.release(func(k rkey) bool { return k.order == order })
	} else {
		loc := rapid.SampledFrom(s.locations).Draw(t, "location")
		lines := rapid.SliceOfDistinct(rapid.SampledFrom(linesDrawn),
			func(l string) string { return l }).Draw(t, "lines")
		err = s.inTx(func(tx *store.Tx) error {
			got, err = inventory.ReleaseLines(context.Background(), tx, order, loc, lines,
				at(s.now))
			return err
		})
		want = s.m.release(func(k rkey) bool {
			return k.order == order && k.location == loc && contains(lines, k.line)
		})
	}
	if err != nil {
		t.Fatalf("release: %v", err)
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("released (-model +got):\n%s", diff)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func (s *sequence) consume(t *rapid.T) {
	ship := inventory.Shipment{ID: s.id(t, "s"),
		OMSOrderID: rapid.SampledFrom(s.orders).Draw(t, "order"),
		Location:   rapid.SampledFrom(s.locations).Draw(t, "location")}
	lines := rapid.SliceOfNDistinct(rapid.SampledFrom(linesDrawn), 1, 2,
		func(l string) string { return l }).Draw(t, "lines")
	for _, l := range lines {
		ship.Lines = append(ship.Lines, inventory.LineQty{LineID: l,
			Quantity: rapid.Int64Range(1, 3).Draw(t, "quantity")})
	}
	// Most shipments are of what is reserved.
	if open := s.m.openKeys(); len(open) > 0 && rapid.IntRange(0, 4).Draw(t, "guess") > 0 {
		k := rapid.SampledFrom(open).Draw(t, "reservation")
		r := s.m.open[k]
		ship.OMSOrderID, ship.Location = k.order, k.location
		ship.Lines = []inventory.LineQty{{LineID: k.line,
			Quantity: rapid.Int64Range(1, r.quantity-r.consumed).Draw(t, "quantity")}}
	}
	var got bool
	err := s.inTx(func(tx *store.Tx) error {
		var err error
		got, err = inventory.Consume(context.Background(), tx, ship, at(s.now))
		return err
	})
	want, wantErr := s.m.consume(ship, s.now)
	if got != want || !errors.Is(err, wantErr) || (wantErr == nil && err != nil) {
		t.Fatalf("consume %+v: got %v, %v; model %v, %v", ship, got, err, want, wantErr)
	}
}

// check compares every level of the sequence with the model, and with the
// open reservations and the ledger in the database.
func (s *sequence) check(t *rapid.T) {
	rows, err := s.reader.QueryContext(context.Background(), `SELECT l.location, l.sku,
		l.pool, l.on_hand, l.reserved, l.safety, l.as_of,
		(SELECT CAST(COALESCE(SUM(r.quantity - r.consumed - r.released), 0) AS BIGINT)
			FROM stock_reservations r WHERE r.oms_order_id IN ($2, $3)
			AND r.state = 'open' AND l.pool = 'sellable'
			AND r.location = l.location AND r.sku = l.sku),
		(SELECT CAST(COALESCE(SUM(m.on_hand_delta), 0) AS BIGINT) FROM stock_movements m
			WHERE m.location = l.location AND m.sku = l.sku AND m.pool = l.pool),
		(SELECT CAST(COALESCE(SUM(m.reserved_delta), 0) AS BIGINT) FROM stock_movements m
			WHERE m.location = l.location AND m.sku = l.sku AND m.pool = l.pool),
		(SELECT CAST(COALESCE(SUM(m.safety_delta), 0) AS BIGINT) FROM stock_movements m
			WHERE m.location = l.location AND m.sku = l.sku AND m.pool = l.pool)
		FROM stock_levels l WHERE l.location IN ($1, $4)`,
		s.locations[0], s.orders[0], s.orders[1], s.locations[1])
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen := 0
	for rows.Next() {
		var k lkey
		var got mlevel
		var asOf, open, ledgerOnHand, ledgerReserved, ledgerSafety int64
		if err := rows.Scan(&k.location, &k.sku, &k.pool, &got.onHand, &got.reserved,
			&got.safety, &asOf, &open, &ledgerOnHand, &ledgerReserved,
			&ledgerSafety); err != nil {
			t.Fatal(err)
		}
		if asOf != 0 {
			got.asOf = int(time.UnixMicro(asOf).Sub(t0).Minutes())
		}
		seen++
		if want := s.m.levels[k]; want == nil || got != *want {
			t.Fatalf("%+v: got %+v, model %+v", k, got, want)
		}
		switch {
		case got.onHand < 0 || got.reserved < 0 || got.safety < 0:
			t.Fatalf("%+v: a figure below 0: %+v", k, got)
		case got.reserved != open:
			t.Fatalf("%+v: reserved %d, open reservations %d", k, got.reserved, open)
		case ledgerOnHand != got.onHand || ledgerReserved != got.reserved ||
			ledgerSafety != got.safety:
			t.Fatalf("%+v: level %+v, ledger adds up to %d, %d, %d", k, got,
				ledgerOnHand, ledgerReserved, ledgerSafety)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if seen != len(s.m.levels) {
		t.Fatalf("%d levels, model %d", seen, len(s.m.levels))
	}
}

// checkReservations compares the open reservations of every order with the
// model's.
func (s *sequence) checkReservations(t *rapid.T) {
	got := map[rkey]mreservation{}
	for _, order := range s.orders {
		rs, err := inventory.Reservations(context.Background(), s.db.Read, order)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if r.State == inventory.StateOpen {
				got[rkey{order, r.LineID, r.Location}] = mreservation{sku: r.SKU,
					quantity: r.Quantity, consumed: r.Consumed}
			}
		}
	}
	want := map[rkey]mreservation{}
	for k, r := range s.m.open {
		want[k] = *r
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(rkey{}, mreservation{})); diff != "" {
		t.Fatalf("open reservations (-model +got):\n%s", diff)
	}
}
