package shopify

import (
	"strings"
	"unicode"

	"github.com/ordo-oms/ordo/order"
)

// mapDelivery derives the enumerated delivery from the first shipping
// line's code, title and source, and from the tags; order.Normalize takes
// the country from the shipping address. The merchant names the method in
// free text, so it is recognised by its words; text with none of them is
// standard shipping with any carrier. An order without shipping lines whose
// items all need no shipping, such as gift cards, is digital.
func mapDelivery(p *payload, tags []string) order.Delivery {
	d := order.Delivery{
		Method:   order.MethodStandard,
		Carrier:  order.CarrierAny,
		Priority: order.PriorityNormal,
	}
	if len(p.ShippingLines) > 0 {
		s := p.ShippingLines[0]
		text := words(s.Code, s.Title, s.Source)
		d.Method = lookup(text, methodWords, order.MethodStandard)
		d.Carrier = lookup(text, carrierWords, order.CarrierAny)
	} else if digital(p.LineItems) {
		d.Method = order.MethodDigital
	}
	d.Priority = priority(tags, d.Method)
	return d
}

// methodWords recognise shipping methods, most specific first: a pickup
// point before local pickup, and both before the speed of delivery.
var methodWords = []match[order.Method]{
	{order.MethodPickupPoint, []string{"pickup point", "pick up point", "parcel shop",
		"parcelshop", "service point", "servicepoint", "parcel point", "access point",
		"locker", "packstation", "pakketpunt", "afhaalpunt"}},
	{order.MethodClickAndCollect, []string{"click and collect", "click collect",
		"collect in store", "local pickup", "store pickup", "in store pickup",
		"pickup in store", "pick up in store", "pickup", "pick up"}},
	{order.MethodSameDay, []string{"same day", "sameday", "same business day"}},
	{order.MethodNextDay, []string{"next day", "nextday", "next business day",
		"overnight"}},
	{order.MethodExpress, []string{"express", "expedited"}},
}

// carrierWords recognise the carriers Ordo knows by name.
var carrierWords = []match[order.Carrier]{
	{order.CarrierPostNL, []string{"postnl", "post nl"}},
	{order.CarrierDHL, []string{"dhl"}},
	{order.CarrierDPD, []string{"dpd"}},
	{order.CarrierUPS, []string{"ups"}},
	{order.CarrierFedEx, []string{"fedex", "fed ex"}},
	{order.CarrierGLS, []string{"gls"}},
	{order.CarrierBpost, []string{"bpost"}},
	{order.CarrierUSPS, []string{"usps"}},
}

// match is a value and the phrases that name it.
type match[T any] struct {
	value   T
	phrases []string
}

// lookup returns the value of the first match with a phrase in text, or
// def when there is none.
func lookup[T any](text string, ms []match[T], def T) T {
	for _, m := range ms {
		for _, ph := range m.phrases {
			if strings.Contains(text, " "+ph+" ") {
				return m.value
			}
		}
	}
	return def
}

// words returns the words of texts in lower case, separated and
// surrounded by single spaces, so that " next day " is found in
// "Next-Day Delivery" and " ups " is not found in "Pickups".
func words(texts ...string) string {
	var b strings.Builder
	b.WriteByte(' ')
	for _, t := range texts {
		for _, w := range strings.FieldsFunc(strings.ToLower(t), notWordRune) {
			b.WriteString(w)
			b.WriteByte(' ')
		}
		b.WriteString("| ") // so that no phrase spans two texts
	}
	return b.String()
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// digital reports whether an order without shipping lines has only lines
// that Shopify says need no shipping, such as gift cards.
func digital(items []lineItem) bool {
	for _, li := range items {
		if li.RequiresShipping == nil || *li.RequiresShipping {
			return false
		}
	}
	return len(items) > 0
}

// priority returns urgent for an order tagged urgent or sent same day,
// high for one tagged priority or sent next day, and normal otherwise.
func priority(tags []string, m order.Method) order.Priority {
	text := words(tags...)
	switch {
	case strings.Contains(text, " urgent ") || m == order.MethodSameDay:
		return order.PriorityUrgent
	case strings.Contains(text, " priority ") || m == order.MethodNextDay:
		return order.PriorityHigh
	}
	return order.PriorityNormal
}
