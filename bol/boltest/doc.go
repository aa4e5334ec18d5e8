// Package boltest is an in-memory fake of the parts of bol.com's Retailer
// API v10 that Ordo uses, for tests and demos: the OAuth2 token endpoint,
// the order list and order detail, order item cancellation, shipments
// (create and list), process statuses and the push signature keys. It also
// signs push messages with its own RSA key, whose public half it serves, so
// that webhook handlers can be tested with messages signed as bol.com signs
// them.
//
// The fake checks requests as bol.com does: a bearer token it issued and
// that has not expired, the v10 media type in Accept and, for a body, in
// Content-Type, the required fields and the quantities left to ship. It
// answers refusals with bol.com's problem object. Where bol.com's
// behaviour is not documented it makes a choice and says so: a shipment is
// applied when it is posted, while its process status stays PENDING for
// PendingPolls reads; latest-change-date selects the order items changed on
// that UTC date; an empty page is the empty object {}.
//
// Counters tell how often each route was called, and faults can be queued
// per route: time out before or after applying the request, answer 503, or
// answer 429 with a Retry-After.
package boltest
