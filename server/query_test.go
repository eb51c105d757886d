package server_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/server"
)

// TestServerMalformedQuery: a query string the server cannot read, or a parameter it
// does not know, is 400 invalid_query, never screened with other settings than asked
// (on the old code ?chain=%zz and ?chain=btc;x=1 screened with chain detection, 200).
func TestServerMalformedQuery(t *testing.T) {
	ts := serve(t, newScreener(t))
	addr := ts.URL + "/v1/addresses/" + cleanETH
	for _, c := range []struct{ method, url, body, msg string }{
		{"GET", addr + "?chain=%zz", "", "malformed query string"},
		{"GET", addr + "?chain=btc;x=1", "", "malformed query string"},
		{"GET", addr + "?chian=eth", "", `unknown query parameter "chian"`},
		{"GET", addr + "?chain=eth&chain=btc", "", "given 2 times"},
		{"GET", addr + "?tag=1&dt=1", "", "give one"},
		{"GET", ts.URL + "/api/v1/address/" + cleanETH + "?chain=%zz", "", "malformed query string"},
		{"POST", ts.URL + "/v1/addresses?chain=eth", `["` + cleanETH + `"]`, "takes none"},
		{"POST", ts.URL + "/v1/transactions?x", `{"chain":"bitcoin","hex":"00"}`, "takes none"},
		{"GET", ts.URL + "/v1/lists?verbose=1", "", "takes none"},
	} {
		r := do(t, c.method, c.url, "", c.body)
		wantError(t, r, 400, "invalid_query")
		if e := decode[apiError](t, r); !strings.Contains(e.Error.Message, c.msg) {
			t.Errorf("%s %s: message %q lacks %q", c.method, c.url, e.Error.Message, c.msg)
		}
	}
	// Well-formed queries still work; the ops endpoints do not look at theirs.
	for _, u := range []string{addr + "?chain=eth", addr + "?chain=ethereum&tag=", addr, ts.URL + "/healthz?probe=1"} {
		if r := do(t, "GET", u, "", ""); r.code != 200 {
			t.Errorf("%s: %d %s", u, r.code, r.body)
		}
	}
	// Authentication comes first: a client without the token learns nothing of the API.
	auth := serve(t, newScreener(t), server.WithToken("s3cret"))
	wantError(t, do(t, "GET", auth.URL+"/v1/addresses/"+cleanETH+"?chain=%zz", "", ""), 401, "unauthorized")
}

// TestServerListsHidePaths: /v1/lists shows no file path of the server, neither in the
// lists' "location" nor in the refresher's "last_error" (a real failed refresh of a
// missing file). Fails on the old code, which showed both.
func TestServerListsHidePaths(t *testing.T) {
	// A list read from a file (the embedded one has no path to hide).
	s, err := screen.New([]*sanctions.List{loadExcerpt(t)}, screen.WithLogger(discard))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	missing := filepath.Join(dir, "secret-dir", "sdn.xml")
	r := screen.NewRefresher(s, func(ctx context.Context) ([]*sanctions.List, error) {
		l, err := sanctions.Open(ctx, missing)
		if err != nil {
			return nil, err
		}
		return []*sanctions.List{l}, nil
	}, 0, screen.WithRefreshLogger(discard))
	defer r.Stop()
	if err := r.Trigger(context.Background()); err == nil || !strings.Contains(err.Error(), missing) {
		t.Fatalf("the refresh error should name the file (the test's premise): %v", err)
	}
	excerptDir := filepath.Dir(s.Lists()[0].Location)
	if excerptDir == "." || excerptDir == "" {
		t.Fatalf("the excerpt's location is not a path: %q", s.Lists()[0].Location)
	}

	ts := serve(t, s, server.WithRefreshStatus(func() any { return r.Status() }))
	resp := do(t, "GET", ts.URL+"/v1/lists", "", "")
	if resp.code != 200 {
		t.Fatalf("%d %s", resp.code, resp.body)
	}
	body := string(resp.body)
	for _, secret := range []string{dir, excerptDir, string(os.PathSeparator) + "secret-dir"} {
		if strings.Contains(body, secret) {
			t.Errorf("/v1/lists shows %q: %s", secret, body)
		}
	}
	// What identifies the publication and the failure stays.
	for _, want := range []string{`"sha256":"`, `"published":"2025-11-19"`, `"last_error":"`, "sdn.xml", `"failures":1`} {
		if !strings.Contains(body, want) {
			t.Errorf("/v1/lists lacks %s: %s", want, body)
		}
	}
	lr := decode[server.ListsResponse](t, resp)
	for _, l := range lr.Lists {
		if l.Location != "" {
			t.Errorf("location %q", l.Location)
		}
	}
}
