package loadtest

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// Plan returns the deliveries of a load test of orders new orders, in the
// order to send them. Each order is created once, by an orders/create
// delivery; each order not yet paid is paid later, by an orders/paid
// delivery. On top of those come duplicates extra deliveries per order
// (0.1 gives one for every ten orders) that repeat an earlier delivery's
// event: half of them with its WebhookID, as a retry does, and half with a
// new one, as a second subscription does.
//
// Deliveries arrive roughly in order but shuffled locally, as webhooks do,
// so that some duplicates and updates come before what they follow. The
// plan follows from g and rng alone.
func Plan(g *Generator, orders int, duplicates float64, rng *rand.Rand) []Delivery {
	type slot struct {
		at float64 // place in the sequence, before shuffling
		d  Delivery
		id int64
	}
	var originals []slot
	for i := range orders {
		o := g.Next()
		create := Delivery{
			Topic:     TopicOrdersCreate,
			EventID:   derivedUUID(TopicOrdersCreate, uint64(o.ID)),
			WebhookID: derivedUUID("webhook", uint64(o.ID), rng.Uint64()),
			Body:      o.Body,
		}
		originals = append(originals, slot{at: float64(i), d: create, id: o.ID})
		if o.FinancialStatus == "paid" {
			continue
		}
		paidAt := o.PlacedAt.Add(time.Minute + time.Duration(rng.Int64N(int64(14*time.Minute))))
		paid := Delivery{
			Topic:     TopicOrdersPaid,
			EventID:   derivedUUID(TopicOrdersPaid, uint64(o.ID)),
			WebhookID: derivedUUID("webhook", uint64(o.ID), rng.Uint64()),
			Body:      g.Update(o, paidAt).Body,
		}
		at := float64(i) + 1 + 29*rng.Float64()
		originals = append(originals, slot{at: at, d: paid, id: o.ID})
	}

	slots := slices.Clone(originals)
	extra := int(math.Round(duplicates * float64(orders)))
	for range extra {
		if len(originals) == 0 {
			break
		}
		dup := originals[rng.IntN(len(originals))]
		dup.at += 20 * rng.Float64()
		if rng.IntN(2) == 0 {
			dup.d.WebhookID = derivedUUID("webhook", uint64(dup.id), rng.Uint64())
		}
		slots = append(slots, dup)
	}

	// Jitter of up to three places either way lets a delivery overtake
	// the one it would otherwise follow.
	for i := range slots {
		slots[i].at += 6*rng.Float64() - 3
	}
	slices.SortStableFunc(slots, func(a, b slot) int { return cmp.Compare(a.at, b.at) })
	plan := make([]Delivery, len(slots))
	for i, s := range slots {
		plan[i] = s.d
	}
	return plan
}
