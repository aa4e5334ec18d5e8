package shopifytest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// lookup returns the order with the id in a path, or answers 404.
// The caller holds s.mu.
func (s *Server) lookup(w http.ResponseWriter, id string) (*orderState, bool) {
	n, err := strconv.ParseInt(id, 10, 64)
	o, ok := s.orders[n]
	if err != nil || !ok {
		writeErrors(w, http.StatusNotFound, "Not Found")
		return nil, false
	}
	return o, true
}

// getOrder serves GET /orders/{id}.json, with the optional fields filter.
func (s *Server) getOrder(w http.ResponseWriter, r *http.Request, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.lookup(w, id)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"order": only(o.render(), r.URL.Query())})
}

// only keeps the fields the fields parameter names, when it names any.
func only(m map[string]any, q url.Values) map[string]any {
	f := q.Get("fields")
	if f == "" {
		return m
	}
	out := map[string]any{}
	for _, k := range strings.Split(f, ",") {
		if v, ok := m[strings.TrimSpace(k)]; ok {
			out[strings.TrimSpace(k)] = v
		}
	}
	return out
}

// listQuery is what a page of GET /orders.json is asked for. A page_info
// cursor carries it, encoded, so that later pages keep the first one's
// filters and sort order.
type listQuery struct {
	Status     string    `json:"status"`
	UpdatedMin time.Time `json:"updated_at_min"`
	UpdatedMax time.Time `json:"updated_at_max"`
	CreatedMin time.Time `json:"created_at_min"`
	SortBy     string    `json:"sort_by"` // updated_at, created_at or id
	Desc       bool      `json:"desc"`
	// After is the sort key of the last order of the page before; Before
	// that of the first order of the page after, for a previous link.
	After  *sortKey `json:"after,omitempty"`
	Before *sortKey `json:"before,omitempty"`
}

// sortKey places an order in the sort order, the id breaking ties.
type sortKey struct {
	T  time.Time `json:"t"`
	ID int64     `json:"id"`
}

// listOrders serves GET /orders.json with cursor-based paging.
func (s *Server) listOrders(w http.ResponseWriter, r *http.Request, version string) {
	q := r.URL.Query()
	lq, limit, errs := parseList(q)
	if errs != nil {
		writeErrors(w, http.StatusBadRequest, errs)
		return
	}
	s.mu.Lock()
	page, prev, next := s.page(lq, limit)
	s.mu.Unlock()

	var links []string
	self := "http://" + r.Host + "/admin/api/" + version + "/orders.json?limit=" +
		strconv.Itoa(limit) + "&page_info="
	if prev != nil {
		links = append(links, "<"+self+encodeCursor(*prev)+`>; rel="previous"`)
	}
	if next != nil {
		links = append(links, "<"+self+encodeCursor(*next)+`>; rel="next"`)
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
	writeJSON(w, http.StatusOK, map[string]any{"orders": page})
}

// parseList reads the query of GET /orders.json. A request with page_info
// may have only limit and fields besides; Shopify refuses any other
// parameter with it, naming it.
func parseList(q url.Values) (listQuery, int, map[string]string) {
	limit := 50
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 250 {
			return listQuery{}, 0, map[string]string{"limit": "limit must be between 1 and 250"}
		}
		limit = n
	}
	if info := q.Get("page_info"); info != "" {
		for k := range q {
			if k != "page_info" && k != "limit" && k != "fields" {
				return listQuery{}, 0, map[string]string{
					k: k + " cannot be passed when page_info is present."}
			}
		}
		lq, err := decodeCursor(info)
		if err != nil {
			return listQuery{}, 0, map[string]string{"page_info": "Invalid value."}
		}
		return lq, limit, nil
	}
	lq := listQuery{Status: "open", SortBy: "id", Desc: true}
	if v := q.Get("status"); v != "" {
		if !slices.Contains([]string{"open", "closed", "cancelled", "any"}, v) {
			return listQuery{}, 0, map[string]string{"status": "Invalid value."}
		}
		lq.Status = v
	}
	for name, dst := range map[string]*time.Time{"updated_at_min": &lq.UpdatedMin,
		"updated_at_max": &lq.UpdatedMax, "created_at_min": &lq.CreatedMin} {
		if v := q.Get(name); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				return listQuery{}, 0, map[string]string{name: "Invalid date."}
			}
			*dst = t
		}
	}
	if v := q.Get("order"); v != "" {
		by, dir, _ := strings.Cut(v, " ")
		if !slices.Contains([]string{"updated_at", "created_at", "id"}, by) ||
			(dir != "" && dir != "asc" && dir != "desc") {
			return listQuery{}, 0, map[string]string{"order": "Invalid value."}
		}
		lq.SortBy, lq.Desc = by, dir == "desc"
	}
	return lq, limit, nil
}

// page returns one page of rendered orders, and the cursors of the pages
// before and after it, nil where there is none. The caller holds s.mu.
func (s *Server) page(lq listQuery, limit int) (page []any, prev, next *listQuery) {
	var all []*orderState
	for _, o := range s.orders {
		if lq.matches(o) {
			all = append(all, o)
		}
	}
	slices.SortFunc(all, func(a, b *orderState) int { return lq.compare(lq.key(a), lq.key(b)) })
	from, to := 0, len(all)
	switch {
	case lq.After != nil:
		from = slices.IndexFunc(all, func(o *orderState) bool {
			return lq.compare(lq.key(o), *lq.After) > 0
		})
		if from < 0 {
			from = len(all)
		}
		to = min(from+limit, len(all))
	case lq.Before != nil:
		to = slices.IndexFunc(all, func(o *orderState) bool {
			return lq.compare(lq.key(o), *lq.Before) >= 0
		})
		if to < 0 {
			to = len(all)
		}
		from = max(to-limit, 0)
	default:
		to = min(limit, len(all))
	}
	for _, o := range all[from:to] {
		page = append(page, o.render())
	}
	if page == nil {
		page = []any{}
	}
	if from > 0 && from < to {
		k := lq.key(all[from])
		p := lq
		p.After, p.Before = nil, &k
		prev = &p
	}
	if to < len(all) && from < to {
		k := lq.key(all[to-1])
		n := lq
		n.After, n.Before = &k, nil
		next = &n
	}
	return page, prev, next
}

// matches reports whether o passes the filters of lq.
func (lq listQuery) matches(o *orderState) bool {
	switch lq.Status {
	case "open":
		if !o.closedAt.IsZero() || !o.cancelledAt.IsZero() {
			return false
		}
	case "closed":
		if o.closedAt.IsZero() {
			return false
		}
	case "cancelled":
		if o.cancelledAt.IsZero() {
			return false
		}
	}
	return !(!lq.UpdatedMin.IsZero() && o.updatedAt.Before(lq.UpdatedMin) ||
		!lq.UpdatedMax.IsZero() && o.updatedAt.After(lq.UpdatedMax) ||
		!lq.CreatedMin.IsZero() && o.createdAt.Before(lq.CreatedMin))
}

// key returns the sort key of o.
func (lq listQuery) key(o *orderState) sortKey {
	switch lq.SortBy {
	case "updated_at":
		return sortKey{T: o.updatedAt, ID: o.id}
	case "created_at":
		return sortKey{T: o.createdAt, ID: o.id}
	}
	return sortKey{ID: o.id}
}

// compare orders two sort keys in the direction lq asks for.
func (lq listQuery) compare(a, b sortKey) int {
	c := a.T.Compare(b.T)
	if c == 0 {
		c = cmpInt(a.ID, b.ID)
	}
	if lq.Desc {
		return -c
	}
	return c
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func encodeCursor(lq listQuery) string {
	b, _ := json.Marshal(lq)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string) (listQuery, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return listQuery{}, err
	}
	var lq listQuery
	if err := json.Unmarshal(b, &lq); err != nil {
		return listQuery{}, fmt.Errorf("page_info: %w", err)
	}
	return lq, nil
}
