package boltest

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// Shipment is a shipment the fake recorded.
type Shipment struct {
	ID              string
	OrderID         string
	Reference       string
	TransporterCode string
	TrackAndTrace   string
	Items           []ShipmentItem
	At              time.Time
}

// ShipmentItem is a quantity of one order item in a shipment.
type ShipmentItem struct {
	OrderItemID string
	Quantity    int
}

// Shipments returns the shipments recorded for the order with id, oldest
// first.
func (s *Server) Shipments(orderID string) []Shipment {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Shipment
	for _, sh := range s.shipments {
		if sh.OrderID == orderID {
			c := *sh
			c.Items = slices.Clone(sh.Items)
			out = append(out, c)
		}
	}
	return out
}

// process is a process status and how often it was read.
type process struct {
	id, entityID, eventType, description string
	status, errorMessage                 string
	created                              time.Time
	reads                                int
}

func (p *process) body() map[string]any {
	m := map[string]any{
		"processStatusId": p.id, "entityId": p.entityID, "eventType": p.eventType,
		"description": p.description, "status": p.status,
		"createTimestamp": stamp(p.created),
		"links": []map[string]string{{"rel": "self", "method": "GET",
			"href": "https://api.bol.com/shared/process-status/" + p.id}},
	}
	if p.errorMessage != "" {
		m["errorMessage"] = p.errorMessage
	}
	return m
}

// newProcess records a PENDING process status. The caller holds s.mu.
func (s *Server) newProcess(entityID, eventType, description string) *process {
	s.seq++
	p := &process{id: strconv.Itoa(s.seq), entityID: entityID, eventType: eventType,
		description: description, status: "PENDING", created: s.opts.Now()}
	s.processes[p.id] = p
	return p
}

// shipmentRequest is the body of POST /retailer/shipments.
type shipmentRequest struct {
	OrderItems []struct {
		OrderItemID string `json:"orderItemId"`
		Quantity    *int   `json:"quantity"`
	} `json:"orderItems"`
	ShipmentReference *string `json:"shipmentReference"`
	ShippingLabelID   string  `json:"shippingLabelId"`
	Transport         *struct {
		TransporterCode string `json:"transporterCode"`
		TrackAndTrace   string `json:"trackAndTrace"`
	} `json:"transport"`
}

func (s *Server) ship(w http.ResponseWriter, r *http.Request) {
	var req shipmentRequest
	if !decodeBody(w, r, &req) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o, qty, vs := s.checkShipment(&req)
	if len(vs) > 0 {
		badRequest(w, r, vs...)
		return
	}
	s.seq++
	sh := &Shipment{ID: strconv.Itoa(900000000 + s.seq), OrderID: o.ID, At: s.opts.Now()}
	if req.ShipmentReference != nil {
		sh.Reference = *req.ShipmentReference
	}
	if req.Transport != nil {
		sh.TransporterCode, sh.TrackAndTrace = req.Transport.TransporterCode,
			req.Transport.TrackAndTrace
	}
	for i, ri := range req.OrderItems {
		it := item(o, ri.OrderItemID)
		it.Shipped += qty[i]
		it.ChangedAt = sh.At
		sh.Items = append(sh.Items, ShipmentItem{OrderItemID: it.ID, Quantity: qty[i]})
	}
	s.shipments = append(s.shipments, sh)
	first := req.OrderItems[0].OrderItemID
	p := s.newProcess(first, "CONFIRM_SHIPMENT",
		fmt.Sprintf("Confirm shipment for order item %s.", first))
	writeJSON(w, http.StatusAccepted, MediaType, p.body())
}

// checkShipment returns the order a shipment is for and the quantity of
// each item, or the violations bol.com would report. The caller holds s.mu.
func (s *Server) checkShipment(req *shipmentRequest) (*Order, []int, []Violation) {
	var vs []Violation
	if n := len(req.OrderItems); n < 1 || n > 100 {
		return nil, nil, []Violation{{"orderItems", "Size must be between 1 and 100."}}
	}
	if ref := req.ShipmentReference; ref != nil && (*ref == "" || len(*ref) > 90) {
		vs = append(vs, Violation{"shipmentReference",
			"Only null or non-empty strings of at most 90 characters are accepted."})
	}
	if req.ShippingLabelID == "" && (req.Transport == nil || req.Transport.TransporterCode == "") {
		vs = append(vs, Violation{"transport.transporterCode", "Must not be empty."})
	}
	var o *Order
	qty := make([]int, len(req.OrderItems))
	for i, ri := range req.OrderItems {
		name := fmt.Sprintf("orderItems[%d]", i)
		owner := s.orderOf(ri.OrderItemID)
		switch {
		case owner == nil:
			vs = append(vs, Violation{name + ".orderItemId",
				fmt.Sprintf("Order item %s does not exist.", ri.OrderItemID)})
			continue
		case o != nil && owner != o:
			vs = append(vs, Violation{name + ".orderItemId",
				"All order items must belong to the same order."})
			continue
		}
		o = owner
		it := item(o, ri.OrderItemID)
		qty[i] = it.open()
		if ri.Quantity != nil {
			qty[i] = *ri.Quantity
		}
		if qty[i] < 1 || qty[i] > it.open() {
			vs = append(vs, Violation{name + ".quantity", fmt.Sprintf(
				"Quantity %d exceeds the open quantity %d of order item %s.",
				qty[i], it.open(), it.ID)})
		}
	}
	return o, qty, vs
}

// orderOf returns the order holding the item with id. The caller holds s.mu.
func (s *Server) orderOf(itemID string) *Order {
	for _, o := range s.orders {
		if item(o, itemID) != nil {
			return o
		}
	}
	return nil
}

func item(o *Order, id string) *Item {
	for i := range o.Items {
		if o.Items[i].ID == id {
			return &o.Items[i]
		}
	}
	return nil
}

func (s *Server) listShipments(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, bad := parsePage(q)
	if bad != nil {
		badRequest(w, r, *bad)
		return
	}
	orderID, method := q.Get("order-id"), q.Get("fulfilment-method")
	if orderID != "" {
		method = "" // bol.com ignores the method when an order id is given.
	} else if method == "" {
		method = "FBR"
	}
	s.mu.Lock()
	var found []map[string]any
	for i := len(s.shipments) - 1; i >= 0; i-- {
		sh := s.shipments[i]
		o := s.orders[sh.OrderID]
		if (orderID != "" && sh.OrderID != orderID) ||
			(method != "" && item(o, sh.Items[0].OrderItemID).Method != method) {
			continue
		}
		found = append(found, reducedShipment(sh, o))
	}
	s.mu.Unlock()
	writePage(w, "shipments", found, page)
}

func reducedShipment(sh *Shipment, o *Order) map[string]any {
	items := make([]map[string]any, 0, len(sh.Items))
	for _, si := range sh.Items {
		items = append(items, map[string]any{"orderItemId": si.OrderItemID,
			"ean": item(o, si.OrderItemID).EAN})
	}
	m := map[string]any{
		"shipmentId": sh.ID, "shipmentDateTime": stamp(sh.At),
		"order":         map[string]any{"orderId": o.ID, "orderPlacedDateTime": stamp(o.PlacedAt)},
		"shipmentItems": items,
		"transport":     map[string]any{"transportId": "7" + sh.ID},
	}
	if sh.Reference != "" {
		m["shipmentReference"] = sh.Reference
	}
	return m
}

func (s *Server) processStatus(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	p, ok := s.processes[r.PathValue("processStatusId")]
	var body map[string]any
	if ok {
		p.reads++
		if p.status == "PENDING" && p.reads > s.opts.PendingPolls {
			p.status = "SUCCESS"
		}
		body = p.body()
	}
	s.mu.Unlock()
	if !ok {
		writeProblem(w, r, http.StatusNotFound, "Not Found", "Process status not found.")
		return
	}
	writeJSON(w, http.StatusOK, MediaType, body)
}

// cancelReasons are the reason codes bol.com accepts.
var cancelReasons = []string{"OUT_OF_STOCK", "REQUESTED_BY_CUSTOMER", "BAD_CONDITION",
	"HIGHER_SHIPCOST", "INCORRECT_PRICE", "NOT_AVAIL_IN_TIME", "NO_BOL_GUARANTEE",
	"ORDERED_TWICE", "RETAIN_ITEM", "TECH_ISSUE", "UNFINDABLE_ITEM", "OTHER"}

func (s *Server) cancel(w http.ResponseWriter, r *http.Request) {
	var req struct {
		OrderItems []struct {
			OrderItemID string `json:"orderItemId"`
			ReasonCode  string `json:"reasonCode"`
		} `json:"orderItems"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	if len(req.OrderItems) != 1 {
		badRequest(w, r, Violation{"orderItems", "Size must be between 1 and 1."})
		return
	}
	ci := req.OrderItems[0]
	if !slices.Contains(cancelReasons, ci.ReasonCode) {
		badRequest(w, r, Violation{"orderItems[0].reasonCode", fmt.Sprintf(
			"Request contains invalid value(s): '%s'.", ci.ReasonCode)})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.orderOf(ci.OrderItemID)
	if o == nil || item(o, ci.OrderItemID).open() <= 0 {
		badRequest(w, r, Violation{"orderItems[0].orderItemId", fmt.Sprintf(
			"Order item %s does not exist or has nothing left to cancel.", ci.OrderItemID)})
		return
	}
	it := item(o, ci.OrderItemID)
	it.Cancelled += it.open()
	it.CancellationRequest = false
	it.ChangedAt = s.opts.Now()
	p := s.newProcess(it.ID, "CANCEL_ORDER", fmt.Sprintf("Cancel order item %s.", it.ID))
	writeJSON(w, http.StatusAccepted, MediaType, p.body())
}
