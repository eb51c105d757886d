package server_test

import (
	"net/http/httptest"
	"testing"

	"github.com/chainscreen/chainscreen/server"
)

// TestServerOptionsNilSafe: nil or zero arguments to the With* options keep the
// defaults; a nil Option is skipped.
func TestServerOptionsNilSafe(t *testing.T) {
	for name, opt := range map[string]server.Option{
		"WithLogger(nil)":          server.WithLogger(nil),
		"WithClock(nil)":           server.WithClock(nil),
		"WithRefreshStatus(nil)":   server.WithRefreshStatus(nil),
		"WithMaxInFlight(0)":       server.WithMaxInFlight(0),
		"WithMaxInFlightBytes(-1)": server.WithMaxInFlightBytes(-1),
		"WithMaxBodyBytes(0)":      server.WithMaxBodyBytes(0),
		"WithMaxBatch(0)":          server.WithMaxBatch(0),
		"nil Option":               nil,
	} {
		t.Run(name, func(t *testing.T) {
			ts := httptest.NewServer(server.New(newScreener(t), opt))
			defer ts.Close()
			for _, u := range []string{"/v1/addresses/" + cleanETH, "/v1/lists", "/readyz", "/metrics"} {
				if r := do(t, "GET", ts.URL+u, "", ""); r.code != 200 {
					t.Errorf("%s: %d %s", u, r.code, r.body)
				}
			}
			if r := do(t, "POST", ts.URL+"/v1/addresses", "", `["`+cleanETH+`"]`); r.code != 200 {
				t.Errorf("batch: %d %s", r.code, r.body)
			}
		})
	}
}
