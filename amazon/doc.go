// Package amazon connects Ordo to Amazon's Selling Partner API (SP-API) for
// seller-fulfilled orders, using the Orders API v0.
//
// # Authentication
//
// Every call carries a Login with Amazon (LWA) access token in the
// x-amz-access-token header and nothing else: since October 2023 SP-API no
// longer asks for AWS Signature Version 4 signing or an IAM role. The token
// is obtained by posting grant_type=refresh_token, refresh_token, client_id
// and client_secret, form-encoded, to https://api.amazon.com/auth/o2/token.
// It is cached until a minute before its expires_in runs out, and fetched
// again once when SP-API refuses it. SP-API refuses an expired or revoked
// token with 403 and the error code "Unauthorized" rather than with 401, so
// both are treated as a reason to log in again.
//
// # Operations
//
//   - getOrders: GET /orders/v0/orders with MarketplaceIds (comma-separated),
//     LastUpdatedAfter and LastUpdatedBefore, paged with NextToken. Amazon
//     wants LastUpdatedBefore at least two minutes before the time of the
//     request, and its data for a change lags by up to two minutes.
//   - getOrder: GET /orders/v0/orders/{orderId}.
//   - getOrderItems: GET /orders/v0/orders/{orderId}/orderItems, paged with
//     NextToken.
//   - confirmShipment: POST /orders/v0/orders/{orderId}/shipmentConfirmation,
//     answered with 204 and no body.
//
// Responses wrap their data in {"payload": ...}; errors come as
// {"errors": [{"code", "message", "details"}]}.
//
// # Rate limits
//
// SP-API limits each operation with a token bucket per selling partner and
// application. The client keeps one bucket per operation, starting from the
// documented defaults (getOrders 0.0167 requests per second with a burst of
// 20, getOrder and getOrderItems 0.5 with 30, confirmShipment 2 with 10) and
// adopting the rate in each response's x-amzn-RateLimit-Limit header. A 429
// answer (code QuotaExceeded) is waited out, for Retry-After when given and
// else with a doubling back-off, and tried again a bounded number of times.
//
// # Restricted data
//
// The buyer's name, street address, phone and e-mail are restricted data:
// Amazon returns them only to applications with the Direct-to-Consumer
// Shipping role that call with a Restricted Data Token (RDT). Without them
// the order still maps, with the address left empty and
// order.Customer.Withheld saying why, so that Ordo holds it. Obtaining an
// RDT through the Tokens API is not done by this package.
//
// # Fulfilment by Amazon
//
// Orders with FulfillmentChannel AFN are shipped by Amazon from its own
// warehouses. They are mapped, tagged "amazon:afn", for reporting; Ordo
// must not route them to its warehouses, and Ship refuses them.
//
// # Notifications
//
// SP-API does not call webhooks. ORDER_CHANGE notifications reach an
// Amazon EventBridge partner event bus (source
// aws.partner/sellingpartnerapi.amazon.com/{account}/{application},
// detail-type ORDER_CHANGE, the notification in detail) or an SQS queue
// (the bare notification). ParseNotification reads either form; the order
// itself is then read with Fetch.
package amazon
