package telemetry_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/telemetry"
)

// series maps a metric family's series, named by their label values in
// label order joined with "/", to their value.
type series map[string]float64

// gather returns the series of the named family in a scrape of m, and the
// error the scrape reported.
func gather(t testing.TB, m *telemetry.Metrics, name string) (series, error) {
	t.Helper()
	families, err := m.Registry.Gather()
	out := series{}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, metric := range f.GetMetric() {
			var vs []string
			for _, l := range metric.GetLabel() {
				vs = append(vs, l.GetValue())
			}
			out[strings.Join(vs, "/")] = metric.GetCounter().GetValue() +
				metric.GetGauge().GetValue()
		}
	}
	return out, err
}

// mustGather returns the series of the named family, failing the test when
// the scrape reports an error.
func mustGather(t testing.TB, m *telemetry.Metrics, name string) series {
	t.Helper()
	s, err := gather(t, m, name)
	if err != nil {
		t.Fatalf("gather: %v", err)
	}
	return s
}

func TestMetricsChannels(t *testing.T) {
	m := telemetry.NewMetrics(nil)
	m.Channels([]string{"api", "shop"}, []string{"created", "updated"})

	t.Run("every per-channel series exists at zero", func(t *testing.T) {
		perChannel := series{"api": 0, "shop": 0}
		want := map[string]series{
			"ordo_duplicates_suppressed_total":      perChannel,
			"ordo_webhook_signature_failures_total": perChannel,
			"ordo_quarantined_total":                perChannel,
			"ordo_order_reports_total": {"api/created": 0, "api/updated": 0,
				"shop/created": 0, "shop/updated": 0},
		}
		for name, w := range want {
			if diff := cmp.Diff(w, mustGather(t, m, name)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", name, diff)
			}
		}
	})

	t.Run("counting keeps the other series at zero", func(t *testing.T) {
		m.Duplicates.WithLabelValues("shop").Inc()
		want := series{"api": 0, "shop": 1}
		if diff := cmp.Diff(want, mustGather(t, m, "ordo_duplicates_suppressed_total")); diff != "" {
			t.Errorf("ordo_duplicates_suppressed_total (-want +got):\n%s", diff)
		}
	})

	t.Run("no channels start no series", func(t *testing.T) {
		m := telemetry.NewMetrics(nil)
		m.Channels(nil, []string{"created"})
		if got := mustGather(t, m, "ordo_order_reports_total"); len(got) != 0 {
			t.Errorf("ordo_order_reports_total has series %v, want none", got)
		}
	})
}

func TestMetricsSum(t *testing.T) {
	jobs := func(context.Context) (map[string]int64, error) {
		return map[string]int64{"available": 2, "completed": 5}, nil
	}
	m := telemetry.NewMetrics(jobs)
	m.Channels([]string{"api", "shop"}, []string{"created", "updated"})
	m.Ingested.WithLabelValues("shop", "created").Add(3)
	m.Ingested.WithLabelValues("api", "updated").Inc()
	m.Ingested.WithLabelValues("pos", "created").Inc()
	m.Latency.WithLabelValues("/orders").Observe(0.2)

	tests := []struct {
		name   string
		metric string
		want   float64
	}{
		{"a counter is summed over every label", "ordo_order_reports_total", 5},
		{"a counter at zero sums to zero", "ordo_duplicates_suppressed_total", 0},
		{"a gauge is summed over every label", "ordo_jobs", 7},
		{"a metric that does not exist is zero", "ordo_nothing_total", 0},
		{"a histogram is neither counter nor gauge, so zero",
			"ordo_http_request_duration_seconds", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := m.Sum(tt.metric); got != tt.want {
				t.Errorf("Sum(%q) = %v, want %v", tt.metric, got, tt.want)
			}
		})
	}
}

func TestMetricsJobs(t *testing.T) {
	t.Run("job counts are reported by state", func(t *testing.T) {
		calls := 0
		m := telemetry.NewMetrics(func(ctx context.Context) (map[string]int64, error) {
			calls++
			if _, ok := ctx.Deadline(); !ok {
				t.Error("jobs counted without a deadline")
			}
			return map[string]int64{"available": 3, "discarded": 1}, nil
		})
		want := series{"available": 3, "discarded": 1}
		if diff := cmp.Diff(want, mustGather(t, m, "ordo_jobs")); diff != "" {
			t.Errorf("ordo_jobs (-want +got):\n%s", diff)
		}
		mustGather(t, m, "ordo_jobs")
		if calls != 2 {
			t.Errorf("jobs counted %d times for 2 scrapes, want 2", calls)
		}
	})

	t.Run("a failed count makes the scrape fail", func(t *testing.T) {
		m := telemetry.NewMetrics(func(context.Context) (map[string]int64, error) {
			return nil, errors.New("database is down")
		})
		got, err := gather(t, m, "ordo_jobs")
		if err == nil || !strings.Contains(err.Error(), "database is down") {
			t.Errorf("gather: error %v, want the count's error", err)
		}
		if len(got) != 0 {
			t.Errorf("ordo_jobs has series %v after a failed count, want none", got)
		}
	})

	t.Run("no function means no job metric", func(t *testing.T) {
		m := telemetry.NewMetrics(nil)
		families, err := m.Registry.Gather()
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range families {
			if f.GetName() == "ordo_jobs" {
				t.Errorf("ordo_jobs is reported without a count function")
			}
		}
	})
}
