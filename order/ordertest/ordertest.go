// Package ordertest provides orders for tests of the packages that handle
// them.
package ordertest

import (
	"fmt"
	"time"

	"github.com/ordo-oms/ordo/order"
)

// Sample returns a valid order of channel "shop" whose channel id is
// 1000+n: two lines in EUR with tax included, standard PostNL delivery to
// Amsterdam, paid. Its totals reconcile.
func Sample(n int) order.Order {
	at := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	return order.Order{
		ChannelID: "shop", OrderID: fmt.Sprint(1000 + n), Name: fmt.Sprintf("#%d", 1000+n),
		PlacedAt: at, UpdatedAt: at, Currency: "EUR", TaxesIncluded: true,
		Lines: []order.Line{
			{LineID: "1", SKU: "TEE-BLK-M", Quantity: 2, UnitPrice: 1995, Tax: 693},
			{LineID: "2", SKU: "CAP-RED", Quantity: 1, UnitPrice: 1500, Tax: 260, Discount: 150},
		},
		Delivery: order.Delivery{Country: "NL", Method: order.MethodStandard,
			Carrier: order.CarrierPostNL, Priority: order.PriorityNormal},
		Payment: order.PaymentPaid,
		Totals:  order.Totals{Shipping: 495, Tax: 953, Discount: 150, Total: 5835},
		Customer: order.Customer{Email: "anna@example.nl", FirstName: "Anna", LastName: "de Vries",
			Shipping: order.Address{Line1: "Damrak 1", Postcode: "1012 LG", City: "Amsterdam",
				Country: "NL"}},
	}
}
