// Package pos is Ordo's own protocol for tills that have no public API:
// the till posts each sale to Ordo, signed with a secret shared with the
// store's channel. This comment is the protocol's specification.
//
// # Request
//
// A till sends every sale, and every later change to it (a cancellation,
// a payment that cleared), as
//
//	POST /webhooks/pos
//	Content-Type: application/json
//	X-Ordo-Timestamp: 1772460311
//	X-Ordo-Signature: sha256=5d0c0f...
//
// with the sale as the body, at most MaxBody bytes of UTF-8 JSON. Sending
// the same sale again is safe: Ordo keeps the version with the latest
// updated_at and ignores older ones.
//
// # Signature
//
// X-Ordo-Timestamp is the time of signing in Unix seconds. X-Ordo-Signature
// is "sha256=" followed by the lower-case hex HMAC-SHA256, keyed with the
// channel's secret, of the timestamp, a "." and the raw body, byte for
// byte as sent:
//
//	signature = "sha256=" + hex(HMAC-SHA256(secret, timestamp + "." + body))
//
// Ordo refuses a request whose timestamp is more than five minutes (MaxSkew)
// behind or ahead of its clock, saying by how much; sign when sending, and
// keep the till's clock on NTP. This is the scheme Ordo's warehouses use,
// with the "sha256=" prefix added.
//
// # Sale
//
// All amounts are integers in the minor unit of the currency (cents for
// EUR, yen for JPY). Unknown fields are refused, so that a misspelt field
// is not silently dropped.
//
//	{
//	  "sale_id":   "AMS01-R2-000123",     required; unique across all of
//	                                      the channel's stores and tills,
//	                                      so prefix it with both
//	  "store":     "store-ams01",         required; the store's location
//	                                      id in Ordo
//	  "register":  "R2",                  the till, for the records
//	  "sold_at":   "2026-03-02T14:05:11+01:00",   required, RFC 3339
//	  "updated_at": "2026-03-02T14:05:11+01:00",  RFC 3339; when the till
//	                                      last changed the sale. When it is
//	                                      absent Ordo takes the later of
//	                                      sold_at and cancelled_at, so a
//	                                      till that corrects a sale in any
//	                                      other way must send it
//	  "currency":  "EUR",                 required, ISO 4217
//	  "fulfilment": "carry_out",          required: carry_out,
//	                                      ship_from_store or
//	                                      click_and_collect
//	  "lines": [{                         required, at least one
//	    "line_id":    "1",                required, unique in the sale;
//	                                      Ordo's shipment notices name it
//	    "sku":        "SHIRT-LIN-WH-M",   required, the seller's SKU
//	    "title":      "Linen shirt, white, M",
//	    "quantity":   2,                  required, 1 or more
//	    "unit_price": 5995,               price of one unit before discount
//	    "tax":        1873,               tax on the whole line
//	    "discount":   1199                discount on the whole line
//	  }],
//	  "totals": {
//	    "tax":      1873,                 every line's tax, plus any tax
//	                                      on shipping
//	    "discount": 1199,                 the sum of the lines' discounts;
//	                                      spread an order discount over
//	                                      the lines
//	    "shipping": 0,                    what the customer pays for
//	                                      shipping
//	    "total":    10791                 what the customer pays
//	  },
//	  "taxes_included": true,             whether unit prices contain tax
//	  "customer": {                       required for ship_from_store;
//	                                      optional otherwise
//	    "email": "...", "phone": "...", "first_name": "...", "last_name": "...",
//	    "address": {                      required for ship_from_store
//	      "name": "...", "company": "...", "line1": "...", "line2": "...",
//	      "postcode": "...", "city": "...", "region": "...",
//	      "country": "NL"                 ISO 3166-1 alpha-2
//	    }
//	  },
//	  "payment": "paid",                  required: paid, authorized or
//	                                      pending
//	  "cancelled_at": "2026-03-02T15:00:00+01:00"   set when the sale is
//	                                      cancelled; RFC 3339
//	}
//
// The totals must add up to the minor unit:
//
//	total = Σ unit_price × quantity − discount + shipping (+ tax unless
//	        taxes_included)
//
// and totals.discount must equal the sum of the lines' discounts, and
// totals.tax be at least the sum of the lines' taxes.
//
// # Fulfilment
//
//   - carry_out: the customer took the goods at the till. Ordo records the
//     order as shipped at once from the store; nothing goes to a warehouse
//     and no address is needed.
//   - click_and_collect: the customer collects the goods at the store
//     later; Ordo routes the order to be prepared for collection there.
//   - ship_from_store: the goods are to be sent to the customer's address,
//     from the store or wherever Ordo's routing decides.
//
// # Answers
//
// Ordo answers 2xx once the sale is recorded; 401 when the signature or
// timestamp is refused, and 400 when the sale is malformed, in both cases
// with a text body that says what to fix. Sending a refused request again
// unchanged cannot succeed. On a 5xx answer, a timeout or a network error
// the till must send the sale again, signed anew, until it is accepted.
// Example sales are in this package's testdata directory.
package pos
