package loadtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

// Report is the outcome of a load test.
type Report struct {
	// URL is the Ordo that was driven.
	URL string
	// Started is when the run began, before the plan was made.
	Started time.Time
	// Orders is the number of distinct orders created.
	Orders int
	// Deliveries is the number of deliveries planned: one per order, one
	// per payment and the duplicates.
	Deliveries int
	// Updates is the number of orders/paid events among them.
	Updates int
	// Duplicates is the number of deliveries that repeat an event.
	Duplicates int
	// Concurrency is the number of deliveries in flight at once.
	Concurrency int

	// Sent is the number of deliveries sent; fewer than Deliveries only
	// when the run was cancelled.
	Sent int
	// Wall is the time from the first delivery sent to the last answered.
	Wall time.Duration
	// Accepted is the number of 2xx responses.
	Accepted int
	// AcceptedPerSecond is Accepted divided by Wall.
	AcceptedPerSecond float64
	// Latency summarises the latencies of the requests that got a response.
	Latency Latency
	// Statuses counts the responses by HTTP status code.
	Statuses map[int]int
	// Errors is the number of requests that got no complete response.
	Errors int
	// ErrorSamples are a few of their errors, each different.
	ErrorSamples []string

	// Verified is true when Ordo's orders were counted.
	Verified bool
	// VerifyError says why they were not, when they were not.
	VerifyError string
	// Distinct is the number of different orders of this run Ordo lists.
	Distinct int
	// Rows is the number of orders of this run Ordo lists; more than
	// Distinct means Ordo recorded some order twice.
	Rows int
	// OrderStatuses counts this run's orders in Ordo by status.
	OrderStatuses map[string]int
}

// Latency is a summary of latency samples. The percentiles are exact: the
// nearest-rank percentile of the sorted samples, which is always one of
// them.
type Latency struct {
	// Samples is the number of latencies summarised.
	Samples int
	// P50, P95 and P99 are the median, 95th and 99th percentiles; Max is
	// the longest latency.
	P50, P95, P99, Max time.Duration
}

// summarize returns the exact percentiles of samples, which it sorts.
func summarize(samples []time.Duration) Latency {
	if len(samples) == 0 {
		return Latency{}
	}
	slices.Sort(samples)
	n := len(samples)
	rank := func(p int) time.Duration {
		return samples[(p*n+99)/100-1] // the ceiling of p% of n, less one
	}
	return Latency{Samples: n, P50: rank(50), P95: rank(95), P99: rank(99), Max: samples[n-1]}
}

// Problems lists what went wrong, each in a short phrase; none means the
// run is good as far as it was checked.
func (r *Report) Problems() []string {
	var ps []string
	if r.Sent < r.Deliveries {
		ps = append(ps, fmt.Sprintf("only %d of %d deliveries were sent", r.Sent, r.Deliveries))
	}
	if n := r.notAccepted(); n > 0 {
		ps = append(ps, plural(n, "response was", "responses were")+" not 2xx")
	}
	if r.Errors > 0 {
		ps = append(ps, plural(r.Errors, "request", "requests")+" got no response")
	}
	if r.Verified && r.Distinct != r.Orders {
		ps = append(ps, fmt.Sprintf("Ordo lists %d of the %d orders", r.Distinct, r.Orders))
	}
	if r.Verified && r.Rows > r.Distinct {
		ps = append(ps, "Ordo lists "+plural(r.Rows-r.Distinct,
			"duplicate order", "duplicate orders"))
	}
	return ps
}

// plural returns n followed by one or many, as n asks.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// notAccepted counts the responses whose status is not 2xx.
func (r *Report) notAccepted() int {
	n := 0
	for status, count := range r.Statuses {
		if status < 200 || status > 299 {
			n += count
		}
	}
	return n
}

// OK reports whether every delivery was answered 2xx and Ordo lists each
// order of the run exactly once. It is false when the orders were not
// counted.
func (r *Report) OK() bool {
	return r.Verified && len(r.Problems()) == 0
}

// Write prints the report for a person to read.
func (r *Report) Write(w io.Writer) error {
	var b bytes.Buffer
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/1e6) }
	fmt.Fprintf(&b, "loadtest of %s, started %s\n", r.URL, r.Started.Format(time.RFC3339))
	fmt.Fprintf(&b, "  sent        %d of %d deliveries: %d orders, %d payments, "+
		"%d duplicates; concurrency %d\n",
		r.Sent, r.Deliveries, r.Orders, r.Updates, r.Duplicates, r.Concurrency)
	fmt.Fprintf(&b, "  throughput  %d accepted in %.2f s: %.2f accepted/s\n",
		r.Accepted, r.Wall.Seconds(), r.AcceptedPerSecond)
	fmt.Fprintf(&b, "  latency     p50 %s, p95 %s, p99 %s, max %s over %d responses\n",
		ms(r.Latency.P50), ms(r.Latency.P95), ms(r.Latency.P99), ms(r.Latency.Max),
		r.Latency.Samples)
	fmt.Fprintf(&b, "  statuses    %s\n", counts(r.Statuses))
	if r.Errors > 0 {
		fmt.Fprintf(&b, "  errors      %d: %s\n", r.Errors, strings.Join(r.ErrorSamples, "; "))
	}
	if r.Verified {
		fmt.Fprintf(&b, "  orders      %d distinct of %d, in %d rows; %s\n",
			r.Distinct, r.Orders, r.Rows, counts(r.OrderStatuses))
	} else {
		fmt.Fprintf(&b, "  orders      not counted: %s\n", r.VerifyError)
	}
	fmt.Fprintf(&b, "  result      %s\n", r.result())
	_, err := w.Write(b.Bytes())
	return err
}

func (r *Report) result() string {
	if ps := r.Problems(); len(ps) > 0 {
		return "FAILED: " + strings.Join(ps, "; ")
	}
	if !r.Verified {
		return "NOT VERIFIED: every delivery was accepted, but the orders were not counted"
	}
	return "ok"
}

// counts prints a tally such as "200: 98, 503: 2", in the order of its keys.
func counts[K int | string](m map[K]int) string {
	if len(m) == 0 {
		return "none"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%v: %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}

// MarshalJSON returns the report as JSON for scripts: latencies and wall
// time as milliseconds and seconds, and whether the run is OK.
func (r *Report) MarshalJSON() ([]byte, error) {
	ms := func(d time.Duration) float64 { return float64(d) / 1e6 }
	return json.Marshal(struct {
		URL               string         `json:"url"`
		Started           time.Time      `json:"started"`
		Orders            int            `json:"orders"`
		Deliveries        int            `json:"deliveries"`
		Updates           int            `json:"updates"`
		Duplicates        int            `json:"duplicates"`
		Concurrency       int            `json:"concurrency"`
		Sent              int            `json:"sent"`
		WallSeconds       float64        `json:"wall_seconds"`
		Accepted          int            `json:"accepted"`
		AcceptedPerSecond float64        `json:"accepted_per_second"`
		Latency           map[string]any `json:"latency_ms"`
		Statuses          map[int]int    `json:"statuses"`
		Errors            int            `json:"errors"`
		ErrorSamples      []string       `json:"error_samples,omitempty"`
		Verified          bool           `json:"verified"`
		VerifyError       string         `json:"verify_error,omitempty"`
		Distinct          int            `json:"distinct"`
		Rows              int            `json:"rows"`
		OrderStatuses     map[string]int `json:"order_statuses,omitempty"`
		OK                bool           `json:"ok"`
		Problems          []string       `json:"problems,omitempty"`
	}{
		r.URL, r.Started, r.Orders, r.Deliveries, r.Updates, r.Duplicates, r.Concurrency,
		r.Sent, r.Wall.Seconds(), r.Accepted, r.AcceptedPerSecond,
		map[string]any{"samples": r.Latency.Samples, "p50": ms(r.Latency.P50),
			"p95": ms(r.Latency.P95), "p99": ms(r.Latency.P99), "max": ms(r.Latency.Max)},
		r.Statuses, r.Errors, r.ErrorSamples, r.Verified, r.VerifyError,
		r.Distinct, r.Rows, r.OrderStatuses, r.OK(), r.Problems(),
	})
}
