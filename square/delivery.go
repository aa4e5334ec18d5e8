package square

import (
	"strings"

	"github.com/ordo-oms/ordo/order"
)

// mainFulfillment returns the fulfilment that says how the order reaches
// the customer: the first SHIPMENT, PICKUP or DELIVERY one that is not
// cancelled or failed, else the first of those types at all, else nil for
// a sale carried out of the shop. A fulfilment without a type, as in
// Square's generated examples, is none.
func mainFulfillment(fs []fulfillment) *fulfillment {
	var first *fulfillment
	for i := range fs {
		f := &fs[i]
		switch f.Type {
		case "SHIPMENT", "PICKUP", "DELIVERY":
		default:
			continue
		}
		if f.State != "CANCELED" && f.State != "FAILED" {
			return f
		}
		if first == nil {
			first = f
		}
	}
	return first
}

// delivery maps the fulfilment onto Ordo's method and carrier. A PICKUP,
// and a sale without fulfilment, is click and collect: the goods are or
// will be handed over at the location, and no address is needed. Square's
// DELIVERY is a local courier delivery, so same day.
func delivery(f *fulfillment) order.Delivery {
	d := order.Delivery{Method: order.MethodClickAndCollect, Carrier: order.CarrierAny}
	if f == nil {
		return d
	}
	switch f.Type {
	case "SHIPMENT":
		d.Method = order.MethodStandard
		if s := f.ShipmentDetails; s != nil {
			d.Method = shippingMethod(s.ShippingType)
			d.Carrier = carrier(s.Carrier)
		}
	case "DELIVERY":
		d.Method = order.MethodSameDay
	}
	return d
}

// shippingMethod reads Square's free-text shipping_type, such as "First
// Class", "Priority" or "Express".
func shippingMethod(shippingType string) order.Method {
	t := strings.ToLower(shippingType)
	switch {
	case strings.Contains(t, "overnight") || strings.Contains(t, "next day"):
		return order.MethodNextDay
	case strings.Contains(t, "express"):
		return order.MethodExpress
	}
	return order.MethodStandard
}

// carriers are the carriers Ordo names, each with how Square's Dashboard
// spells it, in the order carrier looks for them in Square's free text.
var carriers = []struct {
	carrier order.Carrier
	name    string
}{
	{order.CarrierPostNL, "PostNL"}, {order.CarrierDHL, "DHL"}, {order.CarrierDPD, "DPD"},
	{order.CarrierUPS, "UPS"}, {order.CarrierFedEx, "FedEx"}, {order.CarrierGLS, "GLS"},
	{order.CarrierBpost, "bpost"}, {order.CarrierUSPS, "USPS"},
}

// carrier maps Square's free-text carrier onto Ordo's, or CarrierAny: the
// first of Ordo's carriers whose value the text contains, spaces aside.
func carrier(name string) order.Carrier {
	n := strings.ToLower(strings.ReplaceAll(name, " ", ""))
	for _, c := range carriers {
		if strings.Contains(n, string(c.carrier)) {
			return c.carrier
		}
	}
	return order.CarrierAny
}

// customer returns the recipient of the fulfilment as the customer. Square
// keeps no billing address on the order (it is on the card, in the
// Payments API), so Billing stays empty.
func customer(f *fulfillment) order.Customer {
	r := fulfillmentRecipient(f)
	if r == nil {
		return order.Customer{}
	}
	c := order.Customer{Email: r.EmailAddress, Phone: r.PhoneNumber}
	if a := r.Address; a != nil {
		c.FirstName, c.LastName = a.FirstName, a.LastName
		c.Shipping = order.Address{
			Name:     r.DisplayName,
			Line1:    a.AddressLine1,
			Line2:    a.AddressLine2,
			Postcode: a.PostalCode,
			City:     a.Locality,
			Region:   a.District1,
			Country:  a.Country,
		}
	}
	if c.FirstName == "" && c.LastName == "" {
		// Square has one display name; its last word is taken as the
		// family name, which is right for most but not all names.
		name := strings.TrimSpace(r.DisplayName)
		if i := strings.LastIndexByte(name, ' '); i > 0 {
			c.FirstName, c.LastName = name[:i], name[i+1:]
		} else {
			c.LastName = name
		}
	}
	return c
}

// fulfillmentRecipient returns whom the fulfilment is for, or nil.
func fulfillmentRecipient(f *fulfillment) *recipient {
	switch {
	case f == nil:
		return nil
	case f.ShipmentDetails != nil:
		return f.ShipmentDetails.Recipient
	case f.PickupDetails != nil:
		return f.PickupDetails.Recipient
	case f.DeliveryDetails != nil:
		return f.DeliveryDetails.Recipient
	}
	return nil
}
