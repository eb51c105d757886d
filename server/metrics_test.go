package server_test

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// families are the metric families of one scrape of /metrics, parsed by Prometheus's
// own text parser (what a Prometheus server ingests).
type families map[string]*dto.MetricFamily

// scrape GETs /metrics and parses it; a body the parser refuses fails the test.
func scrape(t testing.TB, base string) families {
	t.Helper()
	r := do(t, "GET", base+"/metrics", "", "")
	if r.code != 200 {
		t.Fatalf("/metrics: %d %s", r.code, r.body)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Fatalf("/metrics Content-Type %q", ct)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(bytes.NewReader(r.body))
	if err != nil {
		t.Fatalf("parsing /metrics: %v\n%s", err, r.body)
	}
	return fams
}

// metric returns the sample of family name whose labels include the given name/value
// pairs (nil when there is none).
func (f families) metric(name string, labels ...string) *dto.Metric {
	fam := f[name]
	if fam == nil {
		return nil
	}
next:
	for _, m := range fam.GetMetric() {
		for i := 0; i+1 < len(labels); i += 2 {
			found := false
			for _, lp := range m.GetLabel() {
				if lp.GetName() == labels[i] && lp.GetValue() == labels[i+1] {
					found = true
				}
			}
			if !found {
				continue next
			}
		}
		return m
	}
	return nil
}

// value returns the value of a counter or gauge sample (NaN when absent).
func (f families) value(t testing.TB, name string, labels ...string) float64 {
	t.Helper()
	m := f.metric(name, labels...)
	switch {
	case m == nil:
		return math.NaN()
	case m.Counter != nil:
		return m.Counter.GetValue()
	case m.Gauge != nil:
		return m.Gauge.GetValue()
	case m.Untyped != nil:
		return m.Untyped.GetValue()
	}
	t.Fatalf("%s %v: not a counter or gauge", name, labels)
	return 0
}

// TestServerMetrics scrapes /metrics with Prometheus's parser: the request counters and
// latency histogram per route pattern, the screening counters, and the gauges of the list
// in service, under the metric names the server has always exported.
func TestServerMetrics(t *testing.T) {
	s := newScreener(t)
	ts := serve(t, s)
	listed := listedOn(t, s, "ETH")
	do(t, "GET", ts.URL+"/v1/addresses/"+listed, "", "")
	do(t, "GET", ts.URL+"/v1/addresses/"+cleanETH, "", "")
	do(t, "GET", ts.URL+"/nowhere", "", "")
	f := scrape(t, ts.URL)

	const route = "GET /v1/addresses/{address}"
	for _, c := range []struct {
		name   string
		labels []string
		want   float64
	}{
		{"chainscreen_http_requests_total", []string{"route", route, "code", "200"}, 2},
		{"chainscreen_http_requests_total", []string{"route", "unmatched", "code", "404"}, 1},
		{"chainscreen_screened_total", []string{"kind", "address"}, 2},
		{"chainscreen_sanctioned_total", []string{"kind", "address"}, 1},
		{"chainscreen_screened_total", []string{"kind", "transaction"}, 0},
		{"chainscreen_lists_loaded", nil, 1},
		{"chainscreen_ready", nil, 1},
		{"chainscreen_http_in_flight_requests", nil, 0},
		{"chainscreen_http_rejected_total", []string{"reason", "requests"}, 0},
		{"chainscreen_list_published_timestamp_seconds", []string{"source", "OFAC SDN", "published", "2025-11-19"},
			float64(time.Date(2025, 11, 19, 0, 0, 0, 0, time.UTC).Unix())},
	} {
		if got := f.value(t, c.name, c.labels...); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	if hits := f.value(t, "chainscreen_hits_total", "kind", "address"); !(hits >= 1) {
		t.Errorf("hits_total %v, want >= 1", hits)
	}
	if age := f.value(t, "chainscreen_list_age_seconds", "source", "OFAC SDN"); !(age > 0) {
		t.Errorf("list age %v", age)
	}
	if m := f.metric("chainscreen_list_published_timestamp_seconds", "source", "OFAC SDN"); m == nil {
		t.Error("no published gauge")
	} else if sha := labelOf(m, "sha256"); len(sha) != 64 {
		t.Errorf("sha256 label %q", sha)
	}

	fam := f["chainscreen_http_request_duration_seconds"]
	if fam.GetType() != dto.MetricType_HISTOGRAM {
		t.Fatalf("duration type %v", fam.GetType())
	}
	h := f.metric("chainscreen_http_request_duration_seconds", "route", route).GetHistogram()
	if h.GetSampleCount() != 2 || /* 13 bounds and +Inf */ len(h.GetBucket()) != 14 || h.GetSampleSum() <= 0 {
		t.Errorf("histogram: count %d, %d buckets, sum %v", h.GetSampleCount(), len(h.GetBucket()), h.GetSampleSum())
	}
	// Routes not yet requested have their (empty) series from the start.
	if h := f.metric("chainscreen_http_request_duration_seconds", "route", "POST /v1/transactions"); h == nil {
		t.Error("no latency series for an unrequested route")
	}
	// The process collector: RSS is exported (the number docs/RELIABILITY.md watches).
	if rss := f.value(t, "process_resident_memory_bytes"); !(rss > 0) {
		t.Errorf("process_resident_memory_bytes %v", rss)
	}
}

func labelOf(m *dto.Metric, name string) string {
	for _, lp := range m.GetLabel() {
		if lp.GetName() == name {
			return lp.GetValue()
		}
	}
	return ""
}
