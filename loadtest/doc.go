// Package loadtest generates realistic Shopify order webhooks and drives a
// running Ordo with them, as `ordo loadtest` and `ordo demo` do.
//
// A Generator makes orders whose amounts reconcile to the cent; Plan turns
// them into deliveries with the duplicates and reordering that real
// webhooks bring; a Sender signs and POSTs each one; Run does all of that
// with many workers, measures throughput and latency, and then counts the
// run's orders through Ordo's API to check that each exists exactly once.
package loadtest
