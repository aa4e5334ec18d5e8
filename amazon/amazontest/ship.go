package amazontest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Shipment is a shipment confirmation the fake accepted.
type Shipment struct {
	PackageReferenceID string
	CarrierCode        string
	CarrierName        string
	ShippingMethod     string
	TrackingNumber     string
	ShipDate           time.Time
	// Items maps order item ids to the quantities shipped.
	Items map[string]int64
}

// Shipments returns the confirmations accepted for the order, oldest first.
func (s *Server) Shipments(orderID string) []Shipment {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Shipment(nil), s.shipments[orderID]...)
}

// confirmBody is the body of confirmShipment.
type confirmBody struct {
	MarketplaceID       string `json:"marketplaceId"`
	CodCollectionMethod string `json:"codCollectionMethod"`
	PackageDetail       *struct {
		PackageReferenceID string `json:"packageReferenceId"`
		CarrierCode        string `json:"carrierCode"`
		CarrierName        string `json:"carrierName"`
		ShippingMethod     string `json:"shippingMethod"`
		TrackingNumber     string `json:"trackingNumber"`
		ShipDate           string `json:"shipDate"`
		OrderItems         []struct {
			OrderItemID string `json:"orderItemId"`
			Quantity    int64  `json:"quantity"`
		} `json:"orderItems"`
	} `json:"packageDetail"`
}

// handleConfirmShipment is confirmShipment: it checks the body as Amazon
// does, refuses a packageReferenceId the order already has, adds the
// quantities to QuantityShipped, moves the order to PartiallyShipped or
// Shipped and answers 204.
func (s *Server) handleConfirmShipment(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		writeErrors(w, http.StatusUnsupportedMediaType, "UnsupportedMediaType",
			"The request payload is in an unsupported format.", "")
		return
	}
	var b confirmBody
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&b); err != nil {
		invalid(w, "The input you have submitted is not valid: "+err.Error())
		return
	}
	id := r.PathValue("orderId")
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	if !ok {
		notFound(w, id)
		return
	}
	if msg := s.checkConfirm(o, &b); msg != "" {
		invalid(w, msg)
		return
	}
	s.applyConfirm(o, &b)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusNoContent)
}

// checkConfirm returns Amazon's message for what is wrong with b, or "".
// The caller holds s.mu. Amazon does not document its refusal of a reused
// packageReferenceId; the fake's message says the package was "already"
// confirmed.
func (s *Server) checkConfirm(o *Order, b *confirmBody) string {
	d := b.PackageDetail
	switch {
	case b.MarketplaceID == "":
		return "Missing required parameter: marketplaceId."
	case b.MarketplaceID != o.MarketplaceID:
		return "The marketplaceId does not match the order's marketplace."
	case d == nil:
		return "Missing required parameter: packageDetail."
	case o.FulfillmentChannel == "AFN":
		return "Order " + o.AmazonOrderID + " is fulfilled by Amazon."
	case o.OrderStatus != "Unshipped" && o.OrderStatus != "PartiallyShipped":
		return "Order " + o.AmazonOrderID + " cannot be confirmed in status " + o.OrderStatus + "."
	case !positiveNumeric(d.PackageReferenceID):
		return "PackageReferenceId: is invalid, must be a positive numeric value."
	case d.CarrierCode == "":
		return "Missing required parameter: carrierCode."
	case d.CarrierCode == "Other" && d.CarrierName == "":
		return "carrierName is required when carrierCode is Other."
	case d.TrackingNumber == "":
		return "Missing required parameter: trackingNumber."
	case len(d.OrderItems) == 0:
		return "Missing required parameter: orderItems."
	}
	if _, err := time.Parse(time.RFC3339Nano, d.ShipDate); err != nil {
		return "shipDate must be an ISO 8601 date/time."
	}
	for _, sh := range s.shipments[o.AmazonOrderID] {
		if sh.PackageReferenceID == d.PackageReferenceID {
			return "PackageReferenceId " + d.PackageReferenceID +
				" has already been confirmed for order " + o.AmazonOrderID + "."
		}
	}
	want := map[string]int64{}
	for _, it := range d.OrderItems {
		if it.Quantity < 1 {
			return "Quantity must be a positive integer."
		}
		want[it.OrderItemID] += it.Quantity
	}
	for itemID, q := range want {
		i := itemIndex(o, itemID)
		if i < 0 {
			return "OrderItemId " + itemID + " is invalid, please obtain the value " +
				"through the getOrderItems API or Manage Orders page"
		}
		if it := o.Items[i]; q > it.QuantityOrdered-it.QuantityShipped {
			return "Quantity " + strconv.FormatInt(q, 10) + " of OrderItemId " + itemID +
				" exceeds its unshipped quantity."
		}
	}
	return ""
}

// applyConfirm records the shipment. The caller holds s.mu.
func (s *Server) applyConfirm(o *Order, b *confirmBody) {
	d := b.PackageDetail
	shipped, _ := time.Parse(time.RFC3339Nano, d.ShipDate)
	sh := Shipment{PackageReferenceID: d.PackageReferenceID, CarrierCode: d.CarrierCode,
		CarrierName: d.CarrierName, ShippingMethod: d.ShippingMethod,
		TrackingNumber: d.TrackingNumber, ShipDate: shipped, Items: map[string]int64{}}
	for _, it := range d.OrderItems {
		o.Items[itemIndex(o, it.OrderItemID)].QuantityShipped += it.Quantity
		sh.Items[it.OrderItemID] += it.Quantity
	}
	s.shipments[o.AmazonOrderID] = append(s.shipments[o.AmazonOrderID], sh)
	o.OrderStatus = "Shipped"
	for _, it := range o.Items {
		if it.QuantityShipped < it.QuantityOrdered {
			o.OrderStatus = "PartiallyShipped"
		}
	}
	o.LastUpdateDate = s.now()
}

// itemIndex returns the index of the item with id, or -1.
func itemIndex(o *Order, id string) int {
	for i, it := range o.Items {
		if it.OrderItemID == id {
			return i
		}
	}
	return -1
}

// positiveNumeric reports whether s is a positive decimal integer.
func positiveNumeric(s string) bool {
	n, err := strconv.ParseUint(s, 10, 64)
	return err == nil && n > 0
}
