package bol

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ordo-oms/ordo/channel"
	"github.com/ordo-oms/ordo/order"
)

// currency is the currency of every bol.com amount. The API names none:
// bol.com sells in the Netherlands and Belgium, in euros.
const currency = "EUR"

// cancelledByCustomer is the reason given when every item of an order
// carries a customer's cancellation request.
const cancelledByCustomer = "cancellation requested by customer"

// Map reads the body of GET /retailer/orders/{order-id}, received on the
// channel channelID, into a report. Every error wraps ErrMalformed; an
// order whose content is wrong but readable is mapped as sent, for Ordo's
// validation to hold.
//
// The mapping:
//
//   - LineID is the orderItemId, which POST /retailer/shipments references.
//     SKU is offer.reference, the seller's own reference for the offer, and
//     the product's EAN when the seller set none; Variant is the EAN.
//   - unitPrice includes VAT, so TaxesIncluded is true. bol.com reports no
//     VAT amount (the rate depends on the product and the country), so Tax
//     is zero on every line and in the totals rather than a guess.
//   - A line's Discount is unitPrice × quantity less totalPrice, what the
//     customer paid for the item, when bol.com sends totalPrice, and else
//     the sum of its discounts. bol.com charges customers no shipping, so
//     Totals.Shipping is zero and Total is the sum of what was paid per
//     item: the totals reconcile by construction.
//   - UpdatedAt is the latest latestChangedDateTime of the items; payloads
//     from before v10 have none, and then it is orderPlacedDateTime.
//   - Payment is paid: bol.com collects payment before it releases an
//     order to the seller.
//   - Delivery is pickup_point when pickupPoint is set, same_day for a
//     SAMEDAY time frame and standard otherwise; bol.com does not choose the
//     carrier of a seller-fulfilled order, so Carrier is any.
//   - The order is cancelled when every item carries a customer's
//     cancellationRequest, or when every item's whole quantity is
//     cancelled. A request or cancellation on only some items leaves the
//     lines as ordered: the seller confirms or refuses each request with
//     Cancel, and shipping checks the open quantities at bol.com.
func Map(channelID string, body []byte) (channel.Report, error) {
	var p orderPayload
	if err := decodeObject(body, &p); err != nil {
		return channel.Report{}, err
	}
	if strings.TrimSpace(p.OrderID) == "" {
		return channel.Report{}, fmt.Errorf("%w: no orderId", ErrMalformed)
	}
	r := &reader{}
	o := order.Order{
		ChannelID:     channelID,
		OrderID:       p.OrderID,
		Name:          p.OrderID,
		Currency:      currency,
		TaxesIncluded: true,
		Payment:       order.PaymentPaid,
		PlacedAt:      r.time("orderPlacedDateTime", p.OrderPlacedDateTime),
		Customer:      mapCustomer(&p),
		Delivery:      mapDelivery(&p),
	}
	o.Lines, o.Totals = mapLines(p.OrderItems, r)
	o.UpdatedAt = latestChange(p.OrderItems, o.PlacedAt, r)
	o.Tags = methods(p.OrderItems)
	reason := cancellation(p.OrderItems, r)
	if r.err != nil {
		return channel.Report{}, r.err
	}
	o.Normalize()

	rep := channel.Report{Order: o}
	if reason != "" {
		rep.Cancelled = &channel.Cancellation{At: o.UpdatedAt, Reason: reason}
	}
	return rep, nil
}

// decodeObject reads body, which must be one JSON object, into v.
func decodeObject(body []byte, v any) error {
	if t := bytes.TrimSpace(body); len(t) == 0 || t[0] != '{' {
		return fmt.Errorf("%w: body is not a JSON object", ErrMalformed)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	return nil
}

// mapLines returns the order lines and the totals they add up to.
func mapLines(items []itemDetail, r *reader) ([]order.Line, order.Totals) {
	var t order.Totals
	lines := make([]order.Line, 0, len(items))
	for i, it := range items {
		where := fmt.Sprintf("orderItems[%d]", i)
		l := order.Line{
			LineID:    it.OrderItemID,
			SKU:       cmp.Or(it.Offer.Reference, it.Product.EAN),
			Variant:   it.Product.EAN,
			Title:     it.Product.Title,
			Quantity:  r.whole(where+".quantity", it.Quantity),
			UnitPrice: r.amount(where+".unitPrice", it.UnitPrice),
		}
		gross := r.mul(where, l.UnitPrice, l.Quantity)
		if it.TotalPrice != "" {
			l.Discount = gross - r.amount(where+".totalPrice", it.TotalPrice)
		} else {
			for j, d := range it.Discounts {
				l.Discount += r.amount(fmt.Sprintf("%s.discounts[%d].amount", where, j), d.Amount)
			}
		}
		t.Discount += l.Discount
		t.Total += gross - l.Discount
		lines = append(lines, l)
	}
	return lines, t
}

// latestChange returns the latest change of any item, or placed when no
// item has a change time.
func latestChange(items []itemDetail, placed time.Time, r *reader) time.Time {
	latest := placed
	for i, it := range items {
		t := r.time(fmt.Sprintf("orderItems[%d].latestChangedDateTime", i),
			it.LatestChangedDateTime)
		if t.After(latest) {
			latest = t
		}
	}
	return latest
}

// cancellation returns why the whole order is cancelled, or "" when it is
// not.
func cancellation(items []itemDetail, r *reader) string {
	if len(items) == 0 {
		return ""
	}
	requested, cancelled := true, true
	for i, it := range items {
		where := fmt.Sprintf("orderItems[%d]", i)
		q := r.whole(where+".quantity", it.Quantity)
		requested = requested && it.CancellationRequest
		cancelled = cancelled && q > 0 && r.whole(where+".quantityCancelled",
			it.QuantityCancelled) >= q
	}
	switch {
	case cancelled:
		return "cancelled at bol.com"
	case requested:
		return cancelledByCustomer
	}
	return ""
}

// methods returns the fulfilment methods of the items, such as FBR, as
// tags, so that rules can tell orders bol.com ships from the seller's own.
func methods(items []itemDetail) []string {
	var tags []string
	for _, it := range items {
		m := strings.ToUpper(it.Fulfilment.Method)
		if m != "" && !slices.Contains(tags, m) {
			tags = append(tags, m)
		}
	}
	return tags
}

// mapDelivery returns how the order travels.
func mapDelivery(p *orderPayload) order.Delivery {
	d := order.Delivery{Method: order.MethodStandard, Carrier: order.CarrierAny}
	if p.ShipmentDetails != nil {
		d.Country = p.ShipmentDetails.CountryCode
	}
	for _, it := range p.OrderItems {
		if strings.EqualFold(it.Fulfilment.TimeFrameType, "SAMEDAY") {
			d.Method = order.MethodSameDay
		}
	}
	if pickupPoint(p) {
		d.Method = order.MethodPickupPoint
	}
	return d
}

// pickupPoint reports whether the order goes to a pick-up point, under
// either spelling bol.com has used.
func pickupPoint(p *orderPayload) bool {
	return (p.PickupPoint != nil && *p.PickupPoint) || (p.PickUpPoint != nil && *p.PickUpPoint)
}
