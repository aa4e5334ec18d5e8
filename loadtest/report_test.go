package loadtest

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestSummarize(t *testing.T) {
	ms := time.Millisecond
	hundred := make([]time.Duration, 100)
	for i := range hundred {
		hundred[i] = time.Duration(i+1) * ms
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(hundred), func(i, j int) {
		hundred[i], hundred[j] = hundred[j], hundred[i]
	})
	for _, c := range []struct {
		name    string
		samples []time.Duration
		want    Latency
	}{
		{"none", nil, Latency{}},
		{"one", []time.Duration{7 * ms}, Latency{1, 7 * ms, 7 * ms, 7 * ms, 7 * ms}},
		{"three", []time.Duration{30 * ms, 10 * ms, 20 * ms},
			Latency{3, 20 * ms, 30 * ms, 30 * ms, 30 * ms}},
		{"one to a hundred", hundred, Latency{100, 50 * ms, 95 * ms, 99 * ms, 100 * ms}},
		{"a slow one in a thousand", slowOne(1000), Latency{1000, ms, ms, ms, time.Second}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.want, summarize(c.samples)); diff != "" {
				t.Errorf("summarize (-want +got):\n%s", diff)
			}
		})
	}
}

// slowOne returns n samples of 1 ms but one of a second.
func slowOne(n int) []time.Duration {
	s := make([]time.Duration, n)
	for i := range s {
		s[i] = time.Millisecond
	}
	s[n/2] = time.Second
	return s
}

func testReport() *Report {
	return &Report{
		URL:         "http://ordo.test",
		Started:     time.Date(2026, 7, 1, 10, 0, 0, 0, time.UTC),
		Orders:      100,
		Deliveries:  118,
		Updates:     8,
		Duplicates:  10,
		Concurrency: 4,
		Sent:        118,
		Wall:        2 * time.Second,
		Accepted:    118,

		AcceptedPerSecond: 59,
		Latency: Latency{Samples: 118, P50: 3210 * time.Microsecond,
			P95: 8404 * time.Microsecond, P99: 12 * time.Millisecond,
			Max: 20555 * time.Microsecond},
		Statuses:      map[int]int{200: 110, 202: 8},
		Verified:      true,
		Distinct:      100,
		Rows:          100,
		OrderStatuses: map[string]int{"received": 98, "on_hold": 2},
	}
}

func TestReportWrite(t *testing.T) {
	var b strings.Builder
	if err := testReport().Write(&b); err != nil {
		t.Fatal(err)
	}
	want := `loadtest of http://ordo.test, started 2026-07-01T10:00:00Z
  sent        118 of 118 deliveries: 100 orders, 8 payments, 10 duplicates; concurrency 4
  throughput  118 accepted in 2.00 s: 59.00 accepted/s
  latency     p50 3.21 ms, p95 8.40 ms, p99 12.00 ms, max 20.55 ms over 118 responses
  statuses    200: 110, 202: 8
  orders      100 distinct of 100, in 100 rows; on_hold: 2, received: 98
  result      ok
`
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("Write (-want +got):\n%s", diff)
	}
}

func TestReportProblems(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(r *Report)
		want   string
	}{
		{"not 2xx", func(r *Report) { r.Accepted -= 3; r.Statuses[503] = 3; r.Statuses[200] -= 3 },
			"FAILED: 3 responses were not 2xx"},
		{"no response", func(r *Report) {
			r.Accepted--
			r.Statuses[200]--
			r.Errors, r.ErrorSamples = 1, []string{"connection refused"}
		}, "FAILED: 1 request got no response"},
		{"missing orders", func(r *Report) { r.Distinct, r.Rows = 97, 97 },
			"FAILED: Ordo lists 97 of the 100 orders"},
		{"orders twice", func(r *Report) { r.Rows = 102 },
			"FAILED: Ordo lists 2 duplicate orders"},
		{"not counted", func(r *Report) { r.Verified, r.VerifyError = false, "no API token" },
			"NOT VERIFIED"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := testReport()
			c.change(r)
			var b strings.Builder
			r.Write(&b)
			if r.OK() || !strings.Contains(b.String(), "result      "+c.want) {
				t.Errorf("OK() = %v; report:\n%s", r.OK(), b.String())
			}
		})
	}
}

func TestReportJSON(t *testing.T) {
	data, err := json.Marshal(testReport())
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		OK        bool               `json:"ok"`
		Latency   map[string]float64 `json:"latency_ms"`
		Statuses  map[string]int     `json:"statuses"`
		PerSecond float64            `json:"accepted_per_second"`
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if !got.OK || got.Latency["p95"] != 8.404 || got.Statuses["202"] != 8 || got.PerSecond != 59 {
		t.Errorf("JSON report: %s", data)
	}
}
