package server

import (
	"context"
	"math"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// latencyBounds are the upper bounds (seconds) of the request latency histogram.
var latencyBounds = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}

const unmatchedRoute = "unmatched"

// Kinds of screened objects, for the screening counters.
const (
	kindAddress = iota
	kindTransaction
	numKinds
)

var kindNames = [numKinds]string{"address", "transaction"}

// metrics are the server's Prometheus metrics, in a registry of its own (several
// Servers in one process do not collide). The route table is built once, before
// serving, and only read afterwards.
type metrics struct {
	reg        *prometheus.Registry
	routes     map[string]bool
	requests   *prometheus.CounterVec
	latency    *prometheus.HistogramVec
	screened   [numKinds]prometheus.Counter
	sanctioned [numKinds]prometheus.Counter
	hits       [numKinds]prometheus.Counter
	handler    http.Handler
}

func newMetrics(s *Server) *metrics {
	m := &metrics{reg: prometheus.NewRegistry(), routes: map[string]bool{}}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "chainscreen_http_requests_total",
		Help: "HTTP requests by route pattern and status code.",
	}, []string{"route", "code"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "chainscreen_http_request_duration_seconds",
		Help:    "HTTP request latency by route pattern.",
		Buckets: latencyBounds,
	}, []string{"route"})
	screened := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "chainscreen_screened_total",
		Help: "Addresses and transactions screened.",
	}, []string{"kind"})
	sanctioned := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "chainscreen_sanctioned_total",
		Help: "Screened addresses and transactions with at least one sanctions hit.",
	}, []string{"kind"})
	hits := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "chainscreen_hits_total",
		Help: "Sanctions hits returned (one per listed value and party).",
	}, []string{"kind"})
	for k := range numKinds {
		// Every kind is exported from the start, at 0.
		m.screened[k] = screened.WithLabelValues(kindNames[k])
		m.sanctioned[k] = sanctioned.WithLabelValues(kindNames[k])
		m.hits[k] = hits.WithLabelValues(kindNames[k])
	}
	m.reg.MustRegister(m.requests, m.latency, screened, sanctioned, hits, &stateCollector{s: s},
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.handler = promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
	m.route(unmatchedRoute)
	return m
}

// route adds a route pattern (its latency series exists from the start).
func (m *metrics) route(pattern string) {
	m.routes[pattern] = true
	m.latency.WithLabelValues(pattern)
}

func (m *metrics) observe(pattern string, code int, d time.Duration) {
	if !m.routes[pattern] {
		pattern = unmatchedRoute
	}
	m.requests.WithLabelValues(pattern, strconv.Itoa(code)).Inc()
	m.latency.WithLabelValues(pattern).Observe(d.Seconds())
}

// result counts one screened object and its hits.
func (m *metrics) result(kind, hits int) {
	m.screened[kind].Inc()
	if hits > 0 {
		m.sanctioned[kind].Inc()
		m.hits[kind].Add(float64(hits))
	}
}

// serveMetrics: GET /metrics, the Prometheus exposition format (promhttp negotiates the
// format with the scraper; the text format by default).
func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	s.metrics.handler.ServeHTTP(w, r)
}

// Descriptions of the metrics computed at scrape time.
var (
	listLabels    = []string{"source", "published", "sha256"}
	descLists     = prometheus.NewDesc("chainscreen_lists_loaded", "Sanctions lists in service.", nil, nil)
	descPublished = prometheus.NewDesc("chainscreen_list_published_timestamp_seconds",
		"Date of issue of each list in service (Unix time).", listLabels, nil)
	descAge = prometheus.NewDesc("chainscreen_list_age_seconds",
		"Time since the date of issue of each list in service.", listLabels, nil)
	descLoaded = prometheus.NewDesc("chainscreen_list_loaded_timestamp_seconds",
		"When each list in service was read (Unix time).", listLabels, nil)
	descReady = prometheus.NewDesc("chainscreen_ready",
		"1 when a list is loaded and not older than the maximum age (as /readyz).", nil, nil)
	descInFlight = prometheus.NewDesc("chainscreen_http_in_flight_requests",
		"Requests being served (ops endpoints excluded).", nil, nil)
	descInFlightBytes = prometheus.NewDesc("chainscreen_http_in_flight_bytes",
		"Request body bytes reserved by the requests being served.", nil, nil)
	descRejected = prometheus.NewDesc("chainscreen_http_rejected_total",
		"Requests refused at admission, by reason (requests or bytes in flight: 503; too_large: 413).",
		[]string{"reason"}, nil)
)

// stateCollector exports the state of the Server at scrape time: the lists in service,
// readiness and the admission limiter.
type stateCollector struct{ s *Server }

// Describe implements prometheus.Collector.
func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descLists, descPublished, descAge, descLoaded, descReady,
		descInFlight, descInFlightBytes, descRejected} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.s
	now := s.cfg.now()
	var seen [][3]string
	if scr := s.scr.Load(); scr != nil {
		for _, li := range scr.Lists() {
			lv := [3]string{li.Source, li.Published, li.SHA256}
			if slices.Contains(seen, lv) {
				continue
			}
			seen = append(seen, lv)
			pub, age, loaded := math.NaN(), math.NaN(), math.NaN()
			if p, ok := published(li); ok {
				pub, age = float64(p.Unix()), now.Sub(p).Seconds()
			}
			if !li.LoadedAt.IsZero() {
				loaded = float64(li.LoadedAt.Unix())
			}
			ch <- prometheus.MustNewConstMetric(descPublished, prometheus.GaugeValue, pub, lv[:]...)
			ch <- prometheus.MustNewConstMetric(descAge, prometheus.GaugeValue, age, lv[:]...)
			ch <- prometheus.MustNewConstMetric(descLoaded, prometheus.GaugeValue, loaded, lv[:]...)
		}
	}
	ch <- prometheus.MustNewConstMetric(descLists, prometheus.GaugeValue, float64(len(seen)))
	ready := 1.0
	if reason, _ := s.readiness(context.Background()); reason != "" {
		ready = 0
	}
	ch <- prometheus.MustNewConstMetric(descReady, prometheus.GaugeValue, ready)
	if l := s.limits; l != nil {
		reqs, bytes := l.inFlight()
		ch <- prometheus.MustNewConstMetric(descInFlight, prometheus.GaugeValue, float64(reqs))
		ch <- prometheus.MustNewConstMetric(descInFlightBytes, prometheus.GaugeValue, float64(bytes))
		for reason, n := range l.rejects() {
			ch <- prometheus.MustNewConstMetric(descRejected, prometheus.CounterValue, float64(n), reason)
		}
	}
}
