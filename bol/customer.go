package bol

import (
	"cmp"
	"strings"

	"github.com/ordo-oms/ordo/order"
)

// mapCustomer returns the buyer's personal data. The e-mail address is the
// scrambled one bol.com relays to the customer; the phone number is the
// delivery number bol.com fills only when delivery needs an appointment.
func mapCustomer(p *orderPayload) order.Customer {
	var c order.Customer
	if s := p.ShipmentDetails; s != nil {
		c.FirstName, c.LastName = s.FirstName, s.Surname
		c.Email, c.Phone = s.Email, s.DeliveryPhoneNumber
		c.Shipping = address(s)
		if pickupPoint(p) {
			// The address is the pick-up point's; its name goes where a
			// parcel label puts a company.
			c.Shipping.Company = cmp.Or(s.PickupPointName, s.PickUpPointName, s.Company)
		}
	}
	if b := p.BillingDetails; b != nil {
		c.Billing = address(b)
		c.Email = cmp.Or(c.Email, b.Email)
		c.FirstName = cmp.Or(c.FirstName, b.FirstName)
		c.LastName = cmp.Or(c.LastName, b.Surname)
	}
	return c
}

// address returns d as a postal address. bol.com splits the street, house
// number and extension, as Dutch and Belgian addresses write them; Line1
// joins them again ("Dorpstraat 1 B") and Line2 carries the extra address
// information.
func address(d *details) order.Address {
	return order.Address{
		Name:     join(d.FirstName, d.Surname),
		Company:  d.Company,
		Line1:    join(d.StreetName, d.HouseNumber, d.HouseNumberExtension),
		Line2:    d.ExtraAddressInformation,
		Postcode: d.ZipCode,
		City:     d.City,
		Country:  d.CountryCode,
	}
}

// join joins the non-empty parts with single spaces.
func join(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, " ")
}
