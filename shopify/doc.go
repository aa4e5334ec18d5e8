// Package shopify adapts Shopify order webhooks to Ordo's canonical order.
//
// A webhook is handled in three steps: Verify checks its signature against
// the raw body, ParseHeaders reads its topic and the keys that make a
// redelivery recognisable, and Map turns the REST order payload into an
// order.Order. Map rejects only a body it cannot read; an order with content
// problems (an unknown currency, no lines, no address) is mapped as sent, so
// that Ordo's validation can put it on hold with its reasons.
//
// Admin is a client of the shop's REST Admin API, version APIVersion,
// authenticated by the app's access token in the X-Shopify-Access-Token
// header. It reads orders for reconciliation (Fetch, and Changed, which
// pages GET /orders.json by the Link header's page_info cursor), confirms
// shipments with the fulfilment-order flow (GET
// orders/{id}/fulfillment_orders.json, then POST fulfillments.json with
// tracking_info), and cancels and refunds orders. The REST API takes no
// idempotency key, so each write first looks for what an earlier attempt
// made: a fulfilment with the tracking number, a cancelled_at, a refund
// whose note holds Ordo's key. Shopify limits an app with a leaky bucket,
// reported in X-Shopify-Shop-Api-Call-Limit; a 429 is waited out for its
// Retry-After and sent again, a few times. A 5xx, a timeout or a network
// failure is a plain error, to be retried; any other 4xx is a
// *channel.PermanentError with Shopify's "errors" text.
package shopify
