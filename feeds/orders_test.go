package feeds_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/feeds"
	"github.com/ordo-oms/ordo/filedrop/sftptest"
	"github.com/ordo-oms/ordo/ingest"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/order/ordertest"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
)

var _ ingest.Enqueuer = (*enqueuer)(nil)

// EnqueueValidation does nothing: validation is ingest's, tested there.
func (e *enqueuer) EnqueueValidation(context.Context, *store.Tx, string) error { return nil }

// newOrderEnv starts a real sshd and an orders feed of channel store-pos
// on it, whose files name some columns their own way; change, if not nil,
// changes the feed before defaults are applied. It also returns the ingest
// service the feed records orders with.
func newOrderEnv(t *testing.T, d store.Dialect, change func(*config.Feed)) (*env,
	*ingest.Service) {
	t.Helper()
	db := storetest.Open(t, d)
	b := store.NewBatcher(db, store.BatchOptions{})
	t.Cleanup(b.Close)
	srv := sftptest.Start(t)
	f := config.Feed{ID: "pos-sales", Kind: "orders", Channel: "store-pos",
		SFTP: config.SFTP{Addr: srv.Addr, User: srv.User,
			PrivateKey: config.Secret(srv.PrivateKey), HostKey: srv.HostKey, Dir: srv.Dir},
		Settle: config.Duration(time.Nanosecond), Delimiter: ";",
		OrderColumns: config.OrderColumns{OrderID: "Receipt", LineID: "Line", SKU: "EAN",
			Quantity: "Qty", UnitPrice: "Price", PlacedAt: "Sold at", Total: "Total"}}
	if change != nil {
		change(&f)
	}
	cfg := (&config.Config{Feeds: []config.Feed{f}}).WithDefaults()
	e := &env{db: db, server: srv, jobs: &enqueuer{}}
	orders := &ingest.Service{Batcher: b, Jobs: e.jobs, Read: db.Read, Now: time.Now}
	e.svc = &feeds.Service{Feeds: cfg.Feeds, Batcher: b, Orders: orders, Now: time.Now,
		Log: slog.New(slog.DiscardHandler)}
	return e, orders
}

// order returns the order of store-pos with the given id.
func (e *env) order(t *testing.T, id string) *store.OrderRecord {
	t.Helper()
	rec, err := store.FindOrder(context.Background(), e.db.Read, "store-pos", id)
	if err != nil {
		t.Fatalf("order %s: %v", id, err)
	}
	return rec
}

// count returns the number of rows of a table.
func (e *env) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	if err := e.db.Read.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// events returns the number of events of an order.
func (e *env) events(t *testing.T, omsOrderID string) int {
	t.Helper()
	evs, err := store.LoadStream(context.Background(), e.db.Read, store.StreamID(omsOrderID))
	if err != nil {
		t.Fatal(err)
	}
	return len(evs)
}

// salesFile holds two orders: R-1 with two lines, R-2 with one and no
// update time.
const salesFile = "Receipt;Line;EAN;title;Qty;Price;tax;discount;currency;Sold at;" +
	"updated_at;name;shipping;Total;email;first_name;last_name;address1;postcode;city;" +
	"country;method;carrier;payment\n" +
	"R-1;L-1;8712345000011;Tee black M;2;19.95;6.93;;EUR;2026-12-03T14:05:00+01:00;" +
	"2026-12-03T14:20:00+01:00;#R-1;4.95;58.35;anna@example.nl;Anna;de Vries;Damrak 1;" +
	"1012 LG;Amsterdam;nl;standard;postnl;paid\n" +
	"R-2;L-9;8712345000028;Cap red;3;2.50;1.30;;EUR;2026-12-03T15:00:00+01:00;;#R-2;;" +
	"7.50;bram@example.be;Bram;Peeters;Meir 10;2000;Antwerpen;BE;express;dpd;authorized\n" +
	"R-1;L-2;8712345000028;Cap red;1;15.00;2.60;1.50;EUR;2026-12-03T14:05:00+01:00;" +
	"2026-12-03T14:20:00+01:00;#R-1;4.95;58.35;anna@example.nl;Anna;de Vries;Damrak 1;" +
	"1012 LG;Amsterdam;nl;standard;postnl;paid\n"

func TestOrderFileOverSFTP(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			e, _ := newOrderEnv(t, d, nil)
			e.drop(t, "sales-1.csv", time.Minute, salesFile)
			if rep := e.poll(t); !slices.Equal(rep.Done, []string{"sales-1.csv"}) {
				t.Fatalf("pass = %+v; want sales-1.csv done", rep)
			}

			r1 := e.order(t, "R-1")
			wantLines := []order.Line{
				{LineID: "L-1", SKU: "8712345000011", Title: "Tee black M", Quantity: 2,
					UnitPrice: 1995, Tax: 693},
				{LineID: "L-2", SKU: "8712345000028", Title: "Cap red", Quantity: 1,
					UnitPrice: 1500, Tax: 260, Discount: 150}}
			if diff := cmp.Diff(wantLines, r1.Lines); diff != "" {
				t.Errorf("R-1 lines (-want +got):\n%s", diff)
			}
			want := order.Totals{Shipping: 495, Tax: 953, Discount: 150, Total: 5835}
			if diff := cmp.Diff(want, r1.Totals); diff != "" {
				t.Errorf("R-1 totals (-want +got):\n%s", diff)
			}
			placed := time.Date(2026, 12, 3, 13, 5, 0, 0, time.UTC)
			if !r1.PlacedAt.Equal(placed) || !r1.UpdatedAt.Equal(placed.Add(15*time.Minute)) ||
				r1.Name != "#R-1" || r1.Currency != "EUR" || !r1.TaxesIncluded ||
				r1.Payment != order.PaymentPaid {
				t.Errorf("R-1 = %+v", r1.Order)
			}
			wantDelivery := order.Delivery{Country: "NL", Method: order.MethodStandard,
				Carrier: order.CarrierPostNL, Priority: order.PriorityNormal}
			if r1.Delivery != wantDelivery {
				t.Errorf("R-1 delivery = %+v; want %+v", r1.Delivery, wantDelivery)
			}

			r2 := e.order(t, "R-2")
			wantLines = []order.Line{{LineID: "L-9", SKU: "8712345000028", Title: "Cap red",
				Quantity: 3, UnitPrice: 250, Tax: 130}}
			if diff := cmp.Diff(wantLines, r2.Lines); diff != "" {
				t.Errorf("R-2 lines (-want +got):\n%s", diff)
			}
			if want := (order.Totals{Tax: 130, Total: 750}); r2.Totals != want {
				t.Errorf("R-2 totals = %+v; want %+v", r2.Totals, want)
			}
			if !r2.UpdatedAt.Equal(r2.PlacedAt) || r2.Delivery.Method != order.MethodExpress ||
				r2.Delivery.Carrier != order.CarrierDPD || r2.Payment != order.PaymentAuthorized {
				t.Errorf("R-2 = %+v; want updated when placed, express by DPD, authorized",
					r2.Order)
			}
			c, err := store.LoadPersonalData(context.Background(), e.db.Read, r2.OMSOrderID)
			wantCustomer := order.Customer{Email: "bram@example.be", FirstName: "Bram",
				LastName: "Peeters", Shipping: order.Address{Name: "Bram Peeters",
					Line1: "Meir 10", Postcode: "2000", City: "Antwerpen", Country: "BE"}}
			if err != nil || c != wantCustomer {
				t.Errorf("R-2 customer = %+v, %v; want %+v", c, err, wantCustomer)
			}
			if _, err := os.Stat(filepath.Join(e.server.Dir, "done", "sales-1.csv")); err != nil {
				t.Errorf("the file is not in done/: %v", err)
			}
		})
	}
}

func TestOrderFileDroppedAgainIsNotReadTwice(t *testing.T) {
	e, _ := newOrderEnv(t, storetest.Dialects[0], nil)
	e.drop(t, "sales-1.csv", 2*time.Minute, salesFile)
	e.poll(t)
	orders, keys := e.count(t, "orders"), e.count(t, "inbox")
	versions := e.events(t, e.order(t, "R-1").OMSOrderID)

	e.drop(t, "sales-1-again.csv", time.Minute, salesFile)
	if rep := e.poll(t); !slices.Equal(rep.Duplicate, []string{"sales-1-again.csv"}) {
		t.Errorf("second pass = %+v; want the file seen as a duplicate", rep)
	}
	if o, k := e.count(t, "orders"), e.count(t, "inbox"); o != orders || k != keys {
		t.Errorf("after the same content again: %d orders and %d keys; want %d and %d",
			o, k, orders, keys)
	}
	if n := e.events(t, e.order(t, "R-1").OMSOrderID); n != versions {
		t.Errorf("R-1 has %d events after the same file again; want %d", n, versions)
	}
}

func TestHalfWrittenOrderFileIsLeftUntilStable(t *testing.T) {
	e, _ := newOrderEnv(t, storetest.Dialects[0], nil)
	ctx := context.Background()
	half := salesFile[:strings.Index(salesFile, "R-2;")+20]
	e.drop(t, "sales-1.csv", time.Minute, half)
	for i, content := range []string{half, salesFile} {
		if i > 0 {
			e.drop(t, "sales-1.csv", time.Minute, content)
		}
		rep, err := e.svc.Poll(ctx, "pos-sales")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(rep.Waiting, []string{"sales-1.csv"}) || len(rep.Done) > 0 {
			t.Fatalf("pass %d = %+v; want the changing file left waiting", i+1, rep)
		}
		if n := e.count(t, "orders"); n != 0 {
			t.Fatalf("pass %d recorded %d orders of a file still being written", i+1, n)
		}
	}
	if rep := e.poll(t); !slices.Equal(rep.Done, []string{"sales-1.csv"}) {
		t.Fatalf("pass after the file stopped changing = %+v; want it done", rep)
	}
	if n := e.count(t, "orders"); n != 2 {
		t.Errorf("%d orders from the whole file; want 2", n)
	}
}

func TestBadOrderFileIsRefusedWhole(t *testing.T) {
	e, _ := newOrderEnv(t, storetest.Dialects[0], nil)
	e.drop(t, "sales-2.csv", time.Minute, "Receipt;Line;EAN;Qty;Price;currency;Sold at\n"+
		"R-1;L-1;8712345000011;-2;19.95;EUR;2026-12-03T14:05:00+01:00\n"+
		"R-1;L-2;8712345000028;1;15.00;USD;2026-12-03T14:05:00+01:00\n"+
		"R-2;L-1;8712345000028;1;15.00;EUX;2026-12-03T14:05:00+01:00\n"+
		"R-3;L-1;8712345000028;1;12,95;EUR;2026-12-03T14:05:00+01:00\n"+
		";L-1;8712345000028;1;12.95;EUR;2026-12-03T14:05:00+01:00\n"+
		"R-4;L-1;8712345000028;1;12.95;EUR;2026-12-03T14:05:00+01:00\n")
	if rep := e.poll(t); !slices.Equal(rep.Rejected, []string{"sales-2.csv"}) {
		t.Fatalf("pass = %+v; want the file rejected", rep)
	}
	reasons, err := os.ReadFile(filepath.Join(e.server.Dir, "error", "sales-2.csv.errors.txt"))
	if err != nil {
		t.Fatalf("no reasons beside the refused file: %v", err)
	}
	for _, want := range []string{
		`line 2: column "Qty": is -2; a line needs at least 1 unit`,
		`line 3: column "currency": is "USD", but line 2 has "EUR"; every row of order R-1 ` +
			`must repeat the order's fields`,
		`line 4: column "currency": "EUX" is not an ISO 4217 currency code`,
		`line 5: column "Price": found "12,95"; want a decimal amount such as 12.95`,
		`line 6: column "Receipt": is empty; every row needs the id of its order`,
	} {
		if !strings.Contains(string(reasons), want) {
			t.Errorf("reasons do not say %q:\n%s", want, reasons)
		}
	}
	if n, k := e.count(t, "orders"), e.count(t, "inbox"); n != 0 || k != 0 {
		t.Errorf("after a refused file: %d orders, %d keys; want none", n, k)
	}
}

func TestOrderFromWebhookAndFileIsOneOrder(t *testing.T) {
	e, orders := newOrderEnv(t, storetest.Dialects[0], func(f *config.Feed) {
		f.Delimiter, f.OrderColumns = ",", config.OrderColumns{}
	})
	o := ordertest.Sample(1)
	o.ChannelID = "store-pos"
	o.Customer.Shipping.Name = "Anna de Vries"
	first, err := orders.Receive(context.Background(), ingest.Report{Key: "pos:store-pos:e-1",
		Order: o, Meta: store.Meta{OccurredAt: o.UpdatedAt}})
	if err != nil {
		t.Fatal(err)
	}

	// The same order as the POS exports it: without line ids or a total.
	const head = "order_id,sku,quantity,unit_price,tax,discount,currency,placed_at,name," +
		"shipping,email,first_name,last_name,address1,postcode,city,country,method," +
		"carrier,payment\n"
	const row = "1001,%s,EUR,2026-11-27T10:00:00+01:00,#1001,4.95,anna@example.nl,Anna," +
		"de Vries,Damrak 1,1012 LG,Amsterdam,NL,standard,postnl,paid\n"
	e.drop(t, "sales-1.csv", time.Minute, head+fmt.Sprintf(row, "TEE-BLK-M,2,19.95,6.93,")+
		fmt.Sprintf(row, "CAP-RED,1,15.00,2.60,1.50"))
	if rep := e.poll(t); !slices.Equal(rep.Done, []string{"sales-1.csv"}) {
		t.Fatalf("pass = %+v; want sales-1.csv done", rep)
	}

	if n := e.count(t, "orders"); n != 1 {
		t.Errorf("%d orders; want the one order", n)
	}
	rec := e.order(t, "1001")
	if rec.OMSOrderID != first.OMSOrderID || rec.Version != first.Version {
		t.Errorf("order %s at version %d; want %s unchanged at version %d", rec.OMSOrderID,
			rec.Version, first.OMSOrderID, first.Version)
	}
	if n := e.events(t, first.OMSOrderID); n != 1 {
		t.Errorf("%d events; want only the first receipt", n)
	}
}
