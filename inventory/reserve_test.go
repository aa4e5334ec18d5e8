package inventory_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/inventory"
	"github.com/ordo-oms/ordo/store"
)

func testReserve(t *testing.T, db *store.DB) {
	ctx := context.Background()
	stock(t, db, "dc-a", map[string]int64{"a": 5, "b": 1})
	stock(t, db, "dc-b", map[string]int64{"a": 2})
	snapshot(t, db, inventory.Snapshot{Location: "dc-a", Pool: inventory.PoolBGrade,
		TakenAt: at(0), Items: []inventory.Item{{SKU: "c", OnHand: 5}}})
	o1 := []inventory.Reservation{
		{OMSOrderID: "o1", LineID: "1", Location: "dc-a", SKU: "a", Quantity: 2},
		{OMSOrderID: "o1", LineID: "2", Location: "dc-a", SKU: "b", Quantity: 1},
	}
	if err := reserve(t, db, at(1), o1...); err != nil {
		t.Fatal(err)
	}

	t.Run("reserved stock is no longer available", func(t *testing.T) {
		if got, want := sellable(t, db, "dc-a", "a"), (figures{5, 2, 0, 3}); got != want {
			t.Errorf("a: got %+v, want %+v", got, want)
		}
		if got, want := sellable(t, db, "dc-a", "b"), (figures{1, 1, 0, 0}); got != want {
			t.Errorf("b: got %+v, want %+v", got, want)
		}
	})
	t.Run("each line's reservation is recorded", func(t *testing.T) {
		got, err := inventory.Reservations(ctx, db.Read, "o1")
		if err != nil {
			t.Fatal(err)
		}
		var want []inventory.ReservationRecord
		for _, r := range o1 {
			want = append(want, inventory.ReservationRecord{Reservation: r,
				State: inventory.StateOpen, CreatedAt: at(1), UpdatedAt: at(1)})
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("reservations (-want +got):\n%s", diff)
		}
	})
	t.Run("a short line names what is short", func(t *testing.T) {
		err := reserve(t, db, at(2), inventory.Reservation{OMSOrderID: "o2", LineID: "7",
			Location: "dc-a", SKU: "a", Quantity: 4})
		var short *inventory.ShortError
		if !errors.As(err, &short) || !errors.Is(err, inventory.ErrShort) {
			t.Fatalf("got %v, want a *ShortError", err)
		}
		want := inventory.ShortError{OMSOrderID: "o2", LineID: "7", Location: "dc-a",
			SKU: "a", Wanted: 4, Available: 3}
		if diff := cmp.Diff(want, *short); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("an order reserves all its lines or none", func(t *testing.T) {
		b := store.NewBatcher(db, store.BatchOptions{MaxBatch: 4})
		defer b.Close()
		err := b.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
			return inventory.Reserve(ctx, tx, []inventory.Reservation{
				{OMSOrderID: "o3", LineID: "1", Location: "dc-b", SKU: "a", Quantity: 1},
				{OMSOrderID: "o3", LineID: "2", Location: "dc-a", SKU: "b", Quantity: 1},
			}, at(3))
		})
		if !errors.Is(err, inventory.ErrShort) {
			t.Fatalf("got %v, want ErrShort", err)
		}
		if got, want := sellable(t, db, "dc-b", "a"), (figures{2, 0, 0, 2}); got != want {
			t.Errorf("the line that fitted: got %+v, want %+v", got, want)
		}
		if rs, err := inventory.Reservations(ctx, db.Read, "o3"); err != nil || len(rs) != 0 {
			t.Errorf("reservations of the order: %+v, %v", rs, err)
		}
	})
	t.Run("stock a location never held is short", func(t *testing.T) {
		err := reserve(t, db, at(4), inventory.Reservation{OMSOrderID: "o4", LineID: "1",
			Location: "dc-b", SKU: "b", Quantity: 1})
		var short *inventory.ShortError
		if !errors.As(err, &short) || short.Available != 0 {
			t.Errorf("got %v, want a *ShortError with nothing available", err)
		}
	})
	t.Run("only the sellable pool is reserved", func(t *testing.T) {
		err := reserve(t, db, at(4), inventory.Reservation{OMSOrderID: "o4", LineID: "1",
			Location: "dc-a", SKU: "c", Quantity: 1})
		if !errors.Is(err, inventory.ErrShort) {
			t.Errorf("got %v, want ErrShort", err)
		}
	})
	t.Run("reserving a line the same way again does nothing", func(t *testing.T) {
		if err := reserve(t, db, at(5), o1[0]); err != nil {
			t.Fatal(err)
		}
		if got := sellable(t, db, "dc-a", "a").Reserved; got != 2 {
			t.Errorf("reserved %d, want 2", got)
		}
	})
	t.Run("less than a line holds is refused", func(t *testing.T) {
		r := o1[0]
		r.Quantity = 1
		wantInvalid(t, reserve(t, db, at(5), r))
	})
	t.Run("more than a line holds grows its reservation", func(t *testing.T) {
		r := o1[0]
		r.Quantity = 3
		if err := reserve(t, db, at(6), r); err != nil {
			t.Fatal(err)
		}
		if got := sellable(t, db, "dc-a", "a").Reserved; got != 3 {
			t.Errorf("reserved %d, want 3", got)
		}
		rs, err := inventory.Reservations(context.Background(), db.Read, "o1")
		if err != nil || len(rs) != 2 || rs[0].Quantity != 3 {
			t.Errorf("reservations %+v, %v; want line 1 holding 3 in one reservation", rs, err)
		}
	})
	t.Run("rejects bad input", func(t *testing.T) { reserveRejects(t, db) })
}

func reserveRejects(t *testing.T, db *store.DB) {
	ok := inventory.Reservation{OMSOrderID: "o", LineID: "1", Location: "dc-r", SKU: "a",
		Quantity: 1}
	tests := []struct {
		name   string
		change func(r *inventory.Reservation)
	}{
		{"no order", func(r *inventory.Reservation) { r.OMSOrderID = "" }},
		{"no line", func(r *inventory.Reservation) { r.LineID = "" }},
		{"an empty location", func(r *inventory.Reservation) { r.Location = "" }},
		{"a location out of [a-z0-9-]", func(r *inventory.Reservation) { r.Location = "dc/a" }},
		{"an empty sku", func(r *inventory.Reservation) { r.SKU = "" }},
		{"a zero quantity", func(r *inventory.Reservation) { r.Quantity = 0 }},
		{"a negative quantity", func(r *inventory.Reservation) { r.Quantity = -1 }},
	}
	stock(t, db, "dc-r", map[string]int64{"a": 5})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ok
			tt.change(&r)
			wantInvalid(t, reserve(t, db, at(1), r))
		})
	}
	t.Run("a line twice at one location", func(t *testing.T) {
		wantInvalid(t, reserve(t, db, at(1), ok, ok))
	})
	if got := sellable(t, db, "dc-r", "a").Reserved; got != 0 {
		t.Errorf("rejected reservations reserved %d", got)
	}
}

func testRelease(t *testing.T, db *store.DB) {
	ctx := context.Background()
	stock(t, db, "dc-a", map[string]int64{"a": 5})
	stock(t, db, "dc-b", map[string]int64{"a": 5})
	err := reserve(t, db, at(1),
		inventory.Reservation{OMSOrderID: "o1", LineID: "1", Location: "dc-a", SKU: "a",
			Quantity: 2},
		inventory.Reservation{OMSOrderID: "o1", LineID: "1", Location: "dc-b", SKU: "a",
			Quantity: 1},
		inventory.Reservation{OMSOrderID: "o1", LineID: "2", Location: "dc-a", SKU: "a",
			Quantity: 1})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("some lines at one location", func(t *testing.T) {
		var got []inventory.Reservation
		err := inTx(t, db, func(tx *sql.Tx) error {
			var err error
			got, err = inventory.ReleaseLines(ctx, tx, "o1", "dc-a", []string{"1", "9"}, at(2))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		want := []inventory.Reservation{
			{OMSOrderID: "o1", LineID: "1", Location: "dc-a", SKU: "a", Quantity: 2}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("released (-want +got):\n%s", diff)
		}
		if got, want := sellable(t, db, "dc-a", "a"), (figures{5, 1, 0, 4}); got != want {
			t.Errorf("got %+v, want %+v", got, want)
		}
	})
	t.Run("the whole order", func(t *testing.T) {
		got := release(t, db, "o1", at(3))
		want := []inventory.Reservation{
			{OMSOrderID: "o1", LineID: "2", Location: "dc-a", SKU: "a", Quantity: 1},
			{OMSOrderID: "o1", LineID: "1", Location: "dc-b", SKU: "a", Quantity: 1}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("released (-want +got):\n%s", diff)
		}
		for _, loc := range []string{"dc-a", "dc-b"} {
			if got, want := sellable(t, db, loc, "a"), (figures{5, 0, 0, 5}); got != want {
				t.Errorf("%s: got %+v, want %+v", loc, got, want)
			}
		}
	})
	t.Run("releasing again releases nothing", func(t *testing.T) {
		if got := release(t, db, "o1", at(4)); len(got) != 0 {
			t.Errorf("released %+v", got)
		}
		if got := sellable(t, db, "dc-a", "a").Reserved; got != 0 {
			t.Errorf("reserved %d", got)
		}
	})
	t.Run("a released reservation records so", func(t *testing.T) {
		rs, err := inventory.Reservations(ctx, db.Read, "o1")
		if err != nil || len(rs) != 3 {
			t.Fatalf("%+v, %v", rs, err)
		}
		for _, r := range rs {
			if r.State != inventory.StateReleased || r.Released != r.Quantity || r.Open() != 0 {
				t.Errorf("got %+v", r)
			}
		}
	})
	t.Run("what a shipment left of a reservation", func(t *testing.T) {
		if err := reserve(t, db, at(5), inventory.Reservation{OMSOrderID: "o2",
			LineID: "1", Location: "dc-a", SKU: "a", Quantity: 3}); err != nil {
			t.Fatal(err)
		}
		if _, err := consume(t, db, inventory.Shipment{ID: "s", OMSOrderID: "o2",
			Location: "dc-a", Lines: []inventory.LineQty{{LineID: "1", Quantity: 1}}},
			at(6)); err != nil {
			t.Fatal(err)
		}
		got := release(t, db, "o2", at(7))
		if len(got) != 1 || got[0].Quantity != 2 {
			t.Errorf("released %+v, want the 2 not shipped", got)
		}
		rs, err := inventory.Reservations(ctx, db.Read, "o2")
		if err != nil || len(rs) != 1 {
			t.Fatalf("%+v, %v", rs, err)
		}
		if r := rs[0]; r.State != inventory.StateConsumed || r.Consumed != 1 || r.Released != 2 {
			t.Errorf("got %+v", r)
		}
	})
	t.Run("rejects bad input", func(t *testing.T) {
		wantInvalid(t, inTx(t, db, func(tx *sql.Tx) error {
			_, err := inventory.Release(ctx, tx, "", at(8))
			return err
		}))
		wantInvalid(t, inTx(t, db, func(tx *sql.Tx) error {
			_, err := inventory.ReleaseLines(ctx, tx, "o1", "DC-A", []string{"1"}, at(8))
			return err
		}))
	})
}

func testConsume(t *testing.T, db *store.DB) {
	ctx := context.Background()
	stock(t, db, "dc-a", map[string]int64{"a": 5})
	if err := reserve(t, db, at(1), inventory.Reservation{OMSOrderID: "o1", LineID: "1",
		Location: "dc-a", SKU: "a", Quantity: 3}); err != nil {
		t.Fatal(err)
	}
	shipment := func(id, line string, n int64) inventory.Shipment {
		return inventory.Shipment{ID: id, OMSOrderID: "o1", Location: "dc-a",
			Lines: []inventory.LineQty{{LineID: line, Quantity: n}}}
	}
	steps := []struct {
		name     string
		shipment inventory.Shipment
		shipped  bool
		err      error
		figures  figures
		open     int64
	}{
		{"part of a line", shipment("s1", "1", 2), true, nil, figures{3, 1, 0, 2}, 1},
		{"the same shipment again", shipment("s1", "1", 2), false, nil,
			figures{3, 1, 0, 2}, 1},
		{"more than is reserved", shipment("s2", "1", 2), false, inventory.ErrNotReserved,
			figures{3, 1, 0, 2}, 1},
		{"a line without a reservation", shipment("s3", "9", 1), false,
			inventory.ErrNotReserved, figures{3, 1, 0, 2}, 1},
		{"the rest of the line", shipment("s2", "1", 1), true, nil, figures{2, 0, 0, 2}, 0},
		{"a line shipped in full", shipment("s4", "1", 1), false,
			inventory.ErrNotReserved, figures{2, 0, 0, 2}, 0},
	}
	for i, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			shipped, err := consume(t, db, s.shipment, at(2+i))
			if !errors.Is(err, s.err) || shipped != s.shipped {
				t.Fatalf("got %v, %v; want %v, %v", shipped, err, s.shipped, s.err)
			}
			if got := sellable(t, db, "dc-a", "a"); got != s.figures {
				t.Errorf("got %+v, want %+v", got, s.figures)
			}
			rs, err := inventory.Reservations(ctx, db.Read, "o1")
			if err != nil || len(rs) != 1 || rs[0].Open() != s.open {
				t.Errorf("reservations %+v, %v; want %d open", rs, err, s.open)
			}
		})
	}

	t.Run("a count below the reservation leaves nothing on hand", func(t *testing.T) {
		stock(t, db, "dc-c", map[string]int64{"a": 2})
		if err := reserve(t, db, at(1), inventory.Reservation{OMSOrderID: "o5",
			LineID: "1", Location: "dc-c", SKU: "a", Quantity: 2}); err != nil {
			t.Fatal(err)
		}
		snapshot(t, db, inventory.Snapshot{Location: "dc-c", Pool: inventory.PoolSellable,
			TakenAt: at(10), Items: []inventory.Item{{SKU: "a", OnHand: 1}}})
		if _, err := consume(t, db, inventory.Shipment{ID: "s5", OMSOrderID: "o5",
			Location: "dc-c", Lines: []inventory.LineQty{{LineID: "1", Quantity: 2}}},
			at(11)); err != nil {
			t.Fatal(err)
		}
		if got, want := sellable(t, db, "dc-c", "a"), (figures{0, 0, 0, 0}); got != want {
			t.Errorf("got %+v, want %+v", got, want)
		}
		ms, err := inventory.Movements(ctx, db.Read, "dc-c", "a", 1)
		if err != nil || len(ms) != 1 {
			t.Fatalf("%+v, %v", ms, err)
		}
		if m := ms[0]; m.Kind != inventory.KindConsume || m.OnHand != -1 || m.Reserved != -2 {
			t.Errorf("got %+v, want the consumption of 2 that took 1 off hand", m)
		}
	})
	t.Run("rejects bad input", func(t *testing.T) { consumeRejects(t, db) })
}

func consumeRejects(t *testing.T, db *store.DB) {
	ok := inventory.Shipment{ID: "s", OMSOrderID: "o", Location: "dc-a",
		Lines: []inventory.LineQty{{LineID: "1", Quantity: 1}}}
	tests := []struct {
		name   string
		change func(s *inventory.Shipment)
	}{
		{"no id", func(s *inventory.Shipment) { s.ID = "" }},
		{"no order", func(s *inventory.Shipment) { s.OMSOrderID = "" }},
		{"a location out of [a-z0-9-]", func(s *inventory.Shipment) { s.Location = "Dc-a" }},
		{"a line without an id", func(s *inventory.Shipment) { s.Lines[0].LineID = "" }},
		{"a zero quantity", func(s *inventory.Shipment) { s.Lines[0].Quantity = 0 }},
		{"a line twice", func(s *inventory.Shipment) { s.Lines = append(s.Lines, s.Lines[0]) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ok
			s.Lines = []inventory.LineQty{ok.Lines[0]}
			tt.change(&s)
			_, err := consume(t, db, s, at(1))
			wantInvalid(t, err)
		})
	}
}
