// Package bol connects Ordo to bol.com through version 10 of its Retailer
// API: it reads orders, confirms shipments, cancels order items and checks
// the push notifications bol.com sends to a webhook.
//
// # Authentication
//
// Every call carries a bearer token obtained with the OAuth2 client
// credentials grant: a POST to https://login.bol.com/token with the client
// id and secret in an HTTP Basic Authorization header and
// grant_type=client_credentials. bol.com tokens live 299 seconds and its
// token endpoint bans clients that ask too often, so the Client keeps the
// token until shortly before it expires, and asks again early only when the
// API answers 401.
//
// # Requests and errors
//
// Requests and answers use the media type application/vnd.retailer.v10+json
// in both Accept and Content-Type. bol.com reports a refused request as a
// problem object, {type, title, status, detail, violations: [{name,
// reason}]}; its detail and violations become the Detail of a
// *channel.PermanentError. A 404 on an order wraps channel.ErrNotFound as
// well. A 429 is waited out as its Retry-After header says (capped, and
// never beyond the context) and tried again a few times; a 5xx, a timeout or
// a network error is returned as a plain error that the caller may retry.
//
// # Orders
//
// GET /retailer/orders lists orders in pages of 50, filtered by
// fulfilment-method (FBR, FBB or ALL), status (OPEN, SHIPPED or ALL) and
// latest-change-date, a calendar date. The API reference does not say
// whether that date selects changes on that day or from that day on, so
// Changed asks for every day from the day before since to the day after
// now, which is right either way, and keeps the order items changed at or
// after since by their latestChangedDateTime. Each order found is read whole
// with GET /retailer/orders/{order-id} and mapped by Map; see Map for how
// bol.com's fields become Ordo's.
//
// # Shipments
//
// A shipment is confirmed with POST /retailer/shipments, which bol.com
// accepts with 202 and a process status that GET
// /shared/process-status/{process-status-id} reports as PENDING until it is
// SUCCESS, FAILURE or TIMEOUT. bol.com has no idempotency key, so Ship looks
// before it writes: it sends Ordo's shipment key as the shipmentReference
// and first searches GET /retailer/shipments?order-id= for a shipment with
// that reference, then checks the order's quantityShipped, and posts only
// when neither shows the parcel confirmed already.
//
// # Push notifications
//
// A WEBHOOK subscription delivers JSON messages {retailerId, timestamp,
// event: {resource, type, resourceId}}, signed with an RSA key whose public
// half GET /retailer/subscriptions/signature-keys lists by id. The OpenAPI
// description says only that a key's id "maps to the keyId value in the
// signature header"; bol.com's subscription guide and the public client
// libraries show that header as
//
//	Signature: keyId=0, algorithm="rsa-sha256", signature=<base64>
//
// The documents do not spell out what is signed. VerifyPush checks an
// RSASSA-PKCS1-v1_5 signature with SHA-256 over the raw request body, which
// is what "rsa-sha256" names in the HTTP-signature convention bol.com's
// header follows and what the client libraries that verify it do.
package bol
