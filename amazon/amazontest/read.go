package amazontest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// lag is how far before the request Amazon wants getOrders' time filters.
const lag = 2 * time.Minute

// page is where a NextToken continues: the ids still to list, from offset.
type page struct {
	orderID string // set for getOrderItems pages
	ids     []string
	offset  int
	size    int
}

// payload answers 200 with {"payload": v}.
func payload(w http.ResponseWriter, v any) {
	writeJSON(w, http.StatusOK, map[string]any{"payload": v})
}

func invalid(w http.ResponseWriter, msg string) {
	writeErrors(w, http.StatusBadRequest, "InvalidInput", msg, "")
}

// handleGetOrders is getOrders, filtered by MarketplaceIds and
// LastUpdatedAfter/LastUpdatedBefore (or CreatedAfter/CreatedBefore).
func (s *Server) handleGetOrders(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	markets := splitList(q.Get("MarketplaceIds"))
	if len(markets) == 0 {
		invalid(w, "Missing required parameter: MarketplaceIds.")
		return
	}
	if tok := q.Get("NextToken"); tok != "" {
		s.nextOrders(w, tok)
		return
	}
	now := s.now()
	f, msg := parseFilter(q, now)
	if msg != "" {
		invalid(w, msg)
		return
	}
	size := s.pageSize
	if v := q.Get("MaxResultsPerPage"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			invalid(w, "MaxResultsPerPage must be between 1 and 100.")
			return
		}
		size = min(size, n)
	}
	s.mu.Lock()
	var match []*Order
	for _, o := range s.orders {
		if slices.Contains(markets, o.MarketplaceID) && f.match(o) {
			match = append(match, o)
		}
	}
	slices.SortFunc(match, func(a, b *Order) int {
		if c := a.LastUpdateDate.Compare(b.LastUpdateDate); c != 0 {
			return c
		}
		return strings.Compare(a.AmazonOrderID, b.AmazonOrderID)
	})
	ids := make([]string, len(match))
	for i, o := range match {
		ids[i] = o.AmazonOrderID
	}
	s.mu.Unlock()
	s.writeOrders(w, page{ids: ids, size: size}, f.before)
}

// nextOrders answers a getOrders call with NextToken.
func (s *Server) nextOrders(w http.ResponseWriter, tok string) {
	s.mu.Lock()
	p, ok := s.pages[tok]
	s.mu.Unlock()
	if !ok || p.orderID != "" {
		invalid(w, "Invalid NextToken.")
		return
	}
	s.writeOrders(w, p, time.Time{})
}

// writeOrders answers with one page of orders.
func (s *Server) writeOrders(w http.ResponseWriter, p page, before time.Time) {
	end := min(p.offset+p.size, len(p.ids))
	out := map[string]any{}
	s.mu.Lock()
	orders := []wireOrder{}
	for _, id := range p.ids[p.offset:end] {
		if o, ok := s.orders[id]; ok {
			orders = append(orders, s.wire(o))
		}
	}
	if end < len(p.ids) {
		tok := newID()
		s.pages[tok] = page{ids: p.ids, offset: end, size: p.size}
		out["NextToken"] = tok
	}
	s.mu.Unlock()
	out["Orders"] = orders
	if !before.IsZero() {
		out["LastUpdatedBefore"] = isoTime(before)
	}
	payload(w, out)
}

// filter is getOrders' time window, on update or creation time.
type filter struct {
	created       bool
	after, before time.Time
}

func (f filter) match(o *Order) bool {
	t := o.LastUpdateDate
	if f.created {
		t = o.PurchaseDate
	}
	return !t.Before(f.after) && !t.After(f.before)
}

// parseFilter reads the time window, enforcing that exactly one of
// CreatedAfter and LastUpdatedAfter is given and that no bound is later
// than two minutes before now. It returns Amazon's message for a bad one.
func parseFilter(q map[string][]string, now time.Time) (filter, string) {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	f := filter{created: get("CreatedAfter") != ""}
	afterKey, beforeKey := "LastUpdatedAfter", "LastUpdatedBefore"
	if f.created {
		afterKey, beforeKey = "CreatedAfter", "CreatedBefore"
		if get("LastUpdatedAfter") != "" {
			return f, "CreatedAfter and LastUpdatedAfter cannot both be specified."
		}
	}
	if get(afterKey) == "" {
		return f, "Either CreatedAfter or LastUpdatedAfter must be specified."
	}
	limit := now.Add(-lag)
	var err error
	if f.after, err = time.Parse(time.RFC3339Nano, get(afterKey)); err != nil {
		return f, afterKey + " is not a valid ISO 8601 date."
	}
	if f.after.After(limit) {
		return f, afterKey + " must be at least 2 minutes before the current time."
	}
	f.before = limit
	if v := get(beforeKey); v != "" {
		if f.before, err = time.Parse(time.RFC3339Nano, v); err != nil {
			return f, beforeKey + " is not a valid ISO 8601 date."
		}
		if f.before.After(limit) || f.before.Before(f.after) {
			return f, beforeKey + " must be on or after " + afterKey +
				" and at least 2 minutes before the current time."
		}
	}
	return f, ""
}

// handleGetOrder is getOrder.
func (s *Server) handleGetOrder(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("orderId")
	s.mu.Lock()
	o, ok := s.orders[id]
	var wo wireOrder
	if ok {
		wo = s.wire(o)
	}
	s.mu.Unlock()
	if !ok {
		notFound(w, id)
		return
	}
	payload(w, wo)
}

func notFound(w http.ResponseWriter, id string) {
	writeErrors(w, http.StatusNotFound, "NotFound", "Order "+id+" was not found.", "")
}

// handleGetOrderItems is getOrderItems, paged by the configured page size.
func (s *Server) handleGetOrderItems(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("orderId")
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	if !ok {
		notFound(w, id)
		return
	}
	offset := 0
	if tok := r.URL.Query().Get("NextToken"); tok != "" {
		p, ok := s.pages[tok]
		if !ok || p.orderID != id {
			invalid(w, "Invalid NextToken.")
			return
		}
		offset = p.offset
	}
	end := min(offset+s.pageSize, len(o.Items))
	items := []wireItem{}
	for _, it := range o.Items[offset:end] {
		items = append(items, wireItemOf(it, o.Currency))
	}
	out := map[string]any{"AmazonOrderId": id, "OrderItems": items}
	if end < len(o.Items) {
		tok := newID()
		s.pages[tok] = page{orderID: id, offset: end}
		out["NextToken"] = tok
	}
	payload(w, out)
}

// splitList splits a comma-separated list parameter, as SP-API sends
// arrays in a query.
func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
