// Package square connects Ordo to Square, the point-of-sale and online
// selling platform, through its Orders API at https://connect.squareup.com.
//
// Square tells Ordo of changes by webhook and Ordo then reads the order:
//
//   - Verify checks a delivery's x-square-hmacsha256-signature header: the
//     base64 HMAC-SHA256, keyed with the subscription's signature key, of
//     the notification URL followed by the raw body.
//   - ParseWebhook reads the event envelope {merchant_id, type, event_id,
//     created_at, data} of order.created, order.updated,
//     order.fulfillment.updated and payment.updated, and recognises the
//     webhooks.test_notification that the Developer Console sends, which
//     names no order and is only to be answered.
//   - Client.Fetch reads the order with Retrieve Order (GET
//     /v2/orders/{order_id}) and Map turns it into Ordo's canonical order.
//   - Client.Changed walks Search Orders (POST /v2/orders/search) by
//     updated_at, oldest first, so that a change whose webhook was lost is
//     still seen.
//   - Client.Ship completes the order's fulfilment with its carrier and
//     tracking by Update Order (PUT /v2/orders/{order_id}).
//
// Every request carries "Authorization: Bearer <access token>" and a
// Square-Version header pinned to Version, so that a change to the seller's
// application settings cannot change the shape of what Ordo reads. Square
// answers an error as {"errors":[{category, code, detail, field}]}; the
// detail of each error becomes the operator's text.
//
// Money in Square is already in the currency's minor units (Money.amount is
// an integer), so amounts are taken as they are. A line's quantity is a
// decimal string; Ordo counts whole units only, so a quantity with a
// fraction, which Square allows for items sold by a measurement unit, is
// refused as malformed.
//
// Square line items carry no SKU. The seller's SKU lives on the catalog
// item variation (item_variation_data.sku in the Catalog API), which the
// order only references by catalog_object_id. Map uses that
// catalog_object_id as the line's SKU and variant: it is stable, it is on
// every catalogued line, and it needs no extra call. Line-item metadata
// would not do, because Square shows an application only the metadata it
// wrote itself. A line sold without a catalog item (a custom amount) has no
// SKU, and Ordo's validation holds the order for it.
package square
