package shopify_test

import (
	"fmt"
	"net/http"

	"github.com/ordo-oms/ordo/shopify"
)

func Example() {
	secret := []byte("app-client-secret")
	body := []byte(`{"id": 1001, "name": "#1001", "currency": "EUR", "taxes_included": true,
		"financial_status": "paid", "total_price": "24.95",
		"line_items": [{"id": 1, "sku": "MUG-01", "quantity": 1, "price": "19.95"}],
		"shipping_lines": [{"title": "PostNL Standaard", "price": "5.00"}],
		"shipping_address": {"city": "Utrecht", "country_code": "NL"}}`)

	// What Shopify sends, as net/http receives it.
	h := http.Header{}
	h.Set("X-Shopify-Topic", shopify.TopicOrdersCreate)
	h.Set("X-Shopify-Event-Id", "59d6d79c-595f-4e7e-bc6f-72f5c3d0c66f")
	h.Set("X-Shopify-Hmac-Sha256", shopify.Sign(secret, body))

	hs := shopify.ParseHeaders(h)
	if err := shopify.Verify(secret, body, hs.Signature); err != nil {
		fmt.Println(err)
		return
	}
	if !shopify.Handled(hs.Topic) {
		return
	}
	m, err := shopify.Map("shop-nl", body)
	if err != nil {
		fmt.Println(err)
		return
	}
	o := m.Order
	fmt.Println(hs.DedupKey())
	fmt.Println(o.OrderID, o.Name, o.Currency, o.Totals.Total, o.Payment)
	fmt.Println(o.Delivery.Country, o.Delivery.Method, o.Delivery.Carrier)
	// Output:
	// orders/create:59d6d79c-595f-4e7e-bc6f-72f5c3d0c66f
	// 1001 #1001 EUR 2495 paid
	// NL standard postnl
}

func ExampleVerify() {
	secret := []byte("app-client-secret")
	body := []byte(`{"id": 1001}`)
	forged := shopify.Sign([]byte("guessed-secret"), body)

	fmt.Println(shopify.Verify(secret, body, shopify.Sign(secret, body)))
	fmt.Println(shopify.Verify(secret, body, forged))
	fmt.Println(shopify.Verify(secret, body, ""))
	// Output:
	// <nil>
	// shopify: bad webhook signature: does not match the body
	// shopify: missing webhook signature
}
