package routing_test

import (
	"encoding/json"
	"os"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/routing"
	"github.com/ordo-oms/ordo/rules"
)

// TestDecisionJSON checks that stored decisions read back as they were.
func TestDecisionJSON(t *testing.T) {
	data, err := os.ReadFile("testdata/golden/decisions.golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var decisions []routing.Decision
	if err := json.Unmarshal(data, &decisions); err != nil {
		t.Fatal(err)
	}
	again, err := json.MarshalIndent(decisions, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(data), string(again)+"\n"); diff != "" {
		t.Errorf("decisions changed on the way back (-stored +again):\n%s", diff)
	}
}

func TestReasonJSON(t *testing.T) {
	for _, r := range []routing.Reason{routing.NoCountry, routing.NoRegion, routing.NoMethod,
		routing.NoCarrier, routing.TooHeavy, routing.NoStock} {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var back routing.Reason
		if err := json.Unmarshal(b, &back); err != nil || back != r {
			t.Errorf("%s went to %s and back to %v, %v", r, b, back, err)
		}
	}
	if _, err := json.Marshal(routing.Reason(0)); err == nil {
		t.Error("the zero reason encoded")
	}
	var r routing.Reason
	if err := json.Unmarshal([]byte(`"bored"`), &r); err == nil {
		t.Error("an unknown reason decoded")
	}
}

// TestConcurrentDecisions routes the golden orders from several goroutines
// at once and checks each gets the decision it gets alone.
func TestConcurrentDecisions(t *testing.T) {
	set, err := rules.Load("testdata/golden/rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var stock routing.StockMap
	readJSON(t, "testdata/golden/stock.json", &stock)
	var cases []goldenCase
	readJSON(t, "testdata/golden/orders.json", &cases)
	e := routing.New(set)
	requests := make([]routing.Request, len(cases))
	want := make([]routing.Decision, len(cases))
	for i := range cases {
		requests[i] = routing.Request{Order: &cases[i].Order, Now: cases[i].Now,
			Stock: stock, Load: cases[i].Load}
		want[i] = e.Decide(requests[i])
	}
	var wg sync.WaitGroup
	got := make([][]routing.Decision, 4)
	for g := range got {
		wg.Go(func() {
			for range 5 {
				for i := range requests {
					// Each goroutine starts at another order, so that the
					// clocks of the decisions cross.
					k := (i + g*3) % len(requests)
					got[g] = append(got[g], e.Decide(requests[k]))
				}
			}
		})
	}
	wg.Wait()
	for g := range got {
		for n, d := range got[g] {
			k := (n%len(requests) + g*3) % len(requests)
			if diff := cmp.Diff(want[k], d); diff != "" {
				t.Fatalf("goroutine %d, order %d (-alone +together):\n%s", g, k, diff)
			}
		}
	}
}
