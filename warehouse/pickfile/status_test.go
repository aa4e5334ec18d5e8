package pickfile_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/filedrop"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/warehouse"
	"github.com/ordo-oms/ordo/warehouse/pickfile"
)

// statusColumns are a 3PL's own names for the columns of a status file.
var statusColumns = config.StatusColumns{Reference: "Order ref", Status: "State",
	EventID: "Event", At: "Time", Parcel: "Parcel no", Carrier: "Carrier",
	TrackingNumber: "Track & trace", TrackingURL: "Track URL", OrderID: "Order",
	LineID: "Line", Quantity: "Qty"}

// handle runs a status handler with statusColumns on content, and returns
// what it applied and its error.
func handle(t *testing.T, content string) ([]warehouse.StatusUpdate, error) {
	t.Helper()
	var c collector
	err := handler(t, ";", statusColumns, c.apply)(context.Background(), nil,
		filedrop.File{Source: "tpl-statuses", Name: "status.csv", Data: []byte(content)})
	return c.got(), err
}

// partialShipment reports a picked order and then two of its three lines
// shipped in two parcels, the first parcel's rows apart; the file has no
// event id column.
const partialShipment = "Order ref;State;Time;Parcel no;Carrier;Track & trace;Track URL;" +
	"Order;Line;Qty\n" +
	"r-1;PICKED;2026-12-03T09:00:00+01:00;;;;;;;\n" +
	"r-1;SHIPPED;2026-12-03T15:00:00+01:00;P1;dhl;JD01;https://t.example/JD01;o-1;l-1;2\n" +
	"r-1;SHIPPED;2026-12-03T15:00:00+01:00;P2;ups;1Z02;;o-1;l-2;1\n" +
	"r-1;SHIPPED;2026-12-03T15:00:00+01:00;P1;;;;o-1;l-3;1\n" +
	"r-2;SHIPPED;2026-12-03T16:00:00+01:00;;postnl;3SABC;;o-5;l-1;4\n"

func TestStatusFileMakesAnUpdatePerReport(t *testing.T) {
	got, err := handle(t, partialShipment)
	if err != nil {
		t.Fatal(err)
	}
	want := []warehouse.StatusUpdate{
		{Reference: "r-1", Code: "PICKED", At: time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)},
		{Reference: "r-1", Code: "SHIPPED", At: time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC),
			Parcels: []warehouse.Parcel{
				{ID: "P1", Carrier: "dhl", TrackingNumber: "JD01",
					TrackingURL: "https://t.example/JD01", Lines: []warehouse.Line{
						{OrderID: "o-1", LineID: "l-1", Quantity: 2},
						{OrderID: "o-1", LineID: "l-3", Quantity: 1}}},
				{ID: "P2", Carrier: "ups", TrackingNumber: "1Z02", Lines: []warehouse.Line{
					{OrderID: "o-1", LineID: "l-2", Quantity: 1}}}}},
		{Reference: "r-2", Code: "SHIPPED", At: time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC),
			Parcels: []warehouse.Parcel{{ID: "3SABC", Carrier: "postnl",
				TrackingNumber: "3SABC", Lines: []warehouse.Line{
					{OrderID: "o-5", LineID: "l-1", Quantity: 4}}}}},
	}
	ignoreIDs := cmpopts.IgnoreFields(warehouse.StatusUpdate{}, "EventID")
	if diff := cmp.Diff(want, got, ignoreIDs); diff != "" {
		t.Errorf("updates mismatch (-want +got):\n%s", diff)
	}
	ids := map[string]bool{}
	for _, u := range got {
		if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(u.EventID) || ids[u.EventID] {
			t.Errorf("event id %q of %s %s; want 32 hex digits of its own", u.EventID,
				u.Reference, u.Code)
		}
		ids[u.EventID] = true
	}
}

func TestSameReportHasTheSameEventID(t *testing.T) {
	first, err := handle(t, partialShipment)
	if err != nil {
		t.Fatal(err)
	}
	// The same reports with their rows in another order, and one with an
	// event id of its own.
	again, err := handle(t, "Event;Track & trace;Order ref;State;Time;Parcel no;Carrier;"+
		"Track URL;Order;Line;Qty\n"+
		";3SABC;r-2;SHIPPED;2026-12-03T16:00:00+01:00;;postnl;;o-5;l-1;4\n"+
		";JD01;r-1;SHIPPED;2026-12-03T15:00:00+01:00;P1;;;o-1;l-3;1\n"+
		";1Z02;r-1;SHIPPED;2026-12-03T15:00:00+01:00;P2;ups;;o-1;l-2;1\n"+
		";JD01;r-1;SHIPPED;2026-12-03T15:00:00+01:00;P1;dhl;https://t.example/JD01;o-1;l-1;2\n"+
		"ev-7;;r-1;PICKED;2026-12-03T09:00:00+01:00;;;;;;\n")
	if err != nil {
		t.Fatal(err)
	}
	ids := func(us []warehouse.StatusUpdate) map[string]string {
		out := map[string]string{}
		for _, u := range us {
			out[u.Reference+" "+u.Code] = u.EventID
		}
		return out
	}
	want, got := ids(first), ids(again)
	want["r-1 PICKED"] = "ev-7"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("event ids mismatch (-want +got):\n%s", diff)
	}
}

func TestBadStatusFileIsRefusedWithEveryProblem(t *testing.T) {
	got, err := handle(t, "Order ref;State;Time;Parcel no;Carrier;Track & trace;Order;Line;Qty\n"+
		"r-1;SHIPPED;;P1;dhl;T1;o-1;l-1;1\n"+
		"r-1;SHIPPED;;P1;ups;T1;o-1;l-2;1\n"+
		"r-1;SHIPPED;;P1;dhl;T1;o-1;l-1;1\n"+
		"r-1;;yesterday;P1;dhl;T1;o-1;l-3;two\n"+
		"r-1;SHIPPED;;;;;o-1;l-4;1\n"+
		"r-1;SHIPPED;;P1;dhl;T1;o-1;;0\n"+
		";SHIPPED;;;;;;;\n")
	var bad *filedrop.Error
	if !errors.As(err, &bad) {
		t.Fatalf("handler: %v; want a *filedrop.Error that refuses the file", err)
	}
	var problems []string
	for _, p := range bad.Problems {
		problems = append(problems, p.String())
	}
	want := []string{
		`line 3: column "Carrier": is "ups", but an earlier row of parcel P1 gives "dhl"`,
		`line 4: column "Line": line l-1 of order o-1 is in parcel P1 already, on line 2`,
		`line 5: column "State": is empty; every row needs a status`,
		`line 5: column "Time": "yesterday" is not a time such as 2026-12-03T18:00:00+01:00`,
		`line 5: column "Qty": found "two"; want a whole number`,
		`line 6: column "Parcel no": is empty, and so is the tracking number; a row with a ` +
			`carrier or a line needs the parcel it is in`,
		`line 7: column "Line": is empty; a row with a line needs the order id, line id ` +
			`and quantity`,
		`line 7: column "Qty": is 0; a parcel holds at least 1 of a line`,
		`line 8: column "Order ref": is empty; every row needs the reference it reports on`,
	}
	if diff := cmp.Diff(want, problems); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
	if len(got) != 0 {
		t.Errorf("applied %d updates from a refused file; want none", len(got))
	}
}

func TestStatusFileWithoutItsColumnsIsRefused(t *testing.T) {
	tests := []struct{ name, content, want string }{
		{"no status column", "Order ref;Time\nr-1;2026-12-03T09:00:00Z\n",
			`line 1: column "State": missing from the header (for field status)`},
		{"no rows", "Order ref;State\n", "the file holds no status rows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := handle(t, tt.content)
			var bad *filedrop.Error
			if !errors.As(err, &bad) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("handler: %v; want the file refused because %s", err, tt.want)
			}
			if len(got) != 0 {
				t.Errorf("applied %v; want nothing", got)
			}
		})
	}
}

func TestApplyErrorLeavesTheFileForLater(t *testing.T) {
	down := errors.New("database is down")
	applied := 0
	h := handler(t, ";", statusColumns, func(ctx context.Context, tx *store.Tx,
		u warehouse.StatusUpdate) error {
		applied++
		if u.Code == "SHIPPED" {
			return down
		}
		return nil
	})
	err := h(context.Background(), nil, filedrop.File{Name: "s.csv",
		Data: []byte(partialShipment)})
	var bad *filedrop.Error
	if !errors.Is(err, down) || errors.As(err, &bad) {
		t.Errorf("handler: %v; want the apply error, which does not refuse the file", err)
	}
	if applied != 2 {
		t.Errorf("apply called %d times; want 2, stopping at the error", applied)
	}
}

func TestStatusHandlerNamesWhatIsWrong(t *testing.T) {
	cols := statusColumns
	cols.At = ""
	_, err := pickfile.StatusHandler(pickfile.StatusOptions{Columns: cols})
	for _, want := range []string{"Location is missing", "Apply is missing", "columns.at"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("StatusHandler: %v; want it to say %s", err, want)
		}
	}
}
