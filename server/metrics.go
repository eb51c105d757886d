package server

import (
	"bytes"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// latencyBounds are the upper bounds (seconds) of the request latency histogram.
var latencyBounds = [...]float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}

const unmatchedRoute = "unmatched"

// Kinds of screened objects, for the screening counters.
const (
	kindAddress = iota
	kindTransaction
	numKinds
)

var kindNames = [numKinds]string{"address", "transaction"}

// routeStats are the lock-free counters of one route.
type routeStats struct {
	codes   [600]atomic.Uint64
	buckets [len(latencyBounds) + 1]atomic.Uint64 // per bucket, not cumulative; last is +Inf
	count   atomic.Uint64
	sumNs   atomic.Uint64
}

// metrics are the server's counters. The route table is built once, before serving,
// and only read afterwards.
type metrics struct {
	routes     map[string]*routeStats
	screened   [numKinds]atomic.Uint64
	sanctioned [numKinds]atomic.Uint64
	hits       [numKinds]atomic.Uint64
}

func newMetrics() *metrics {
	m := &metrics{routes: map[string]*routeStats{}}
	m.route(unmatchedRoute)
	return m
}

func (m *metrics) route(pattern string) { m.routes[pattern] = &routeStats{} }

func (m *metrics) observe(pattern string, code int, d time.Duration) {
	rs := m.routes[pattern]
	if rs == nil {
		rs = m.routes[unmatchedRoute]
	}
	if code >= 0 && code < len(rs.codes) {
		rs.codes[code].Add(1)
	}
	sec := d.Seconds()
	i := 0
	for i < len(latencyBounds) && sec > latencyBounds[i] {
		i++
	}
	rs.buckets[i].Add(1)
	rs.count.Add(1)
	rs.sumNs.Add(uint64(d.Nanoseconds()))
}

// result counts one screened object and its hits.
func (m *metrics) result(kind, hits int) {
	m.screened[kind].Add(1)
	if hits > 0 {
		m.sanctioned[kind].Add(1)
		m.hits[kind].Add(uint64(hits))
	}
}

// labelValue escapes a Prometheus label value.
func labelValue(s string) string {
	if !strings.ContainsAny(s, "\\\"\n") {
		return s
	}
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// serveMetrics: GET /metrics, the Prometheus text exposition format (version 0.0.4).
func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) {
	var b bytes.Buffer
	m := s.metrics
	names := make([]string, 0, len(m.routes))
	for k := range m.routes {
		names = append(names, k)
	}
	slices.Sort(names)

	b.WriteString("# HELP chainscreen_http_requests_total HTTP requests by route pattern and status code.\n")
	b.WriteString("# TYPE chainscreen_http_requests_total counter\n")
	for _, name := range names {
		rs := m.routes[name]
		for code := range rs.codes {
			if n := rs.codes[code].Load(); n > 0 {
				b.WriteString(`chainscreen_http_requests_total{route="` + labelValue(name) + `",code="` + strconv.Itoa(code) + `"} ` +
					strconv.FormatUint(n, 10) + "\n")
			}
		}
	}

	b.WriteString("# HELP chainscreen_http_request_duration_seconds HTTP request latency by route pattern.\n")
	b.WriteString("# TYPE chainscreen_http_request_duration_seconds histogram\n")
	for _, name := range names {
		rs := m.routes[name]
		lv := labelValue(name)
		var cum uint64
		for i := range rs.buckets {
			cum += rs.buckets[i].Load()
			le := "+Inf"
			if i < len(latencyBounds) {
				le = formatFloat(latencyBounds[i])
			}
			b.WriteString(`chainscreen_http_request_duration_seconds_bucket{route="` + lv + `",le="` + le + `"} ` +
				strconv.FormatUint(cum, 10) + "\n")
		}
		b.WriteString(`chainscreen_http_request_duration_seconds_sum{route="` + lv + `"} ` +
			formatFloat(float64(rs.sumNs.Load())/1e9) + "\n")
		// The count is the +Inf bucket, so that the series agree under concurrent updates.
		b.WriteString(`chainscreen_http_request_duration_seconds_count{route="` + lv + `"} ` +
			strconv.FormatUint(cum, 10) + "\n")
	}

	counter := func(name, help string, vals *[numKinds]atomic.Uint64) {
		b.WriteString("# HELP " + name + " " + help + "\n# TYPE " + name + " counter\n")
		for k := range vals {
			b.WriteString(name + `{kind="` + kindNames[k] + `"} ` + strconv.FormatUint(vals[k].Load(), 10) + "\n")
		}
	}
	counter("chainscreen_screened_total", "Addresses and transactions screened.", &m.screened)
	counter("chainscreen_sanctioned_total", "Screened addresses and transactions with at least one sanctions hit.", &m.sanctioned)
	counter("chainscreen_hits_total", "Sanctions hits returned (one per listed value and party).", &m.hits)

	now := s.cfg.now()
	var lists []string
	type gauge struct{ labels, published, loaded, age string }
	var gs []gauge
	if scr := s.scr.Load(); scr != nil {
		for _, li := range scr.Lists() {
			labels := `source="` + labelValue(li.Source) + `",published="` + labelValue(li.Published) +
				`",sha256="` + labelValue(li.SHA256) + `"`
			if slices.Contains(lists, labels) {
				continue
			}
			lists = append(lists, labels)
			g := gauge{labels: labels, published: "NaN", age: "NaN", loaded: "NaN"}
			if pub, ok := published(li); ok {
				g.published = strconv.FormatInt(pub.Unix(), 10)
				g.age = formatFloat(now.Sub(pub).Seconds())
			}
			if !li.LoadedAt.IsZero() {
				g.loaded = strconv.FormatInt(li.LoadedAt.Unix(), 10)
			}
			gs = append(gs, g)
		}
	}
	b.WriteString("# HELP chainscreen_lists_loaded Sanctions lists in service.\n# TYPE chainscreen_lists_loaded gauge\n")
	b.WriteString("chainscreen_lists_loaded " + strconv.Itoa(len(gs)) + "\n")
	b.WriteString("# HELP chainscreen_list_published_timestamp_seconds Date of issue of each list in service (Unix time).\n")
	b.WriteString("# TYPE chainscreen_list_published_timestamp_seconds gauge\n")
	for _, g := range gs {
		b.WriteString("chainscreen_list_published_timestamp_seconds{" + g.labels + "} " + g.published + "\n")
	}
	b.WriteString("# HELP chainscreen_list_age_seconds Time since the date of issue of each list in service.\n")
	b.WriteString("# TYPE chainscreen_list_age_seconds gauge\n")
	for _, g := range gs {
		b.WriteString("chainscreen_list_age_seconds{" + g.labels + "} " + g.age + "\n")
	}
	b.WriteString("# HELP chainscreen_list_loaded_timestamp_seconds When each list in service was read (Unix time).\n")
	b.WriteString("# TYPE chainscreen_list_loaded_timestamp_seconds gauge\n")
	for _, g := range gs {
		b.WriteString("chainscreen_list_loaded_timestamp_seconds{" + g.labels + "} " + g.loaded + "\n")
	}
	ready := 1
	if reason, _ := s.readiness(r.Context()); reason != "" {
		ready = 0
	}
	b.WriteString("# HELP chainscreen_ready 1 when a list is loaded and not older than the maximum age (as /readyz).\n")
	b.WriteString("# TYPE chainscreen_ready gauge\n")
	b.WriteString("chainscreen_ready " + strconv.Itoa(ready) + "\n")

	h := w.Header()
	h.Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(b.Len()))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b.Bytes())
}
