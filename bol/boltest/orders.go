package boltest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// Order is an order as the fake holds it. Amounts are euro cents,
// including VAT as at bol.com.
type Order struct {
	ID          string
	PlacedAt    time.Time
	PickupPoint bool
	Shipping    Address
	Billing     Address
	Items       []Item
}

// Address is bol.com's shipmentDetails or billingDetails.
type Address struct {
	Salutation, FirstName, Surname                  string
	StreetName, HouseNumber, HouseNumberExtension   string
	ExtraAddressInformation, ZipCode, City          string
	CountryCode, Email, Company, DeliveryPhone      string
	PickupPointName, Language, VATNumber, KvKNumber string
}

// Item is one order item.
type Item struct {
	ID string
	// Method is the fulfilment method, FBR or FBB; FBR when empty.
	Method    string
	EAN       string
	Reference string
	Title     string
	Quantity  int
	Shipped   int
	Cancelled int
	// UnitPrice is the price of one unit in cents, VAT included.
	UnitPrice int64
	// Discount is the discount on the whole item in cents.
	Discount            int64
	Commission          int64
	CancellationRequest bool
	// ChangedAt is the item's latestChangedDateTime; PlacedAt when zero.
	ChangedAt time.Time
}

// open returns the quantity neither shipped nor cancelled.
func (it *Item) open() int { return it.Quantity - it.Shipped - it.Cancelled }

// Line is what NewOrder needs of one order item.
type Line struct {
	SKU       string
	Quantity  int
	UnitPrice int64
}

// NewOrder returns a realistic seller-fulfilled order placed at at, with
// one item per line: item ids are the order id followed by the line
// number, the SKU is the offer reference, the EAN is derived from the SKU,
// and the buyer lives in Utrecht.
func NewOrder(id string, at time.Time, lines ...Line) Order {
	o := Order{
		ID: id, PlacedAt: at,
		Shipping: Address{Salutation: "FEMALE", FirstName: "Billie", Surname: "Jansen",
			StreetName: "Dorpstraat", HouseNumber: "1", HouseNumberExtension: "B",
			ZipCode: "3511AB", City: "Utrecht", CountryCode: "NL", Language: "nl",
			Email: "2fakebuyer" + id + "@verkopen.test2.bol.com"},
	}
	o.Billing = o.Shipping
	for i, l := range lines {
		o.Items = append(o.Items, Item{
			ID: fmt.Sprintf("%s%d", id, i+1), Method: "FBR", EAN: ean(l.SKU),
			Reference: l.SKU, Title: "Product " + l.SKU, Quantity: l.Quantity,
			UnitPrice: l.UnitPrice, Commission: l.UnitPrice * int64(l.Quantity) * 15 / 100,
			ChangedAt: at,
		})
	}
	return o
}

// ean derives a 13-digit EAN from sku.
func ean(sku string) string {
	h := fnv.New64a()
	h.Write([]byte(sku))
	return fmt.Sprintf("87%011d", h.Sum64()%100_000_000_000)
}

// AddOrder adds o, replacing an order with its id.
func (s *Server) AddOrder(o Order) {
	o.Items = slices.Clone(o.Items)
	for i := range o.Items {
		it := &o.Items[i]
		it.Method = cmp.Or(it.Method, "FBR")
		if it.ChangedAt.IsZero() {
			it.ChangedAt = o.PlacedAt
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.orders[o.ID] = &o
}

// Order returns a copy of the order with id.
func (s *Server) Order(id string) (Order, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	if !ok {
		return Order{}, false
	}
	c := *o
	c.Items = slices.Clone(o.Items)
	return c, true
}

// Update changes the order with id through fn, as a change at bol.com
// would, and reports whether the order exists. fn sets ChangedAt itself.
func (s *Server) Update(id string, fn func(*Order)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	if ok {
		fn(o)
	}
	return ok
}

// Touch sets the latestChangedDateTime of every item of the order with id
// to at, and reports whether the order exists.
func (s *Server) Touch(id string, at time.Time) bool {
	return s.Update(id, func(o *Order) {
		for i := range o.Items {
			o.Items[i].ChangedAt = at
		}
	})
}

// listQuery is the parsed query of GET /retailer/orders.
type listQuery struct {
	page     int
	method   string
	status   string
	date     string
	interval time.Duration
}

// parseListQuery reads and checks the query, answering 400 when it fails.
func parseListQuery(w http.ResponseWriter, r *http.Request) (listQuery, bool) {
	q := r.URL.Query()
	page, bad := parsePage(q)
	lq := listQuery{page: page, method: cmp.Or(q.Get("fulfilment-method"), "FBR"),
		status: cmp.Or(q.Get("status"), "OPEN"), date: q.Get("latest-change-date")}
	var vs []Violation
	if bad != nil {
		vs = append(vs, *bad)
	}
	if !slices.Contains([]string{"FBR", "FBB", "ALL"}, lq.method) {
		vs = append(vs, Violation{"fulfilment-method", fmt.Sprintf(
			"Request contains invalid value(s): '%s', allowed values: FBR, FBB, ALL.", lq.method)})
	}
	if !slices.Contains([]string{"OPEN", "SHIPPED", "ALL"}, lq.status) {
		vs = append(vs, Violation{"status", fmt.Sprintf(
			"Request contains invalid value(s): '%s', allowed values: OPEN, SHIPPED, ALL.",
			lq.status)})
	}
	if lq.date != "" {
		if _, err := time.Parse(time.DateOnly, lq.date); err != nil {
			vs = append(vs, Violation{"latest-change-date", "Must be a date as yyyy-MM-dd."})
		}
	}
	if m := q.Get("change-interval-minute"); m != "" {
		n, err := strconv.Atoi(m)
		if err != nil || n < 1 || n > 60 {
			vs = append(vs, Violation{"change-interval-minute", "Must be between 1 and 60."})
		}
		lq.interval = time.Duration(n) * time.Minute
	}
	if len(vs) > 0 {
		badRequest(w, r, vs...)
		return lq, false
	}
	return lq, true
}

// parsePage returns the page a list query asks for, 1 when it names none,
// or the violation bol.com reports when it is not a page number.
func parsePage(q url.Values) (int, *Violation) {
	p := q.Get("page")
	if p == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 1 {
		return 0, &Violation{"page", "Must be an integer of at least 1."}
	}
	return n, nil
}

// matches reports whether the list query selects it.
func (lq listQuery) matches(it *Item, now time.Time) bool {
	switch {
	case lq.method != "ALL" && it.Method != lq.method:
		return false
	case lq.status == "OPEN" && it.open() <= 0:
		return false
	case lq.status == "SHIPPED" && (it.Shipped == 0 || it.open() > 0):
		return false
	case lq.date != "" && it.ChangedAt.UTC().Format(time.DateOnly) != lq.date:
		return false
	case lq.interval > 0 && it.ChangedAt.Before(now.Add(-lq.interval)):
		return false
	}
	return true
}

// pageSize is the page size of every bol.com list.
const pageSize = 50

func (s *Server) listOrders(w http.ResponseWriter, r *http.Request) {
	lq, ok := parseListQuery(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	now := s.opts.Now()
	var found []map[string]any
	for _, o := range s.sortedOrders() {
		var items []map[string]any
		for i := range o.Items {
			if it := &o.Items[i]; lq.matches(it, now) {
				items = append(items, reducedItem(it))
			}
		}
		if len(items) > 0 {
			found = append(found, map[string]any{"orderId": o.ID,
				"orderPlacedDateTime": stamp(o.PlacedAt), "orderItems": items})
		}
	}
	s.mu.Unlock()
	writePage(w, "orders", found, lq.page)
}

// sortedOrders returns the orders newest first, as bol.com lists them. The
// caller holds s.mu.
func (s *Server) sortedOrders() []*Order {
	var os []*Order
	for _, o := range s.orders {
		os = append(os, o)
	}
	slices.SortFunc(os, func(a, b *Order) int {
		return cmp.Or(b.PlacedAt.Compare(a.PlacedAt), cmp.Compare(b.ID, a.ID))
	})
	return os
}

// writePage answers one page of a list under key, or {} past its end.
func writePage(w http.ResponseWriter, key string, all []map[string]any, page int) {
	start := (page - 1) * pageSize
	if start >= len(all) {
		writeJSON(w, http.StatusOK, MediaType, map[string]any{})
		return
	}
	writeJSON(w, http.StatusOK, MediaType,
		map[string]any{key: all[start:min(start+pageSize, len(all))]})
}

func reducedItem(it *Item) map[string]any {
	status := "OPEN"
	if it.open() <= 0 {
		status = "HANDLED"
	}
	return map[string]any{
		"orderItemId": it.ID, "ean": it.EAN, "fulfilmentMethod": it.Method,
		"fulfilmentStatus": status, "quantity": it.Quantity,
		"quantityShipped": it.Shipped, "quantityCancelled": it.Cancelled,
		"cancellationRequest":   it.CancellationRequest,
		"latestChangedDateTime": stamp(it.ChangedAt),
	}
}

func (s *Server) getOrder(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	o, ok := s.orders[r.PathValue("orderId")]
	var body map[string]any
	if ok {
		body = orderDetail(o)
	}
	s.mu.Unlock()
	if !ok {
		writeProblem(w, r, http.StatusNotFound, "Not Found",
			"Order for order id "+r.PathValue("orderId")+" not found.")
		return
	}
	writeJSON(w, http.StatusOK, MediaType, body)
}

// orderDetail renders o as GET /retailer/orders/{order-id} does.
func orderDetail(o *Order) map[string]any {
	items := make([]map[string]any, 0, len(o.Items))
	for i := range o.Items {
		it := &o.Items[i]
		discounts := []map[string]any{}
		if it.Discount != 0 {
			discounts = append(discounts, map[string]any{"title": "bol.com promotion",
				"amount": euros(it.Discount)})
		}
		items = append(items, map[string]any{
			"orderItemId": it.ID, "cancellationRequest": it.CancellationRequest,
			"fulfilment": map[string]any{"method": it.Method, "distributionParty": "RETAILER",
				"latestDeliveryDate": o.PlacedAt.AddDate(0, 0, 2).Format(time.DateOnly),
				"expiryDate":         o.PlacedAt.AddDate(0, 0, 5).Format(time.DateOnly),
				"timeFrameType":      "REGULAR"},
			"offer":    map[string]any{"offerId": "offer-" + it.ID, "reference": it.Reference},
			"product":  map[string]any{"ean": it.EAN, "title": it.Title},
			"quantity": it.Quantity, "quantityShipped": it.Shipped,
			"quantityCancelled": it.Cancelled, "unitPrice": euros(it.UnitPrice),
			"totalPrice":            euros(it.UnitPrice*int64(it.Quantity) - it.Discount),
			"discounts":             discounts,
			"commission":            euros(it.Commission),
			"latestChangedDateTime": stamp(it.ChangedAt),
		})
	}
	body := map[string]any{
		"orderId": o.ID, "pickupPoint": o.PickupPoint,
		"orderPlacedDateTime": stamp(o.PlacedAt),
		"shipmentDetails":     o.Shipping.shipment(), "orderItems": items,
	}
	if o.Billing != (Address{}) {
		body["billingDetails"] = o.Billing.billing()
	}
	return body
}

// shipment renders a as bol.com's shipmentDetails.
func (a Address) shipment() map[string]any {
	return a.details(map[string]string{"pickupPointName": a.PickupPointName,
		"deliveryPhoneNumber": a.DeliveryPhone, "language": a.Language})
}

// billing renders a as bol.com's billingDetails.
func (a Address) billing() map[string]any {
	return a.details(map[string]string{"vatNumber": a.VATNumber, "kvkNumber": a.KvKNumber})
}

// details returns the address fields both kinds of details share, and
// extra, leaving out those that are empty, as bol.com does.
func (a Address) details(extra map[string]string) map[string]any {
	fields := map[string]string{
		"salutation": a.Salutation, "firstName": a.FirstName, "surname": a.Surname,
		"streetName": a.StreetName, "houseNumber": a.HouseNumber,
		"houseNumberExtension":    a.HouseNumberExtension,
		"extraAddressInformation": a.ExtraAddressInformation, "zipCode": a.ZipCode,
		"city": a.City, "countryCode": a.CountryCode, "email": a.Email, "company": a.Company,
	}
	maps.Copy(fields, extra)
	m := map[string]any{}
	for k, v := range fields {
		if v != "" {
			m[k] = v
		}
	}
	return m
}

// euros renders cents as the JSON number bol.com sends, such as 19.99.
func euros(cents int64) json.Number {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return json.Number(fmt.Sprintf("%s%d.%02d", sign, cents/100, cents%100))
}

// stamp renders a time as bol.com does, ISO 8601 with its offset.
func stamp(t time.Time) string { return t.Format(time.RFC3339) }
