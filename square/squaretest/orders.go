package squaretest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// retrieve serves Retrieve Order.
func (s *Server) retrieve(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("order_id")
	o, ok := s.Order(id)
	if !ok {
		notFound(w, id)
		return
	}
	writeJSON(w, http.StatusOK, map[string]Order{"order": o})
}

func notFound(w http.ResponseWriter, id string) {
	writeError(w, http.StatusNotFound, "INVALID_REQUEST_ERROR", "NOT_FOUND",
		fmt.Sprintf("Could not find order with id `%s`.", id), "order_id")
}

// searchRequest is the part of Search Orders' body the fake reads.
type searchRequest struct {
	LocationIDs   []string `json:"location_ids"`
	Cursor        string   `json:"cursor"`
	Limit         *int     `json:"limit"`
	ReturnEntries bool     `json:"return_entries"`
	Query         struct {
		Filter struct {
			StateFilter *struct {
				States []string `json:"states"`
			} `json:"state_filter"`
			DateTimeFilter map[string]timeRange `json:"date_time_filter"`
		} `json:"filter"`
		Sort *struct {
			SortField string `json:"sort_field"`
			SortOrder string `json:"sort_order"`
		} `json:"sort"`
	} `json:"query"`
}

type timeRange struct {
	StartAt string `json:"start_at"`
	EndAt   string `json:"end_at"`
}

// orderEntry is what Search Orders returns with return_entries.
type orderEntry struct {
	OrderID    string `json:"order_id"`
	Version    int64  `json:"version"`
	LocationID string `json:"location_id"`
}

// search serves Search Orders: filter by location, state and one of
// created_at, updated_at or closed_at; sort by the filtered time field, as
// Square requires; page with an opaque cursor. Square does not document
// whether a time range's ends are inclusive; the fake takes start_at as
// inclusive and end_at as exclusive. Without a sort it goes by created_at,
// newest first.
func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	var req searchRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		invalid(w, "INVALID_REQUEST_ERROR", "The request body is not valid JSON: "+err.Error(), "")
		return
	}
	field, desc, limit, offset, problem := searchParams(&req)
	if problem != "" {
		invalid(w, "INVALID_VALUE", problem, "")
		return
	}
	list, err := s.matching(&req, field)
	if err != nil {
		invalid(w, "INVALID_VALUE", err.Error(), "query.filter.date_time_filter")
		return
	}
	slices.SortStableFunc(list, func(a, b Order) int {
		c := timeField(a, field).Compare(timeField(b, field))
		if desc {
			return -c
		}
		return c
	})
	page := list[min(offset, len(list)):min(offset+limit, len(list))]
	resp := map[string]any{}
	if offset+limit < len(list) {
		resp["cursor"] = base64.RawURLEncoding.EncodeToString([]byte(
			strconv.Itoa(offset + limit)))
	}
	if req.ReturnEntries {
		entries := []orderEntry{}
		for _, o := range page {
			entries = append(entries, orderEntry{o.ID, o.Version, o.LocationID})
		}
		resp["order_entries"] = entries
	} else {
		resp["orders"] = page
	}
	writeJSON(w, http.StatusOK, resp)
}

// searchParams checks a search and returns the time field to filter and
// sort on, the direction, the page size and the offset of the cursor, or
// the problem with the request.
func searchParams(req *searchRequest) (field string, desc bool, limit, offset int,
	problem string) {
	if n := len(req.LocationIDs); n < 1 || n > 10 {
		return "", false, 0, 0, fmt.Sprintf("location_ids must name 1 to 10 locations, not %d", n)
	}
	limit = 500
	if req.Limit != nil {
		limit = *req.Limit
	}
	if limit < 1 || limit > 1000 {
		return "", false, 0, 0, fmt.Sprintf("limit %d is not between 1 and 1000", limit)
	}
	if len(req.Query.Filter.DateTimeFilter) > 1 {
		return "", false, 0, 0, "date_time_filter may set only one of created_at, " +
			"updated_at and closed_at"
	}
	field, desc = "CREATED_AT", true
	for k := range req.Query.Filter.DateTimeFilter {
		field = map[string]string{"created_at": "CREATED_AT", "updated_at": "UPDATED_AT",
			"closed_at": "CLOSED_AT"}[k]
	}
	if sort := req.Query.Sort; sort != nil {
		if len(req.Query.Filter.DateTimeFilter) > 0 && sort.SortField != field {
			return "", false, 0, 0, fmt.Sprintf("sort_field %s must be the field "+
				"date_time_filter filters on, %s", sort.SortField, field)
		}
		field, desc = sort.SortField, sort.SortOrder != "ASC"
	}
	if req.Cursor != "" {
		raw, err := base64.RawURLEncoding.DecodeString(req.Cursor)
		if offset, err = strconv.Atoi(string(raw)); err != nil || offset < 0 {
			return "", false, 0, 0, "cursor is not one this endpoint returned"
		}
	}
	return field, desc, limit, offset, ""
}

// matching returns copies of the orders that pass the search's filters.
func (s *Server) matching(req *searchRequest, field string) ([]Order, error) {
	var start, end time.Time
	for _, tr := range req.Query.Filter.DateTimeFilter {
		var err error
		if start, err = parseOptional(tr.StartAt); err != nil {
			return nil, err
		}
		if end, err = parseOptional(tr.EndAt); err != nil {
			return nil, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var list []Order
	for _, o := range s.orders {
		if !slices.Contains(req.LocationIDs, o.LocationID) {
			continue
		}
		if f := req.Query.Filter.StateFilter; f != nil && !slices.Contains(f.States, o.State) {
			continue
		}
		t := timeField(*o, field)
		if !start.IsZero() && (t.IsZero() || t.Before(start)) {
			continue
		}
		if !end.IsZero() && (t.IsZero() || !t.Before(end)) {
			continue
		}
		list = append(list, clone(*o))
	}
	return list, nil
}

// parseOptional reads an RFC 3339 time, or the zero time for "".
func parseOptional(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 time", s)
	}
	return t, nil
}

// timeField returns the order's time named by a sort field.
func timeField(o Order, field string) time.Time {
	v := o.CreatedAt
	switch field {
	case "UPDATED_AT":
		v = o.UpdatedAt
	case "CLOSED_AT":
		v = o.ClosedAt
	}
	t, _ := time.Parse(time.RFC3339Nano, v)
	return t
}

// invalid answers 400 with an INVALID_REQUEST_ERROR.
func invalid(w http.ResponseWriter, code, detail, field string) {
	writeError(w, http.StatusBadRequest, "INVALID_REQUEST_ERROR", code, detail, field)
}
