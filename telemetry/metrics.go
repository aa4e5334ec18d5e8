package telemetry

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics are Ordo's Prometheus metrics, on a registry of their own.
type Metrics struct {
	Registry *prometheus.Registry

	// Requests counts HTTP requests by route and status code.
	Requests *prometheus.CounterVec
	// Latency observes HTTP request durations by route.
	Latency *prometheus.HistogramVec
	// Duplicates counts deliveries that were de-duplicated, by channel.
	Duplicates *prometheus.CounterVec
	// Unverified counts deliveries refused for their signature, by channel.
	Unverified *prometheus.CounterVec
	// Quarantined counts deliveries that could not be read, by source.
	Quarantined *prometheus.CounterVec
	// Ingested counts order reports by channel and outcome.
	Ingested *prometheus.CounterVec
}

// NewMetrics registers Ordo's metrics and the Go runtime's. jobs, when not
// nil, is asked at each scrape for the number of jobs in each state.
func NewMetrics(jobs func(context.Context) (map[string]int64, error)) *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		Requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ordo_http_requests_total", Help: "HTTP requests by route and status code.",
		}, []string{"route", "code"}),
		Latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "ordo_http_request_duration_seconds",
			Help:    "HTTP request durations by route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
		Duplicates: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ordo_duplicates_suppressed_total",
			Help: "Deliveries recognised as duplicates and not applied again, by channel.",
		}, []string{"channel"}),
		Unverified: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ordo_webhook_signature_failures_total",
			Help: "Webhook deliveries refused for a missing or forged signature, by channel.",
		}, []string{"channel"}),
		Quarantined: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ordo_quarantined_total",
			Help: "Deliveries that could not be read and were quarantined, by source.",
		}, []string{"source"}),
		Ingested: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ordo_order_reports_total",
			Help: "Order reports recorded, by channel and outcome.",
		}, []string{"channel", "outcome"}),
	}
	m.Registry.MustRegister(m.Requests, m.Latency, m.Duplicates, m.Unverified,
		m.Quarantined, m.Ingested,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if jobs != nil {
		m.Count("ordo_jobs", "Jobs in the queue by state.", "state", jobs)
	}
	return m
}

// Channels starts every per-channel series at zero for the given channel
// ids, so that rates and alerts see 0 rather than no data before the first
// event. outcomes are the values the Ingested counter's outcome takes.
func (m *Metrics) Channels(ids, outcomes []string) {
	for _, id := range ids {
		m.Duplicates.WithLabelValues(id)
		m.Unverified.WithLabelValues(id)
		m.Quarantined.WithLabelValues(id)
		for _, o := range outcomes {
			m.Ingested.WithLabelValues(id, o)
		}
	}
}

// Count registers a gauge called name, with one label, whose values count
// reads at scrape time, such as rows in the database by state.
func (m *Metrics) Count(name, help, label string,
	count func(context.Context) (map[string]int64, error)) {
	m.Registry.MustRegister(countCollector{
		desc: prometheus.NewDesc(name, help, []string{label}, nil), count: count})
}

// countCollector reads counts at scrape time.
type countCollector struct {
	desc  *prometheus.Desc
	count func(context.Context) (map[string]int64, error)
}

func (c countCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c countCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	counts, err := c.count(ctx)
	if err != nil {
		slog.Warn("count for metrics", "metric", c.desc.String(), "error", err)
		ch <- prometheus.NewInvalidMetric(c.desc, err)
		return
	}
	for label, n := range counts {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(n), label)
	}
}

// Sum returns the sum over all labels of the counter or gauge called name,
// as a scrape of the registry would show it; zero when there is none.
func (m *Metrics) Sum(name string) float64 {
	// Gather returns what it could gather along with the error of what it
	// could not, such as a failed job count; the rest still adds up.
	families, _ := m.Registry.Gather()
	var sum float64
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, metric := range f.GetMetric() {
			sum += metric.GetCounter().GetValue() + metric.GetGauge().GetValue()
		}
	}
	return sum
}
