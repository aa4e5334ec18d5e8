package shopifytest

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/ordo-oms/ordo/order"
)

// Order is an order to put into the fake shop. Amounts are minor units of
// Currency; prices include 21% VAT, as in a Dutch shop. JSON renders it as
// Shopify's REST order resource.
type Order struct {
	ID              int64
	Name            string
	Email           string
	Currency        string
	FinancialStatus string
	CreatedAt       time.Time
	UpdatedAt       time.Time
	Lines           []Line
	ShippingTitle   string
	ShippingPrice   int64
	ShippingAddress Address
}

// Line is one line item of an Order.
type Line struct {
	// ID is Shopify's line item id, unique in the shop.
	ID       int64
	SKU      string
	Title    string
	Quantity int64
	// Price is the price of one unit, in minor units.
	Price int64
}

// Address is a shipping and billing address of an Order.
type Address struct {
	FirstName, LastName, Address1, Zip, City, CountryCode string
}

// Item is a SKU, a quantity and a unit price in minor units, for NewOrder.
type Item struct {
	SKU      string
	Quantity int64
	Price    int64
}

// NewOrder returns a realistic paid order in euros with id, one line per
// item, PostNL shipping at 4.95 to an address in Utrecht, created and last
// updated at updatedAt. Line item ids are id*1000 plus the item's position
// from 1, so that they are unique in the shop as long as order ids are.
func NewOrder(id int64, items []Item, updatedAt time.Time) Order {
	o := Order{
		ID:              id,
		Name:            "#" + strconv.FormatInt(1000+id%100000, 10),
		Email:           "klant@example.nl",
		Currency:        "EUR",
		FinancialStatus: "paid",
		CreatedAt:       updatedAt,
		UpdatedAt:       updatedAt,
		ShippingTitle:   "PostNL Standaard",
		ShippingPrice:   495,
		ShippingAddress: Address{FirstName: "Anna", LastName: "de Vries",
			Address1: "Oudegracht 1", Zip: "3511 AA", City: "Utrecht", CountryCode: "NL"},
	}
	for i, it := range items {
		o.Lines = append(o.Lines, Line{ID: id*1000 + int64(i) + 1, SKU: it.SKU,
			Title: "Product " + it.SKU, Quantity: it.Quantity, Price: it.Price})
	}
	return o
}

// vat returns the 21% VAT included in a price, rounded to the minor unit.
func vat(price int64) int64 { return (price*21 + 60) / 121 }

// JSON renders o as Shopify's REST order resource, in the shape of the
// orders/create sample in Shopify's webhook reference.
func (o Order) JSON() []byte {
	cur := o.Currency
	if cur == "" {
		cur = "EUR"
	}
	amount := func(v int64) string { return order.FormatAmount(v, cur) }
	set := func(v int64) map[string]any {
		m := map[string]any{"amount": amount(v), "currency_code": cur}
		return map[string]any{"shop_money": m, "presentment_money": m}
	}
	var subtotal, tax int64
	var lines []any
	for _, l := range o.Lines {
		lineTotal := l.Price * l.Quantity
		lineTax := vat(lineTotal)
		subtotal += lineTotal
		tax += lineTax
		lines = append(lines, map[string]any{
			"id": l.ID, "admin_graphql_api_id": fmt.Sprintf("gid://shopify/LineItem/%d", l.ID),
			"variant_id": l.ID + 7000000000, "product_id": l.ID + 8000000000,
			"title": l.Title, "name": l.Title, "sku": l.SKU, "vendor": "Ordo Demo",
			"variant_title": nil, "quantity": l.Quantity, "current_quantity": l.Quantity,
			"fulfillable_quantity": l.Quantity, "fulfillment_service": "manual",
			"fulfillment_status": nil, "requires_shipping": true, "taxable": true,
			"gift_card": false, "grams": 500, "product_exists": true, "properties": []any{},
			"price": amount(l.Price), "price_set": set(l.Price),
			"total_discount": amount(0), "total_discount_set": set(0),
			"discount_allocations": []any{}, "duties": []any{},
			"tax_lines": []any{taxLine(amount(lineTax), set(lineTax))},
		})
	}
	shipTax := vat(o.ShippingPrice)
	tax += shipTax
	total := subtotal + o.ShippingPrice
	addr := map[string]any{
		"first_name": o.ShippingAddress.FirstName, "last_name": o.ShippingAddress.LastName,
		"name":     o.ShippingAddress.FirstName + " " + o.ShippingAddress.LastName,
		"address1": o.ShippingAddress.Address1, "address2": nil, "company": nil,
		"zip": o.ShippingAddress.Zip, "city": o.ShippingAddress.City,
		"country_code": o.ShippingAddress.CountryCode, "province_code": nil, "phone": nil,
	}
	m := map[string]any{
		"id": o.ID, "admin_graphql_api_id": fmt.Sprintf("gid://shopify/Order/%d", o.ID),
		"name": o.Name, "order_number": 1000 + o.ID%100000, "email": o.Email,
		"contact_email": o.Email, "phone": nil, "note": nil, "tags": "",
		"created_at":   o.CreatedAt.Format(time.RFC3339),
		"processed_at": o.CreatedAt.Format(time.RFC3339),
		"updated_at":   o.UpdatedAt.Format(time.RFC3339),
		"cancelled_at": nil, "cancel_reason": nil, "closed_at": nil,
		"currency": cur, "presentment_currency": cur, "taxes_included": true,
		"financial_status": o.FinancialStatus, "fulfillment_status": nil,
		"payment_gateway_names": []any{"bogus"}, "source_name": "web", "test": false,
		"subtotal_price": amount(subtotal), "subtotal_price_set": set(subtotal),
		"total_line_items_price": amount(subtotal), "total_line_items_price_set": set(subtotal),
		"total_discounts": amount(0), "total_discounts_set": set(0),
		"total_tax": amount(tax), "total_tax_set": set(tax),
		"total_price": amount(total), "total_price_set": set(total),
		"total_shipping_price_set": set(o.ShippingPrice),
		"current_total_price":      amount(total), "current_total_price_set": set(total),
		"customer": map[string]any{"id": o.ID + 9000000000, "email": o.Email,
			"first_name": o.ShippingAddress.FirstName, "last_name": o.ShippingAddress.LastName,
			"phone": nil},
		"shipping_address": addr, "billing_address": addr,
		"line_items": lines,
		"shipping_lines": []any{map[string]any{
			"id": o.ID + 6000000000, "title": o.ShippingTitle, "code": o.ShippingTitle,
			"source": "shopify", "price": amount(o.ShippingPrice), "price_set": set(o.ShippingPrice),
			"discounted_price": amount(o.ShippingPrice), "discount_allocations": []any{},
			"tax_lines": []any{taxLine(amount(shipTax), set(shipTax))},
		}},
		"tax_lines":             []any{taxLine(amount(tax), set(tax))},
		"discount_codes":        []any{},
		"discount_applications": []any{},
		"fulfillments":          []any{},
		"refunds":               []any{},
	}
	b, err := json.Marshal(m)
	if err != nil {
		panic(fmt.Sprintf("shopifytest: render order %d: %v", o.ID, err))
	}
	return b
}

// taxLine is one VAT tax line.
func taxLine(price string, set map[string]any) map[string]any {
	return map[string]any{"title": "BTW", "rate": 0.21, "price": price, "price_set": set}
}
