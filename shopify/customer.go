package shopify

import (
	"strings"

	"github.com/ordo-oms/ordo/order"
)

// mapCustomer gathers the buyer's personal data. The order's own e-mail
// address and phone come first, then the customer record's. A guest order
// has no customer record, so the name falls back to the billing address
// and then to the shipping address.
func mapCustomer(p *payload) order.Customer {
	c := order.Customer{
		Email:    first(p.Email, p.ContactEmail),
		Phone:    p.Phone,
		Shipping: mapAddress(p.ShippingAddress),
		Billing:  mapAddress(p.BillingAddress),
	}
	if p.Customer != nil {
		c.Email = first(c.Email, p.Customer.Email)
		c.Phone = first(c.Phone, p.Customer.Phone)
		c.FirstName, c.LastName = p.Customer.FirstName, p.Customer.LastName
	}
	for _, a := range []*address{p.BillingAddress, p.ShippingAddress} {
		if c.FirstName == "" && c.LastName == "" && a != nil {
			c.FirstName, c.LastName = a.FirstName, a.LastName
		}
	}
	return c
}

// mapAddress maps a Shopify address; an absent one is the zero Address.
func mapAddress(a *address) order.Address {
	if a == nil {
		return order.Address{}
	}
	name := a.Name
	if name == "" {
		name = strings.TrimSpace(a.FirstName + " " + a.LastName)
	}
	return order.Address{
		Name:     name,
		Company:  a.Company,
		Line1:    a.Address1,
		Line2:    a.Address2,
		Postcode: a.Zip,
		City:     a.City,
		Region:   a.ProvinceCode,
		Country:  a.CountryCode,
	}
}

// first returns the first of ss that is not empty.
func first(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
