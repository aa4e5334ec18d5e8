package order_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/order"
)

// mustJSON marshals v or fails the test.
func mustJSON(tb testing.TB, v any) []byte {
	tb.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// replay applies Received for old and then Updated with the changes from
// old to new, and returns the result.
func replay(tb testing.TB, old, new order.Order) order.Order {
	tb.Helper()
	changes, err := order.Diff(old, new)
	if err != nil {
		tb.Fatalf("Diff: %v", err)
	}
	var got order.Order
	received := mustJSON(tb, order.Received{Order: old})
	if err := got.Apply(order.EventReceived, received); err != nil {
		tb.Fatalf("Apply received: %v", err)
	}
	updated := mustJSON(tb, order.Updated{Changes: changes})
	if err := got.Apply(order.EventUpdated, updated); err != nil {
		tb.Fatalf("Apply updated: %v", err)
	}
	return got
}

func TestDiffApplyRoundTrip(t *testing.T) {
	later := time.Date(2024, 5, 2, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		change func(o *order.Order)
	}{
		{"nothing changed", func(o *order.Order) {}},
		{"quantity changed", func(o *order.Order) { o.Lines[0].Quantity = 5 }},
		{"variant removed from a line", func(o *order.Order) { o.Lines[0].Variant = "" }},
		{"line removed", func(o *order.Order) { o.Lines = o.Lines[:1] }},
		{"line added", func(o *order.Order) {
			o.Lines = append(o.Lines, order.Line{LineID: "9", SKU: "NEW", Quantity: 1})
		}},
		{"all lines removed", func(o *order.Order) { o.Lines = nil }},
		{"delivery country cleared", func(o *order.Order) { o.Delivery.Country = "" }},
		{"tags removed", func(o *order.Order) { o.Tags = nil }},
		{"scalars changed", func(o *order.Order) {
			o.Name = "#2002"
			o.UpdatedAt = later
			o.Currency = "USD"
			o.TaxesIncluded = false
			o.Payment = order.PaymentRefunded
			o.Totals = order.Totals{Total: 1}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := validOrder(t).Facts()
			old.Lines[0].Variant = "red"
			old.Tags = []string{"vip"}
			old.TaxesIncluded = true
			old.UpdatedAt = later.Add(-time.Hour)
			next := validOrder(t).Facts()
			next.Lines[0].Variant = "red"
			next.Tags = []string{"vip"}
			next.TaxesIncluded = true
			next.UpdatedAt = later.Add(-time.Hour)
			tt.change(&next)

			want := next
			want.Status = order.StatusReceived
			if diff := cmp.Diff(want, replay(t, old, next)); diff != "" {
				t.Errorf("replayed order (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDiff(t *testing.T) {
	t.Run("no changes for equal facts", func(t *testing.T) {
		o := validOrder(t)
		changes, err := order.Diff(*o, *validOrder(t))
		if err != nil || len(changes) != 0 {
			t.Errorf("Diff = %v, %v; want no changes", changes, err)
		}
	})
	t.Run("personal data is no fact", func(t *testing.T) {
		o, p := validOrder(t), validOrder(t)
		p.Customer.Email = "other@example.com"
		changes, err := order.Diff(*o, *p)
		if err != nil || len(changes) != 0 {
			t.Errorf("Diff = %v, %v; want no changes", changes, err)
		}
	})
}

func TestApply(t *testing.T) {
	t.Run("held then validated", func(t *testing.T) {
		var o order.Order
		held := mustJSON(t, order.Held{Reasons: []order.Reason{{Code: "no_lines"}}})
		if err := o.Apply(order.EventHeld, held); err != nil {
			t.Fatal(err)
		}
		if o.Status != order.StatusOnHold || len(o.HoldReasons) != 1 {
			t.Fatalf("after held: status %q, reasons %v", o.Status, o.HoldReasons)
		}
		if err := o.Apply(order.EventValidated, nil); err != nil {
			t.Fatal(err)
		}
		if o.Status != order.StatusValidated || o.HoldReasons != nil {
			t.Errorf("after validated: status %q, reasons %v", o.Status, o.HoldReasons)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		var o order.Order
		if err := o.Apply(order.EventCancelled, []byte(`{}`)); err != nil {
			t.Fatal(err)
		}
		if o.Status != order.StatusCancelled {
			t.Errorf("status %q; want cancelled", o.Status)
		}
	})
	t.Run("backordered, then allocated, then allocated again", func(t *testing.T) {
		var o order.Order
		steps := []struct {
			typ     string
			payload any
			want    order.Status
		}{
			{order.EventBackordered, order.Backordered{Lines: []order.LineQuantity{
				{LineID: "1", SKU: "A", Quantity: 2}}}, order.StatusBackordered},
			{order.EventAllocated, order.Allocated{Parts: []order.Allocation{{
				Location: "dc-1", Lines: []order.LineQuantity{{LineID: "1", SKU: "A",
					Quantity: 1}}}}, Backordered: []order.LineQuantity{
				{LineID: "1", SKU: "A", Quantity: 1}}}, order.StatusAllocated},
			{order.EventAllocated, order.Allocated{Parts: []order.Allocation{{
				Location: "dc-2", Lines: []order.LineQuantity{{LineID: "1", SKU: "A",
					Quantity: 1}}}}}, order.StatusAllocated},
		}
		for _, st := range steps {
			if !order.CanMove(o.Status, st.want) && o.Status != "" {
				t.Fatalf("CanMove(%q, %q) = false", o.Status, st.want)
			}
			if err := o.Apply(st.typ, mustJSON(t, st.payload)); err != nil {
				t.Fatal(err)
			}
			if o.Status != st.want {
				t.Errorf("after %s: status %q; want %q", st.typ, o.Status, st.want)
			}
		}
	})
	t.Run("unknown event type is an error", func(t *testing.T) {
		var o order.Order
		if err := o.Apply("order.teleported", nil); err == nil {
			t.Error("Apply succeeded; want an error")
		}
	})
	t.Run("failed update changes nothing", func(t *testing.T) {
		o := *validOrder(t)
		before := o
		upd := order.Updated{Changes: []order.Change{
			{Field: "name", Value: json.RawMessage(`"#9"`)},
			{Field: "colour", Value: json.RawMessage(`"red"`)},
		}}
		if err := o.Apply(order.EventUpdated, mustJSON(t, upd)); err == nil {
			t.Fatal("Apply succeeded; want an error for an unknown field")
		}
		if diff := cmp.Diff(before, o); diff != "" {
			t.Errorf("order changed by a failed update (-before +after):\n%s", diff)
		}
	})
	t.Run("malformed payload is an error", func(t *testing.T) {
		var o order.Order
		for _, typ := range []string{order.EventReceived, order.EventUpdated, order.EventHeld,
			order.EventAllocated, order.EventBackordered} {
			if err := o.Apply(typ, []byte(`{`)); err == nil {
				t.Errorf("Apply(%s) succeeded; want an error", typ)
			}
		}
	})
}
