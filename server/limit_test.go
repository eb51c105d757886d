package server_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/server"
)

// pendingPost starts a POST /v1/addresses whose body never ends until the returned
// finish is called, and waits until the server holds it (the server reads its first
// bytes). finish completes the body and returns the response status.
func pendingPost(t *testing.T, url string, contentLength int64) (finish func() int) {
	t.Helper()
	pr, pw := io.Pipe()
	req, err := http.NewRequestWithContext(context.Background(), "POST", url+"/v1/addresses", pr)
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = contentLength // -1: chunked
	done := make(chan int, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- -1
			return
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		done <- resp.StatusCode
	}()
	first := `["` + cleanETH + `"`
	if _, err := pw.Write([]byte(first)); err != nil { // returns once the handler reads it
		t.Fatal(err)
	}
	rest := "]"
	if contentLength > 0 {
		rest = strings.Repeat(" ", int(contentLength)-len(first)-1) + "]"
	}
	return func() int {
		_, _ = pw.Write([]byte(rest))
		pw.Close()
		select {
		case code := <-done:
			return code
		case <-time.After(10 * time.Second):
			t.Fatal("pending request did not finish")
			return 0
		}
	}
}

// TestServerInFlightLimit: beyond the in-flight request limit a request is refused
// with 503 overloaded and a short Retry-After; the ops endpoints still answer; the slot
// is given back when the request ends. (Fails on the code before server/limit.go:
// nothing was refused.)
func TestServerInFlightLimit(t *testing.T) {
	ts := serve(t, newScreener(t), server.WithMaxInFlight(1))
	finish := pendingPost(t, ts.URL, -1)

	r := do(t, "GET", ts.URL+"/v1/addresses/"+cleanETH, "", "")
	wantError(t, r, 503, "overloaded")
	if got := r.header.Get("Retry-After"); got != "1" {
		t.Errorf("Retry-After %q, want 1", got)
	}
	wantError(t, do(t, "POST", ts.URL+"/v1/addresses", "", `["`+cleanETH+`"]`), 503, "overloaded")
	for _, p := range []string{"/healthz", "/readyz", "/metrics"} {
		if r := do(t, "GET", ts.URL+p, "", ""); r.code != 200 {
			t.Errorf("%s under load: %d %s", p, r.code, r.body)
		}
	}
	if code := finish(); code != 200 {
		t.Fatalf("pending request: %d", code)
	}
	if r := do(t, "GET", ts.URL+"/v1/addresses/"+cleanETH, "", ""); r.code != 200 {
		t.Errorf("after the pending request ended: %d %s", r.code, r.body)
	}
	f := scrape(t, ts.URL)
	for _, c := range []struct {
		name   string
		labels []string
		want   float64
	}{
		{"chainscreen_http_rejected_total", []string{"reason", "requests"}, 2},
		{"chainscreen_http_requests_total", []string{"route", "GET /v1/addresses/{address}", "code", "503"}, 1},
		{"chainscreen_http_requests_total", []string{"route", "POST /v1/addresses", "code", "503"}, 1},
		{"chainscreen_http_in_flight_requests", nil, 0},
	} {
		if got := f.value(t, c.name, c.labels...); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
}

// TestServerInFlightBytes: a request whose body would take the bytes in flight over
// the budget is refused 503; a Content-Length over the body limit is 413 before the body
// is read; a body without a length reserves the whole body limit.
func TestServerInFlightBytes(t *testing.T) {
	const maxBody, budget = 1000, 1500
	ts := serve(t, newScreener(t), server.WithMaxBodyBytes(maxBody), server.WithMaxInFlightBytes(budget))

	r := do(t, "POST", ts.URL+"/v1/addresses", "", `["`+cleanETH+`"]`+strings.Repeat(" ", 2*maxBody))
	wantError(t, r, 413, "body_too_large")

	finish := pendingPost(t, ts.URL, -1) // reserves maxBody
	body := `["` + cleanETH + `"]` + strings.Repeat(" ", 600)
	r = do(t, "POST", ts.URL+"/v1/addresses", "", body)
	wantError(t, r, 503, "overloaded")
	if r.header.Get("Retry-After") != "1" {
		t.Errorf("Retry-After %q", r.header.Get("Retry-After"))
	}
	// A small body still fits, and a GET reserves nothing.
	if r := do(t, "POST", ts.URL+"/v1/addresses", "", `["`+cleanETH+`"]`); r.code != 200 {
		t.Errorf("small body: %d %s", r.code, r.body)
	}
	if r := do(t, "GET", ts.URL+"/v1/addresses/"+cleanETH, "", ""); r.code != 200 {
		t.Errorf("GET: %d %s", r.code, r.body)
	}
	if code := finish(); code != 200 {
		t.Fatalf("pending request: %d", code)
	}
	if r := do(t, "POST", ts.URL+"/v1/addresses", "", body); r.code != 200 {
		t.Errorf("after release: %d %s", r.code, r.body)
	}

	// A budget below the body limit is raised to it: one largest request always fits.
	small := serve(t, newScreener(t), server.WithMaxBodyBytes(maxBody), server.WithMaxInFlightBytes(10))
	if r := do(t, "POST", small.URL+"/v1/addresses", "", body); r.code != 200 {
		t.Errorf("budget below the body limit: %d %s", r.code, r.body)
	}
}
