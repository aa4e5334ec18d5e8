package loadtest

import (
	"bytes"
	"encoding/json"
	"math"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// testOrder is the part of a generated payload the tests check.
type testOrder struct {
	ID                  int64      `json:"id"`
	AdminGraphqlAPIID   string     `json:"admin_graphql_api_id"`
	Name                string     `json:"name"`
	Email               string     `json:"email"`
	CreatedAt           string     `json:"created_at"`
	UpdatedAt           string     `json:"updated_at"`
	Currency            string     `json:"currency"`
	PresentmentCurrency string     `json:"presentment_currency"`
	TaxesIncluded       bool       `json:"taxes_included"`
	FinancialStatus     string     `json:"financial_status"`
	LineItems           []testLine `json:"line_items"`
	ShippingLines       []testLine `json:"shipping_lines"`
	SubtotalPrice       string     `json:"subtotal_price"`
	TotalLineItemsPrice string     `json:"total_line_items_price"`
	TotalTax            string     `json:"total_tax"`
	TotalDiscounts      string     `json:"total_discounts"`
	TotalPrice          string     `json:"total_price"`
	TotalShipping       struct {
		ShopMoney struct {
			Amount string `json:"amount"`
		} `json:"shop_money"`
	} `json:"total_shipping_price_set"`
	ShippingAddress testAddress `json:"shipping_address"`
	BillingAddress  testAddress `json:"billing_address"`
	Customer        struct {
		ID    int64  `json:"id"`
		Email string `json:"email"`
	} `json:"customer"`
}

// testLine is a line item or a shipping line; shipping lines have no
// quantity, which counts as one.
type testLine struct {
	SKU      string `json:"sku"`
	Code     string `json:"code"`
	Quantity *int64 `json:"quantity"`
	Price    string `json:"price"`
	TaxLines []struct {
		Price string  `json:"price"`
		Rate  float64 `json:"rate"`
	} `json:"tax_lines"`
	DiscountAllocations []struct {
		Amount string `json:"amount"`
	} `json:"discount_allocations"`
}

type testAddress struct {
	Name        string `json:"name"`
	Address1    string `json:"address1"`
	Zip         string `json:"zip"`
	City        string `json:"city"`
	CountryCode string `json:"country_code"`
}

func parseOrder(t testing.TB, body []byte) testOrder {
	t.Helper()
	var o testOrder
	if err := json.Unmarshal(body, &o); err != nil {
		t.Fatalf("payload is not an order: %v\n%s", err, body)
	}
	return o
}

// cents parses a decimal amount with exactly two places, such as "19.95"
// or "-0.05", into cents.
func cents(t testing.TB, s string) int64 {
	t.Helper()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, ok := strings.Cut(s, ".")
	if !ok || whole == "" || len(frac) != 2 {
		t.Fatalf("amount %q is not a decimal with two places", s)
	}
	var v int64
	for _, c := range whole + frac {
		if c < '0' || c > '9' {
			t.Fatalf("amount %q is not a decimal with two places", s)
		}
		v = v*10 + int64(c-'0')
	}
	if neg {
		v = -v
	}
	return v
}

func TestCents(t *testing.T) {
	for s, want := range map[string]int64{"0.00": 0, "19.95": 1995, "-0.05": -5, "120.10": 12010} {
		if got := cents(t, s); got != want {
			t.Errorf("cents(%q) = %d, want %d", s, got, want)
		}
	}
}

// checkAmounts checks that an order's amounts reconcile in cents, with tax
// worked out on each discounted line and rounded per line.
func checkAmounts(t *testing.T, o testOrder) {
	t.Helper()
	var items, lineDiscounts, shipping, discounts, taxes int64
	sum := func(l testLine, isItem bool) {
		qty := int64(1)
		if l.Quantity != nil {
			qty = *l.Quantity
		}
		gross := cents(t, l.Price) * qty
		var disc int64
		for _, a := range l.DiscountAllocations {
			disc += cents(t, a.Amount)
		}
		for _, tl := range l.TaxLines {
			got := cents(t, tl.Price)
			if want := wantTax(gross-disc, tl.Rate, o.TaxesIncluded); got != want {
				t.Errorf("order %d: tax on %d - %d at %v is %d, want %d",
					o.ID, gross, disc, tl.Rate, got, want)
			}
			taxes += got
		}
		discounts += disc
		if isItem {
			items += gross
			lineDiscounts += disc
		} else {
			shipping += gross
		}
	}
	for _, l := range o.LineItems {
		sum(l, true)
	}
	for _, l := range o.ShippingLines {
		sum(l, false)
	}

	total := items + shipping - discounts
	if !o.TaxesIncluded {
		total += taxes
	}
	for _, c := range []struct {
		field string
		got   string
		want  int64
	}{
		{"total_line_items_price", o.TotalLineItemsPrice, items},
		{"subtotal_price", o.SubtotalPrice, items - lineDiscounts},
		{"total_shipping_price_set", o.TotalShipping.ShopMoney.Amount, shipping},
		{"total_discounts", o.TotalDiscounts, discounts},
		{"total_tax", o.TotalTax, taxes},
		{"total_price", o.TotalPrice, total},
	} {
		if got := cents(t, c.got); got != c.want {
			t.Errorf("order %d: %s is %d cents, want %d", o.ID, c.field, got, c.want)
		}
	}
}

// wantTax works out the tax on net cents at rate, rounded half away from
// zero, in big enough integers that the float rate does not round it.
func wantTax(net int64, rate float64, inclusive bool) int64 {
	r := int64(math.Round(rate * 100000))
	num, den := net*r, int64(100000)
	if inclusive {
		den += r
	}
	sign := int64(1)
	if num < 0 {
		sign, num = -1, -num
	}
	q, rem := num/den, num%den
	if 2*rem >= den {
		q++
	}
	return sign * q
}

var postcodes = map[string]*regexp.Regexp{
	"NL": regexp.MustCompile(`^[1-9][0-9]{3} [A-Z]{2}$`),
	"BE": regexp.MustCompile(`^[1-9][0-9]{3}$`),
	"DE": regexp.MustCompile(`^[0-9]{5}$`),
	"FR": regexp.MustCompile(`^[0-9]{5}$`),
	"GB": regexp.MustCompile(`^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][A-Z]{2}$`),
	"US": regexp.MustCompile(`^[0-9]{5}$`),
}

func TestGeneratedOrdersReconcile(t *testing.T) {
	t.Parallel()
	g := NewGenerator(7, "example-nl.myshopify.com")
	const n = 400
	currencies := map[string]int{}
	problems := 0
	for i := range n {
		o := g.Next()
		p := parseOrder(t, o.Body)
		checkAmounts(t, p)
		if p.ID != o.ID || p.AdminGraphqlAPIID != gid("Order", o.ID) {
			t.Fatalf("order %d: id %d, admin_graphql_api_id %q", o.ID, p.ID, p.AdminGraphqlAPIID)
		}
		if i == 0 && p.Name != "#1001" {
			t.Errorf("first order is named %q, want #1001", p.Name)
		}
		if _, err := time.Parse(time.RFC3339, p.CreatedAt); err != nil ||
			!regexp.MustCompile(`\+0[12]:00$`).MatchString(p.CreatedAt) {
			t.Errorf("order %d: created_at %q is not RFC 3339 in CET or CEST", o.ID, p.CreatedAt)
		}
		for _, a := range []testAddress{p.ShippingAddress, p.BillingAddress} {
			if re := postcodes[a.CountryCode]; re == nil || !re.MatchString(a.Zip) {
				t.Errorf("order %d: postcode %q in %q", o.ID, a.Zip, a.CountryCode)
			}
		}
		if o.Problem != "" {
			problems++
			continue
		}
		currencies[p.Currency]++
		checkUsable(t, p)
	}
	if currencies["EUR"] < n/2 || currencies["USD"] == 0 || currencies["GBP"] == 0 {
		t.Errorf("currencies %v, want mostly EUR and some USD and GBP", currencies)
	}
	if problems < n/100 || problems > n*4/100 {
		t.Errorf("%d of %d orders have a problem, want about 2 %%", problems, n)
	}
}

// checkUsable checks what Ordo needs of an order it can accept.
func checkUsable(t *testing.T, p testOrder) {
	t.Helper()
	if len(p.LineItems) < 1 || len(p.LineItems) > 4 {
		t.Errorf("order %d has %d lines, want 1 to 4", p.ID, len(p.LineItems))
	}
	sku := regexp.MustCompile(`^[A-Z]+-[A-Z]{3}-[A-Z0-9]+$`)
	for _, l := range p.LineItems {
		if *l.Quantity < 1 || !sku.MatchString(l.SKU) {
			t.Errorf("order %d: line %q has quantity %d", p.ID, l.SKU, *l.Quantity)
		}
	}
	if p.TaxesIncluded != (p.Currency != "USD") {
		t.Errorf("order %d in %s has taxes_included %v", p.ID, p.Currency, p.TaxesIncluded)
	}
	if p.PresentmentCurrency != p.Currency || len(p.ShippingLines) != 1 ||
		p.Email == "" || p.Email != p.Customer.Email || p.Customer.ID == 0 {
		t.Errorf("order %d is incomplete: %+v", p.ID, p)
	}
}

func TestGeneratorProblems(t *testing.T) {
	g := NewGenerator(3, "example-nl.myshopify.com")
	g.Problems = 1
	seen := map[string]bool{}
	for range 60 {
		o := g.Next()
		p := parseOrder(t, o.Body)
		checkAmounts(t, p)
		seen[o.Problem] = true
		var ok bool
		switch o.Problem {
		case "unknown_currency":
			ok = p.Currency == "XYZ"
		case "no_lines":
			ok = len(p.LineItems) == 0
		case "bad_quantity":
			for _, l := range p.LineItems {
				ok = ok || *l.Quantity == -1
			}
		}
		if !ok {
			t.Errorf("order %d with problem %q does not show it:\n%s", o.ID, o.Problem, o.Body)
		}
	}
	if len(seen) != 3 {
		t.Errorf("problems seen: %v, want all three", seen)
	}
}

func TestGeneratorIsDeterministic(t *testing.T) {
	a := NewGenerator(42, "example-nl.myshopify.com")
	b := NewGenerator(42, "example-nl.myshopify.com")
	c := NewGenerator(43, "example-nl.myshopify.com")
	for i := range 50 {
		oa, ob, oc := a.Next(), b.Next(), c.Next()
		if !bytes.Equal(oa.Body, ob.Body) || oa.PlacedAt != ob.PlacedAt ||
			oa.FinancialStatus != ob.FinancialStatus || oa.Problem != ob.Problem {
			t.Fatalf("order %d: same seed, different orders:\n%s\n%s", i, oa.Body, ob.Body)
		}
		if bytes.Equal(oa.Body, oc.Body) {
			t.Fatalf("order %d: seeds 42 and 43 gave the same order", i)
		}
	}
}

func TestGeneratorIDs(t *testing.T) {
	t.Parallel()
	t.Run("unique within a run and between runs", func(t *testing.T) {
		a := NewGenerator(1, "s")
		b := NewGenerator(1, "s")
		a.RunID, b.RunID = NewRunID(), NewRunID()
		seen := map[int64]bool{}
		for range 500 {
			for _, id := range []int64{a.Next().ID, b.Next().ID} {
				if seen[id] || id <= 0 {
					t.Fatalf("ID %d repeats or is not positive", id)
				}
				seen[id] = true
			}
		}
	})
	t.Run("produced", func(t *testing.T) {
		short, long := NewGenerator(5, "s"), NewGenerator(5, "s")
		other := NewGenerator(6, "s")
		for i := range 40 {
			id, otherID := long.Next().ID, other.Next().ID
			if i < 20 && short.Next().ID != id {
				t.Fatal("same seed, different IDs")
			}
			if short.Produced(otherID) {
				t.Errorf("Produced(%d) of another run = true", otherID)
			}
			if got := short.Produced(id); got != (i < 20) {
				t.Errorf("Produced of order %d of 20 = %v", i, got)
			}
		}
	})
}

func TestUpdate(t *testing.T) {
	g := NewGenerator(11, "example-nl.myshopify.com")
	o := g.Next()
	decode := func(body []byte) map[string]any {
		d := json.NewDecoder(bytes.NewReader(body))
		d.UseNumber()
		var m map[string]any
		if err := d.Decode(&m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	for _, c := range []struct {
		name string
		at   time.Time
		want string
	}{
		{"later", o.PlacedAt.Add(5*time.Minute + 300*time.Millisecond), shopTime(
			o.PlacedAt.Add(5 * time.Minute)).Format(time.RFC3339)},
		{"not later", o.PlacedAt.Add(-time.Hour), shopTime(
			o.PlacedAt.Add(time.Second)).Format(time.RFC3339)},
	} {
		t.Run(c.name, func(t *testing.T) {
			u := g.Update(o, c.at)
			before, after := decode(o.Body), decode(u.Body)
			if after["financial_status"] != "paid" || u.FinancialStatus != "paid" {
				t.Errorf("financial_status %v, want paid", after["financial_status"])
			}
			if after["updated_at"] != c.want {
				t.Errorf("updated_at %v, want %s", after["updated_at"], c.want)
			}
			for _, k := range []string{"financial_status", "updated_at"} {
				delete(before, k)
				delete(after, k)
			}
			if diff := cmp.Diff(before, after); diff != "" {
				t.Errorf("Update changed more (-before +after):\n%s", diff)
			}
		})
	}
}

func TestShopTime(t *testing.T) {
	for utc, want := range map[string]string{
		"2026-03-29T00:59:59Z": "2026-03-29T01:59:59+01:00",
		"2026-03-29T01:00:00Z": "2026-03-29T03:00:00+02:00",
		"2026-10-25T00:59:59Z": "2026-10-25T02:59:59+02:00",
		"2026-10-25T01:00:00Z": "2026-10-25T02:00:00+01:00",
		"2027-01-15T12:00:00Z": "2027-01-15T13:00:00+01:00",
	} {
		at, _ := time.Parse(time.RFC3339, utc)
		if got := shopTime(at).Format(time.RFC3339); got != want {
			t.Errorf("shopTime(%s) = %s, want %s", utc, got, want)
		}
	}
}

func TestGeneratorReturningCustomers(t *testing.T) {
	t.Parallel()
	// repeats counts the orders to a customer and address of an earlier one.
	repeats := func(returning float64) int {
		g := NewGenerator(9, "example-nl.myshopify.com")
		g.Returning, g.Problems = returning, 0
		type customer struct {
			email string
			to    testAddress
		}
		seen := map[customer]bool{}
		n := 0
		for range 300 {
			p := parseOrder(t, g.Next().Body)
			checkAmounts(t, p)
			c := customer{p.Email, p.ShippingAddress}
			if seen[c] {
				n++
			}
			seen[c] = true
		}
		return n
	}
	if n := repeats(0); n > 3 {
		t.Errorf("%d of 300 orders to an earlier customer's address without returning "+
			"customers; want almost none", n)
	}
	if n := repeats(0.2); n < 40 || n > 80 {
		t.Errorf("%d of 300 orders to an earlier customer's address; want about 60", n)
	}
}
