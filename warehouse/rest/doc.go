// Package rest is the connector for a location that takes Ordo's
// instructions over HTTP. Its documentation is the protocol a WMS or 3PL
// implements to integrate with Ordo.
//
// # Instructions
//
// Ordo POSTs each instruction, one per request, to {URL}/instructions as
// the JSON of a [warehouse.Instruction]:
//
//	POST /instructions HTTP/1.1
//	Content-Type: application/json
//	Idempotency-Key: F-1042-release
//	X-Ordo-Timestamp: 1700000000
//	X-Ordo-Signature: 3f0c…
//	Authorization: Bearer …
//
//	{"reference":"F-1042-release","kind":"release","fulfilment_id":"F-1042",
//	 "location":"dc-utrecht","ship_to":{…},"lines":[…],"created_at":"…"}
//
// The kind is release (pick, pack and ship the lines) or cancel (stop the
// fulfilment order released before). Idempotency-Key repeats the
// instruction's reference. Ordo sends an instruction again until it has an
// answer, always with the same reference, so the location must act on a
// reference once and answer a repeat as it did the first time, or with
// 409 Conflict.
//
// X-Ordo-Timestamp is when Ordo signed the request, in Unix seconds, and
// X-Ordo-Signature the lower-case hex HMAC-SHA256, keyed with the secret
// Ordo and the location share, of the timestamp, a "." and the raw body.
// The location should refuse a request whose signature does not match or
// whose timestamp is more than five minutes from its own clock.
// Authorization carries a static token or an OAuth2 access token got with
// the client credentials grant, when either is configured.
//
// # Answers
//
// A 2xx answer may have a JSON body with the outcome and, optionally, the
// location's own words:
//
//	{"outcome": "accepted", "detail": "wave 12"}
//
// A release answered 2xx is accepted, whether the body says so or is
// empty. A cancel must say cancelled (the location stopped the fulfilment
// order) or too_late (it has left or is leaving): Ordo must know whether
// the cancel took effect, so a cancel answered without one of these is sent
// again. 409 Conflict means the location already has the reference: a
// release is accepted, and a cancel is read as a 2xx answer.
//
// 408, 425, 429 and 5xx answers, timeouts and network errors are sent again
// later, with back-off; Retry-After is not honoured. Any other 4xx is a
// refusal that sending again cannot change: Ordo stops and shows the
// operator the detail, or else the title, of an application/problem+json
// body, or else the start of the body. Ordo reads at most 64 KiB of an
// answer.
//
// # Status callbacks
//
// The location reports what became of a fulfilment order by POSTing the
// JSON of a [warehouse.StatusUpdate] to Ordo's /webhooks/wms/{location},
// signed with the same two headers and the same secret:
//
//	POST /webhooks/wms/dc-utrecht HTTP/1.1
//	Content-Type: application/json
//	X-Ordo-Timestamp: 1700003600
//	X-Ordo-Signature: 9b1e…
//
//	{"event_id":"e-77","reference":"F-1042-release","status":"shipped",
//	 "at":"2024-05-01T14:02:00Z","parcels":[{"id":"P1","carrier":"postnl",
//	 "tracking_number":"3SABC123","lines":[…]}]}
//
// The reference is that of the release. The status is the location's own
// code, which the location's configuration maps onto Ordo's. The event id
// identifies the report, so one delivered twice is applied once. Ordo
// answers 2xx once it has recorded the report; until then the location
// sends it again.
package rest
