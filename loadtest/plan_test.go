package loadtest

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func newPlan(seed int64, orders int, duplicates float64) []Delivery {
	g := NewGenerator(seed, "example-nl.myshopify.com")
	return Plan(g, orders, duplicates, rand.New(rand.NewPCG(uint64(seed), 1)))
}

func TestPlan(t *testing.T) {
	t.Parallel()
	const orders = 400
	plan := newPlan(9, orders, 0.25)

	// Count what the plan should hold from the orders themselves.
	g := NewGenerator(9, "example-nl.myshopify.com")
	unpaid := 0
	for range orders {
		if g.Next().FinancialStatus != "paid" {
			unpaid++
		}
	}
	if want := orders + unpaid + 100; len(plan) != want {
		t.Fatalf("plan has %d deliveries, want %d orders + %d payments + 100 duplicates",
			len(plan), orders, unpaid)
	}

	type event struct {
		d        Delivery
		count    int
		webhooks map[string]bool
	}
	events := map[string]*event{}
	created := map[int64]bool{}
	paidBeforeCreate := 0
	for _, d := range plan {
		var body struct {
			ID int64 `json:"id"`
		}
		if err := json.Unmarshal(d.Body, &body); err != nil {
			t.Fatal(err)
		}
		e := events[d.EventID]
		if e == nil {
			e = &event{d: d, webhooks: map[string]bool{}}
			events[d.EventID] = e
		} else if e.d.Topic != d.Topic || string(e.d.Body) != string(d.Body) {
			t.Errorf("event %s is delivered with different topics or bodies", d.EventID)
		}
		e.count++
		e.webhooks[d.WebhookID] = true
		switch d.Topic {
		case TopicOrdersCreate:
			created[body.ID] = true
		case TopicOrdersPaid:
			if !created[body.ID] {
				paidBeforeCreate++
			}
		}
	}
	if len(created) != orders || len(events) != orders+unpaid {
		t.Errorf("plan creates %d orders in %d events, want %d in %d",
			len(created), len(events), orders, orders+unpaid)
	}

	sameWebhook, newWebhook := 0, 0
	for _, e := range events {
		sameWebhook += e.count - len(e.webhooks)
		newWebhook += len(e.webhooks) - 1
	}
	if sameWebhook+newWebhook != 100 || sameWebhook < 30 || newWebhook < 30 {
		t.Errorf("duplicates: %d with the same webhook ID, %d with a new one; want 100, "+
			"about half each", sameWebhook, newWebhook)
	}
	if paidBeforeCreate == 0 {
		t.Error("no orders/paid arrives before its orders/create")
	}
}

func TestPlanIsDeterministic(t *testing.T) {
	t.Parallel()
	a, b := newPlan(4, 100, 0.3), newPlan(4, 100, 0.3)
	if diff := cmp.Diff(eventIDs(a), eventIDs(b)); diff != "" {
		t.Errorf("same seed, different plans (-a +b):\n%s", diff)
	}
}

func TestPlanWithoutDuplicates(t *testing.T) {
	plan := newPlan(5, 50, 0)
	if ids := eventIDs(plan); len(ids) != len(plan) {
		t.Errorf("%d deliveries repeat an event", len(plan)-len(ids))
	}
}

// eventIDs returns the distinct event IDs of a plan, in order of their
// first delivery, each with the webhook ID it first came with.
func eventIDs(plan []Delivery) [][2]string {
	var ids [][2]string
	seen := map[string]bool{}
	for _, d := range plan {
		if !seen[d.EventID] {
			seen[d.EventID] = true
			ids = append(ids, [2]string{d.EventID, d.WebhookID})
		}
	}
	return ids
}
