// Package shopify adapts Shopify order webhooks to Ordo's canonical order.
//
// A webhook is handled in three steps: Verify checks its signature against
// the raw body, ParseHeaders reads its topic and the keys that make a
// redelivery recognisable, and Map turns the REST order payload into an
// order.Order. Map rejects only a body it cannot read; an order with content
// problems (an unknown currency, no lines, no address) is mapped as sent, so
// that Ordo's validation can put it on hold with its reasons.
package shopify
