// Package shopifytest is a fake of a Shopify shop's REST Admin API, for
// tests and demos of the shopify package's Admin client.
//
// A Server holds orders in memory, added as Shopify's REST order resource
// (AddOrderJSON, or AddOrder with an Order built by NewOrder), each with one
// fulfilment order at the shop's one location. It serves, below
// /admin/api/{version}/, what the client uses:
//
//   - GET orders/{id}.json, with fields;
//   - GET orders.json with status, updated_at_min, updated_at_max,
//     created_at_min, limit (at most 250) and order, paged by cursor: the
//     Link header names the rel="next" and rel="previous" pages by
//     page_info, and a request with page_info may carry only limit and
//     fields;
//   - GET orders/{id}/fulfillment_orders.json;
//   - GET orders/{id}/fulfillments.json and POST fulfillments.json, which
//     checks the fulfilment orders and quantities, lowers what is left to
//     fulfil, closes a fulfilment order when nothing is, and sets the
//     order's fulfillment_status;
//   - POST orders/{id}/cancel.json;
//   - POST orders/{id}/refunds/calculate.json and POST
//     orders/{id}/refunds.json, against the order's sale transaction; the
//     refunds made are in the order resource.
//
// Like Shopify it checks the X-Shopify-Access-Token header (401 otherwise),
// counts each request into a leaky bucket (40 requests leaking at 2 a
// second unless Options say otherwise), reports the bucket in
// X-Shopify-Shop-Api-Call-Limit, answers 429 with Retry-After when it is
// full, and writes errors as {"errors": ...}, a string, a list or an
// object of fields. Where Shopify documents no wording for a refusal, the
// fake's messages are its own. Every change moves the order's updated_at
// on.
//
// For tests it counts requests per endpoint (Requests), keeps the
// fulfilments and refunds made (Fulfillments, Refunds), lets a test move an
// order's updated_at (SetUpdatedAt) and injects faults into the next
// requests to a path (Fail): a timeout after or before applying the
// request, a 500, or a 429.
package shopifytest
