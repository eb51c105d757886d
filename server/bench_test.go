package server_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/server"
)

// BenchmarkHTTPAddressHit measures GET /v1/addresses/{address} for a listed address
// through a loopback server, with parallel keep-alive clients in the same process
// (client and server share the CPUs). It reports req/s, the p99 latency and the CPU
// time per request (client and server together).
func BenchmarkHTTPAddressHit(b *testing.B) {
	s := newScreener(b)
	benchHTTP(b, server.New(s, server.WithLogger(discard)), "/v1/addresses/"+listedOn(b, s, "ETH"))
}

// BenchmarkHTTPAddressMiss is BenchmarkHTTPAddressHit for an address on no list.
func BenchmarkHTTPAddressMiss(b *testing.B) {
	benchHTTP(b, server.New(newScreener(b), server.WithLogger(discard)), "/v1/addresses/"+cleanETH)
}

func benchHTTP(b *testing.B, h http.Handler, path string) {
	ts := httptest.NewServer(h)
	defer ts.Close()
	const clientsPerCPU = 4
	tr := &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256, IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	url := ts.URL + path

	var (
		mu  sync.Mutex
		all []time.Duration
	)
	b.SetParallelism(clientsPerCPU)
	b.ReportAllocs()
	b.ResetTimer()
	start, cpu0 := time.Now(), processCPU()
	b.RunParallel(func(pb *testing.PB) {
		lat := make([]time.Duration, 0, 1024)
		req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
		if err != nil {
			b.Error(err)
			return
		}
		for pb.Next() {
			t0 := time.Now()
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
			lat = append(lat, time.Since(t0))
		}
		mu.Lock()
		all = append(all, lat...)
		mu.Unlock()
	})
	elapsed, cpu := time.Since(start), processCPU()-cpu0
	b.StopTimer()
	if len(all) == 0 {
		return
	}
	slices.Sort(all)
	p99 := all[(len(all)*99)/100]
	if len(all)*99/100 >= len(all) {
		p99 = all[len(all)-1]
	}
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
	if cpu > 0 {
		// CPU time of client and server together per request: on a shared machine
		// this says more than req/s (2 idle cores serve about 2e6/(cpu-µs/req) req/s).
		b.ReportMetric(float64(cpu.Microseconds())/float64(len(all)), "cpu-µs/req")
	}
}

// BenchmarkHandlerAddressHit measures the handler alone (no network): routing,
// screening, JSON encoding, metrics; the server-side cost of one request.
func BenchmarkHandlerAddressHit(b *testing.B) {
	s := newScreener(b)
	h := server.New(s, server.WithLogger(discard))
	path := "/v1/addresses/" + listedOn(b, s, "ETH")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		// One request per goroutine: the mux writes the route pattern into it.
		req := httptest.NewRequest(http.MethodGet, path, nil)
		for pb.Next() {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != http.StatusOK {
				b.Errorf("status %d", w.Code)
				return
			}
		}
	})
}
