package amazon

import (
	"strings"

	"github.com/ordo-oms/ordo/order"
)

// payments maps OrderStatus onto Ordo's payment states. Amazon collects
// the buyer's payment itself; from Unshipped on it has authorised it and
// the seller is paid by Amazon, which Ordo counts as paid.
var payments = map[string]order.Payment{
	"PendingAvailability": order.PaymentPending,
	"Pending":             order.PaymentPending,
	"Unshipped":           order.PaymentPaid,
	"PartiallyShipped":    order.PaymentPaid,
	"Shipped":             order.PaymentPaid,
	"InvoiceUnconfirmed":  order.PaymentPaid,
	"Canceled":            order.PaymentVoided,
}

// payment returns the payment state of an OrderStatus. Unfulfillable, which
// only multi-channel fulfilment orders reach, and any status Ordo does not
// know count as pending, the state that promises least.
func payment(status string) order.Payment {
	if p, ok := payments[status]; ok {
		return p
	}
	return order.PaymentPending
}

// methods maps ShipmentServiceLevelCategory onto Ordo's methods.
// FreeEconomy and Scheduled (a delivery appointment) are standard parcels.
var methods = map[string]order.Method{
	"Standard":    order.MethodStandard,
	"FreeEconomy": order.MethodStandard,
	"Scheduled":   order.MethodStandard,
	"Expedited":   order.MethodExpress,
	"SecondDay":   order.MethodExpress,
	"Priority":    order.MethodExpress,
	"NextDay":     order.MethodNextDay,
	"SameDay":     order.MethodSameDay,
}

// delivery returns how the order is to reach the buyer. An in-store pickup
// (IsISPU) is click and collect, a delivery to an Amazon Hub locker or
// counter (IsAccessPointOrder) a pickup point. The country is the shipping
// address's, which Amazon sends even when it withholds the rest.
func delivery(p *orderPayload) order.Delivery {
	d := order.Delivery{
		Method:   methods[p.ShipmentServiceLevelCategory],
		Carrier:  order.CarrierAny,
		Priority: order.PriorityNormal,
	}
	switch {
	case p.IsISPU:
		d.Method = order.MethodClickAndCollect
	case p.IsAccessPointOrder:
		d.Method = order.MethodPickupPoint
	}
	switch {
	case d.Method == order.MethodSameDay:
		d.Priority = order.PriorityUrgent
	case d.Method == order.MethodNextDay || p.IsPrime || p.IsPremiumOrder:
		d.Priority = order.PriorityHigh
	}
	if a := p.AutomatedShippingSettings; a != nil {
		d.Carrier = carrierFromAmazon(a.AutomatedCarrier)
	}
	if p.ShippingAddress != nil {
		d.Country = p.ShippingAddress.CountryCode
	}
	return d
}

// carrierFromAmazon returns Ordo's carrier for an Amazon carrier name, or
// CarrierAny.
func carrierFromAmazon(name string) order.Carrier {
	for c, code := range carrierCodes {
		if strings.EqualFold(code, name) {
			return c
		}
	}
	return order.CarrierAny
}

// Why an address can be missing, said to the operator through
// order.Customer.Withheld.
const (
	withheldRestricted = "Amazon shares the buyer's name and street address only with " +
		"applications that hold the Direct-to-Consumer Shipping role and call with a " +
		"Restricted Data Token"
	withheldUnpaid = "Amazon shares the shipping address only once it has authorised " +
		"the buyer's payment (order status Unshipped or later)"
)

// customer returns the buyer's personal data as far as Amazon shared it.
// The address counts as shared when its restricted parts (name or street)
// are there; city and postcode alone, which Amazon sends without a
// Restricted Data Token, are not an address to ship to. Amazon does not
// share a billing address in the Orders API.
func customer(p *orderPayload) order.Customer {
	var c order.Customer
	if b := p.BuyerInfo; b != nil {
		c.Email = strings.TrimSpace(b.BuyerEmail)
		c.FirstName, c.LastName = splitName(b.BuyerName)
	}
	a := p.ShippingAddress
	if a == nil || (strings.TrimSpace(a.Name) == "" && strings.TrimSpace(a.AddressLine1) == "") {
		c.Withheld = withheldRestricted
		if payment(p.OrderStatus) == order.PaymentPending {
			c.Withheld = withheldUnpaid
		}
		return c
	}
	c.Phone = strings.TrimSpace(a.Phone)
	c.Shipping = order.Address{
		Name:     a.Name,
		Company:  a.CompanyName,
		Line1:    a.AddressLine1,
		Line2:    strings.TrimSpace(a.AddressLine2 + " " + a.AddressLine3),
		Postcode: a.PostalCode,
		City:     a.City,
		Region:   a.StateOrRegion,
		Country:  a.CountryCode,
	}
	return c
}

// splitName splits a buyer's name at its first space. Amazon sends one
// name; the split is a guess that suits most Western names.
func splitName(name string) (first, last string) {
	first, last, _ = strings.Cut(strings.TrimSpace(name), " ")
	return first, strings.TrimSpace(last)
}

// tags returns labels for what rules may want to know: fulfilment by
// Amazon, Prime, business and replacement orders, the marketplace, and a
// buyer's request to cancel.
func tags(p *orderPayload, items []itemPayload) []string {
	var t []string
	add := func(ok bool, tag string) {
		if ok {
			t = append(t, tag)
		}
	}
	add(p.FulfillmentChannel == "AFN", "amazon:afn")
	add(p.IsPrime, "amazon:prime")
	add(p.IsBusinessOrder, "amazon:business")
	add(p.IsReplacementOrder, "amazon:replacement")
	add(p.OrderStatus == "Unfulfillable", "amazon:unfulfillable")
	add(buyerCancelled(items) != nil, "amazon:buyer-requested-cancel")
	add(p.MarketplaceID != "", "amazon:marketplace:"+p.MarketplaceID)
	return t
}

// buyerCancelled returns the first item whose buyer asked to cancel.
func buyerCancelled(items []itemPayload) *buyerCancel {
	for _, it := range items {
		if b := it.BuyerRequestedCancel; b != nil &&
			strings.EqualFold(b.IsBuyerRequestedCancel, "true") {
			return b
		}
	}
	return nil
}

// cancelReason returns the buyer's reason to cancel, if one asked.
func cancelReason(items []itemPayload) string {
	if b := buyerCancelled(items); b != nil && b.BuyerCancelReason != "" {
		return "buyer: " + b.BuyerCancelReason
	}
	return "cancelled at Amazon"
}
