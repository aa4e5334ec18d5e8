package order

import "fmt"

// Validate checks an order's facts and personal data and returns every
// problem found, or none when the order may go ahead. A problem here puts
// the order on hold; it never rejects what the channel sent.
func Validate(o *Order) []Reason {
	var rs []Reason
	if _, ok := CurrencyExponent(o.Currency); !ok {
		rs = append(rs, Reason{Code: "unknown_currency", Field: "currency",
			Message: fmt.Sprintf("currency %q is not an ISO 4217 code; send a code such as EUR",
				o.Currency)})
	}
	if len(o.Lines) == 0 {
		rs = append(rs, Reason{Code: "no_lines", Field: "lines",
			Message: "the order has no lines; it needs at least one"})
	}
	seen := map[string]bool{}
	for i, l := range o.Lines {
		rs = append(rs, validateLine(l, fmt.Sprintf("lines[%d]", i), seen)...)
	}
	rs = append(rs, validateBundles(o.Lines)...)
	rs = append(rs, validateDelivery(o)...)
	rs = append(rs, validateCustomer(&o.Customer, o.Delivery.Method)...)
	return rs
}

// lineKinds are the kinds a line may have.
var lineKinds = []LineKind{KindItem, KindBundle, KindComponent}

// validateLine checks one line, at JSON path field. Seen holds the line
// ids of the lines before it, for a bundle's components must name one line.
func validateLine(l Line, field string, seen map[string]bool) []Reason {
	var rs []Reason
	add := func(code, field, format string, args ...any) {
		rs = append(rs, Reason{Code: code, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if l.LineID != "" && seen[l.LineID] {
		add("duplicate_line_id", field+".line_id",
			"line id %q is used by more than one line; line ids must be unique", l.LineID)
	}
	seen[l.LineID] = true
	if !oneOf(l.Kind, lineKinds) {
		add("unknown_kind", field+".kind",
			"line %q has kind %q; leave it empty or use bundle or component", l.LineID, l.Kind)
	}
	if l.SKU == "" && l.Kind != KindBundle {
		add("missing_sku", field+".sku", "line %q has no SKU", l.LineID)
	}
	if l.Quantity <= 0 {
		add("bad_quantity", field+".quantity",
			"line %q has quantity %d; it must be at least 1", l.LineID, l.Quantity)
	}
	if l.UnitPrice < 0 || l.Tax < 0 || l.Discount < 0 {
		add("negative_amount", field,
			"line %q has a negative price, tax or discount", l.LineID)
	}
	return rs
}

// validateBundles checks that every component names a bundle line.
func validateBundles(lines []Line) []Reason {
	var rs []Reason
	bundles := map[string]bool{}
	for _, l := range lines {
		if l.Kind == KindBundle {
			bundles[l.LineID] = true
		}
	}
	for i, l := range lines {
		if l.Kind == KindComponent && !bundles[l.ParentLineID] {
			rs = append(rs, Reason{
				Code:  "orphan_component",
				Field: fmt.Sprintf("lines[%d].parent_line_id", i),
				Message: fmt.Sprintf(
					"component line %q names bundle %q, which the order does not have",
					l.LineID, l.ParentLineID),
			})
		}
	}
	return rs
}

func validateDelivery(o *Order) []Reason {
	var rs []Reason
	d := o.Delivery
	if !oneOf(d.Method, methods) {
		rs = append(rs, Reason{Code: "unknown_method", Field: "delivery.method",
			Message: fmt.Sprintf("shipping method %q is not one of %v", d.Method, methods)})
	}
	if !oneOf(d.Carrier, carriers) {
		rs = append(rs, Reason{Code: "unknown_carrier", Field: "delivery.carrier",
			Message: fmt.Sprintf("carrier %q is not one of %v", d.Carrier, carriers)})
	}
	if !oneOf(d.Priority, priorities) {
		rs = append(rs, Reason{Code: "unknown_priority", Field: "delivery.priority",
			Message: fmt.Sprintf("priority %q is not one of %v", d.Priority, priorities)})
	}
	if r, ok := checkDeliveryCountry(d.Country, o.Customer.Shipping.Country); !ok {
		rs = append(rs, r)
	}
	return rs
}

// checkDeliveryCountry returns the problem with the delivery country, if
// any. Routing goes by it, so it must be a country and, when the shipping
// address has a valid country too, the same one. An empty delivery country
// is left to the address checks: Normalize fills it from the address.
func checkDeliveryCountry(country, shipTo string) (Reason, bool) {
	const field = "delivery.country"
	switch {
	case country == "":
		return Reason{}, true
	case !IsCountry(country):
		return checkCountry(country, field)
	case shipTo != "" && shipTo != country && IsCountry(shipTo):
		return Reason{Code: "country_mismatch", Field: field,
			Message: fmt.Sprintf("delivery country %s differs from the shipping address's "+
				"country %s; make them the same", country, shipTo)}, false
	}
	return Reason{}, true
}

func validateCustomer(c *Customer, m Method) []Reason {
	var rs []Reason
	if c.Email != "" && !ValidEmail(c.Email) {
		rs = append(rs, Reason{Code: "bad_email", Field: "customer.email",
			Message: fmt.Sprintf("e-mail address %q is not valid", c.Email)})
	}
	if m == MethodDigital || m == MethodClickAndCollect {
		return rs
	}
	if c.Shipping.IsZero() && c.Withheld != "" {
		return append(rs, Reason{Code: "address_withheld", Field: "customer.shipping_address",
			Message: "the channel withheld the shipping address: " + c.Withheld +
				"; grant Ordo's access to the buyer's address at the channel, or enter it"})
	}
	if c.Shipping.IsZero() {
		return append(rs, Reason{Code: "no_address", Field: "customer.shipping_address",
			Message: "the order has no shipping address; a parcel needs one"})
	}
	return append(rs, ValidateAddress(c.Shipping, "customer.shipping_address")...)
}

func oneOf[T comparable](v T, set []T) bool {
	for _, s := range set {
		if s == v {
			return true
		}
	}
	return false
}
