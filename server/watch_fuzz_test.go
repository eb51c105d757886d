package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chainscreen/chainscreen/monitor"
	"github.com/chainscreen/chainscreen/server"
)

// FuzzWatchBody: any POST /v1/watch body is answered 200, 400 or 413, never a panic or a
// 5xx, and all or nothing: a refused body registers nothing, an accepted one registers
// exactly the addresses it names (seeds: real listed addresses of several chains,
// wrong checksums, wrong chains, malformed JSON).
func FuzzWatchBody(f *testing.F) {
	for _, s := range []string{
		`{"address":"0x098B716B8Aaf21512996dC57EB0615e2383E2f96","label":"c1"}`,
		`[{"address":"bc1q05aktddf9ce4p7hh3stgsf253m4vweu7nkhtmw"},{"address":"0x098b716b8aaf21512996dc57eb0615e2383e2f96","chain":"tron"}]`,
		`[{"address":"0x098b716B8Aaf21512996dC57EB0615e2383E2f96"}]`,
		`[{"address":"0x098B716B8Aaf21512996dC57EB0615e2383E2f96"},{"address":"0x123"}]`,
		`{"address":"TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE","chain":"trx"}`,
		`{"address":"rG1QQv2nh2gr7RCZ1P8YYcBUKCCN633jCn","chain":"xrp","label":"x"}`,
		`{"address":null}`, `[]`, `[{}]`, `{"address":"x","extra":1}`, `[1,2]`, `{`, `"0x1"`, ``,
	} {
		f.Add(s)
	}
	scr := newScreener(f)
	f.Fuzz(func(t *testing.T, body string) {
		m := monitor.New(monitor.NewMemoryStore(), monitor.WithLogger(discard))
		h := server.New(scr, server.WithLogger(discard), server.WithMonitor(m), server.WithMaxBatch(16))
		req := httptest.NewRequestWithContext(context.Background(), http.MethodPost, "/v1/watch", strings.NewReader(body))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		regs, err := m.List(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		switch rec.Code {
		case http.StatusOK:
			var resp server.WatchResponse
			if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
				t.Fatalf("200 with a body that does not decode: %v", err)
			}
			if len(resp.Registrations) == 0 {
				t.Fatalf("200 without a registration for %q", body)
			}
			ids := map[string]bool{}
			for _, r := range resp.Registrations {
				ids[r.ID] = true
			}
			if len(regs) != len(ids) {
				t.Fatalf("answered %d registrations (%d IDs), stored %d", len(resp.Registrations), len(ids), len(regs))
			}
			for _, r := range regs {
				if !ids[r.ID] {
					t.Fatalf("stored %s, which the answer does not name", r.ID)
				}
			}
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
			if len(regs) != 0 {
				t.Fatalf("answered %d for %q but registered %d addresses", rec.Code, body, len(regs))
			}
			if !strings.Contains(rec.Body.String(), `"error"`) {
				t.Fatalf("a %d without a JSON error: %s", rec.Code, rec.Body)
			}
		default:
			t.Fatalf("POST /v1/watch %q: %d %s", body, rec.Code, rec.Body)
		}
	})
}
