package server_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/chaincfg"
	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/internal/listtest"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/server"
)

// cleanETH is a well-known address that is not on any sanctions list (EIP-55 checksummed).
const cleanETH = "0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045"

var discard = slog.New(slog.DiscardHandler)

// newScreener builds a Screener over the OFAC publication embedded in the binary (the
// real 2025-11-19b digital-currency features), so that the server's tests run on every
// clone, with or without ../shared/data.
func newScreener(t testing.TB, opts ...screen.Option) *screen.Screener {
	t.Helper()
	l := listtest.Embedded(t)
	s, err := screen.New([]*sanctions.List{l}, append([]screen.Option{screen.WithLogger(discard)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// serve starts the handler on a loopback httptest server.
func serve(t testing.TB, s *screen.Screener, opts ...server.Option) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(server.New(s, append([]server.Option{server.WithLogger(discard)}, opts...)...))
	t.Cleanup(ts.Close)
	return ts
}

// listedOn returns a value the embedded publication lists under ticker that the
// screener reports SANCTIONED. The values are the list's own: these tests are about the
// server; the readers are checked against independent extractions in package sanctions.
func listedOn(t testing.TB, s *screen.Screener, ticker string) string {
	t.Helper()
	for _, a := range listtest.Embedded(t).Addresses {
		if a.Ticker != ticker {
			continue
		}
		r, err := s.ScreenAddress(context.Background(), a.Value)
		if err != nil {
			t.Fatal(err)
		}
		if r.Has(screen.FlagSanctioned) {
			return a.Value
		}
	}
	t.Fatalf("no %s value of the lists screens SANCTIONED", ticker)
	return ""
}

type response struct {
	code   int
	header http.Header
	body   []byte
}

func do(t testing.TB, method, url, token, body string, hdr ...string) response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{code: resp.StatusCode, header: resp.Header, body: b}
}

func decode[T any](t testing.TB, r response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("decoding %s: %v", r.body, err)
	}
	return v
}

// result and txResult decode the JSON of screen.Result and screen.TxResult (the
// severity is encoded as its name; screen.Severity has no UnmarshalText).
type result struct {
	screen.Result
	Severity string `json:"severity"`
}

type txResult struct {
	screen.TxResult
	Severity string `json:"severity"`
}

type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// wantError checks a JSON error response.
func wantError(t testing.TB, r response, status int, code string) {
	t.Helper()
	if r.code != status {
		t.Fatalf("status %d, want %d; body %s", r.code, status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q, want application/json", ct)
	}
	e := decode[apiError](t, r)
	if e.Error.Code != code || e.Error.Message == "" {
		t.Errorf("error %+v, want code %q and a message; body %s", e.Error, code, r.body)
	}
}

func TestServerAddress(t *testing.T) {
	s := newScreener(t)
	ts := serve(t, s)
	listed := listedOn(t, s, "ETH")

	t.Run("hit", func(t *testing.T) {
		r := do(t, "GET", ts.URL+"/v1/addresses/"+listed, "", "")
		if r.code != 200 {
			t.Fatalf("status %d: %s", r.code, r.body)
		}
		res := decode[result](t, r)
		if !res.Has(screen.FlagSanctioned) || len(res.Hits) == 0 {
			t.Fatalf("listed %s: %+v", listed, res)
		}
		if res.Hits[0].Entity.Name == "" || res.List.SHA256 == "" || res.List.Published != "2025-11-19" {
			t.Errorf("hit or provenance missing: %+v", res)
		}
		if res.Input != listed || res.Chain != address.ChainEVM {
			t.Errorf("input %q chain %q", res.Input, res.Chain)
		}
	})
	t.Run("hit lower case, chain named", func(t *testing.T) {
		r := do(t, "GET", ts.URL+"/v1/addresses/"+strings.ToLower(listed)+"?chain=eth", "", "")
		res := decode[result](t, r)
		if r.code != 200 || !res.Has(screen.FlagSanctioned) {
			t.Fatalf("status %d: %s", r.code, r.body)
		}
	})
	t.Run("miss", func(t *testing.T) {
		r := do(t, "GET", ts.URL+"/v1/addresses/"+cleanETH, "", "")
		res := decode[result](t, r)
		if r.code != 200 || len(res.Hits) != 0 || len(res.Flags) != 0 {
			t.Fatalf("clean address: status %d: %s", r.code, r.body)
		}
		if !bytes.Contains(r.body, []byte(`"hits":[]`)) {
			t.Errorf("hits must be an empty array, not null: %s", r.body)
		}
	})
	t.Run("invalid address is a result", func(t *testing.T) {
		r := do(t, "GET", ts.URL+"/v1/addresses/not-an-address", "", "")
		res := decode[result](t, r)
		if r.code != 200 || !res.Has(screen.FlagInvalidAddress) {
			t.Fatalf("status %d: %s", r.code, r.body)
		}
	})
	t.Run("unknown chain", func(t *testing.T) {
		wantError(t, do(t, "GET", ts.URL+"/v1/addresses/"+listed+"?chain=dogwifhat", "", ""), 400, "invalid_chain")
	})
	t.Run("bitcoin hit", func(t *testing.T) {
		btc := listedOn(t, s, "XBT")
		res := decode[result](t, do(t, "GET", ts.URL+"/v1/addresses/"+btc, "", ""))
		if !res.Has(screen.FlagSanctioned) || res.Chain != address.ChainBitcoin {
			t.Fatalf("%s: %+v", btc, res)
		}
	})
}

func TestServerBatch(t *testing.T) {
	s := newScreener(t)
	ts := serve(t, s, server.WithMaxBatch(4), server.WithMaxBodyBytes(2048))
	listed := listedOn(t, s, "ETH")
	url := ts.URL + "/v1/addresses"

	t.Run("strings and objects, in order", func(t *testing.T) {
		body := `["` + cleanETH + `", {"address":"` + strings.ToLower(listed) + `","chain":"ethereum"}, "nope", {"address":"` + listed + `"}]`
		r := do(t, "POST", url, "", body)
		if r.code != 200 {
			t.Fatalf("status %d: %s", r.code, r.body)
		}
		res := decode[[]result](t, r)
		if len(res) != 4 {
			t.Fatalf("%d results", len(res))
		}
		if res[0].Sanctioned() || !res[1].Has(screen.FlagSanctioned) || !res[2].Has(screen.FlagInvalidAddress) || !res[3].Sanctioned() {
			t.Errorf("results out of order or wrong: %s", r.body)
		}
		if res[1].Input != strings.ToLower(listed) {
			t.Errorf("result 1 input %q", res[1].Input)
		}
	})
	t.Run("strings only", func(t *testing.T) {
		res := decode[[]result](t, do(t, "POST", url, "", `["`+listed+`","`+cleanETH+`"]`))
		if len(res) != 2 || !res[0].Sanctioned() || res[1].Sanctioned() {
			t.Fatalf("%+v", res)
		}
	})
	t.Run("empty", func(t *testing.T) {
		r := do(t, "POST", url, "", `[]`)
		if r.code != 200 || strings.TrimSpace(string(r.body)) != "[]" {
			t.Fatalf("status %d: %s", r.code, r.body)
		}
	})
	for name, body := range map[string]string{
		"bad JSON":      `["abc",`,
		"not an array":  `{"address":"abc"}`,
		"empty body":    ``,
		"trailing data": `["abc"] ["def"]`,
		"unknown field": `[{"addr":"abc"}]`,
	} {
		t.Run(name, func(t *testing.T) { wantError(t, do(t, "POST", url, "", body), 400, "invalid_json") })
	}
	t.Run("number element", func(t *testing.T) { wantError(t, do(t, "POST", url, "", `["abc", 42]`), 400, "bad_request") })
	t.Run("missing address", func(t *testing.T) {
		wantError(t, do(t, "POST", url, "", `[{"chain":"eth"}]`), 400, "bad_request")
	})
	t.Run("bad chain", func(t *testing.T) {
		wantError(t, do(t, "POST", url, "", `[{"address":"abc","chain":"nochain"}]`), 400, "invalid_chain")
	})
	t.Run("batch too large", func(t *testing.T) {
		wantError(t, do(t, "POST", url, "", `["a","b","c","d","e"]`), 413, "batch_too_large")
	})
	t.Run("body too large", func(t *testing.T) {
		big := `["` + strings.Repeat("a", 4096) + `"]`
		wantError(t, do(t, "POST", url, "", big), 413, "body_too_large")
	})
}

// bitcoinTx builds a transaction with one output paying addr.
func bitcoinTx(t testing.TB, addr string) string {
	t.Helper()
	a, err := btcutil.DecodeAddress(addr, &chaincfg.MainNetParams)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := txscript.PayToAddrScript(a)
	if err != nil {
		t.Fatal(err)
	}
	tx := wire.NewMsgTx(2)
	tx.AddTxIn(wire.NewTxIn(wire.NewOutPoint(&chainhash.Hash{1}, 0), nil, nil))
	tx.AddTxOut(wire.NewTxOut(50_000, pk))
	var buf bytes.Buffer
	if err := tx.Serialize(&buf); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(buf.Bytes())
}

func TestServerTransactions(t *testing.T) {
	s := newScreener(t)
	ts := serve(t, s)
	url := ts.URL + "/v1/transactions"
	btc := listedOn(t, s, "XBT")

	t.Run("bitcoin hit", func(t *testing.T) {
		r := do(t, "POST", url, "", `{"chain":"bitcoin","hex":"`+bitcoinTx(t, btc)+`"}`)
		if r.code != 200 {
			t.Fatalf("status %d: %s", r.code, r.body)
		}
		res := decode[txResult](t, r)
		if !res.Has(screen.FlagSanctioned) || len(res.Hits) == 0 || res.Hits[0].Role != screen.RoleOutput {
			t.Fatalf("%s", r.body)
		}
	})
	t.Run("bitcoin with prevouts", func(t *testing.T) {
		a, _ := btcutil.DecodeAddress(btc, &chaincfg.MainNetParams)
		pk, _ := txscript.PayToAddrScript(a)
		prev := (&chainhash.Hash{1}).String()
		body := `{"chain":"btc","hex":"` + bitcoinTx(t, btc) + `","prevouts":[{"txid":"` + prev + `","vout":0,"script":"` + hex.EncodeToString(pk) + `"}]}`
		r := do(t, "POST", url, "", body)
		res := decode[txResult](t, r)
		roles := map[screen.Role]bool{}
		for _, h := range res.Hits {
			roles[h.Role] = true
		}
		if r.code != 200 || !roles[screen.RoleInput] || !roles[screen.RoleOutput] {
			t.Fatalf("status %d: %s", r.code, r.body)
		}
	})
	t.Run("bitcoin clean", func(t *testing.T) {
		res := decode[txResult](t, do(t, "POST", url, "", `{"chain":"bitcoin","hex":"`+bitcoinTx(t, "1BoatSLRHtKNngkdXEeobR76b53LETtpyT")+`"}`))
		if res.Sanctioned() || res.TxID == "" {
			t.Fatalf("%+v", res)
		}
	})
	t.Run("invalid transaction", func(t *testing.T) {
		wantError(t, do(t, "POST", url, "", `{"chain":"bitcoin","hex":"0100"}`), 400, "invalid_transaction")
	})
	t.Run("bad hex", func(t *testing.T) {
		wantError(t, do(t, "POST", url, "", `{"chain":"bitcoin","hex":"zz"}`), 400, "invalid_hex")
	})
	t.Run("bad chain", func(t *testing.T) {
		wantError(t, do(t, "POST", url, "", `{"chain":"tron","hex":"00"}`), 400, "invalid_chain")
	})
	t.Run("bad JSON", func(t *testing.T) {
		wantError(t, do(t, "POST", url, "", `{"chain":"bitcoin",`), 400, "invalid_json")
	})
	t.Run("bad prevout", func(t *testing.T) {
		wantError(t, do(t, "POST", url, "", `{"chain":"bitcoin","hex":"00","prevouts":[{"txid":"xy","vout":0,"script":"00"}]}`), 400, "bad_request")
	})
	t.Run("ethereum", func(t *testing.T) {
		r := do(t, "POST", url, "", `{"chain":"ethereum","hex":"0xdeadbeef"}`)
		wantError(t, r, 400, "invalid_transaction")
	})
}

func TestServerLists(t *testing.T) {
	s := newScreener(t)
	now := time.Date(2025, 11, 20, 12, 0, 0, 0, time.UTC)
	ts := serve(t, s, server.WithMaxAge(72*time.Hour), server.WithClock(func() time.Time { return now }),
		server.WithRefreshStatus(func() any { return map[string]string{"last_error": "none"} }))
	r := do(t, "GET", ts.URL+"/v1/lists", "", "")
	if r.code != 200 {
		t.Fatalf("status %d: %s", r.code, r.body)
	}
	lr := decode[server.ListsResponse](t, r)
	if len(lr.Lists) != 1 || lr.Stale {
		t.Fatalf("%s", r.body)
	}
	l := lr.Lists[0]
	if l.Source != "OFAC SDN" || l.Published != "2025-11-19" || len(l.SHA256) != 64 || l.LoadedAt.IsZero() || l.AgeSeconds != 36*3600 {
		t.Errorf("list %+v", l)
	}
	if !bytes.Contains(r.body, []byte(`"refresh":{"last_error":"none"}`)) {
		t.Errorf("refresh status missing: %s", r.body)
	}
}

type chainalysisBody struct {
	Identifications []map[string]string `json:"identifications"`
}

func TestServerChainalysis(t *testing.T) {
	s := newScreener(t)
	ts := serve(t, s, server.WithToken("s3cret"))
	listed := listedOn(t, s, "ETH")
	url := ts.URL + "/api/v1/address/"

	t.Run("listed", func(t *testing.T) {
		r := do(t, "GET", url+listed, "", "", "X-API-Key", "s3cret")
		if r.code != 200 {
			t.Fatalf("status %d: %s", r.code, r.body)
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(r.body, &raw); err != nil || len(raw) != 1 || raw["identifications"] == nil {
			t.Fatalf("want exactly {\"identifications\":[...]}: %s", r.body)
		}
		b := decode[chainalysisBody](t, r)
		if len(b.Identifications) == 0 {
			t.Fatalf("no identification: %s", r.body)
		}
		for _, id := range b.Identifications {
			if len(id) != 4 {
				t.Errorf("want exactly category, name, description, url: %v", id)
			}
			if id["category"] != "sanctions" || !strings.HasPrefix(id["name"], "SANCTIONS: OFAC SDN ") ||
				!strings.Contains(id["description"], listed) || !strings.Contains(id["description"], "2025-11-19") ||
				!strings.HasPrefix(id["url"], "https://sanctionssearch.ofac.treas.gov/") {
				t.Errorf("identification %v", id)
			}
		}
	})
	t.Run("unlisted", func(t *testing.T) {
		r := do(t, "GET", url+cleanETH, "s3cret", "")
		if r.code != 200 || strings.TrimSpace(string(r.body)) != `{"identifications":[]}` {
			t.Fatalf("status %d: %s", r.code, r.body)
		}
	})
	t.Run("invalid", func(t *testing.T) {
		wantError(t, do(t, "GET", url+"garbage", "s3cret", ""), 400, "invalid_address")
	})
	t.Run("no key", func(t *testing.T) {
		wantError(t, do(t, "GET", url+listed, "", ""), 401, "unauthorized")
	})
}

func TestServerAuth(t *testing.T) {
	s := newScreener(t)
	ts := serve(t, s, server.WithToken("s3cret"))
	url := ts.URL + "/v1/addresses/" + cleanETH

	r := do(t, "GET", url, "", "")
	wantError(t, r, 401, "unauthorized")
	if got := r.header.Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer ") {
		t.Errorf("WWW-Authenticate %q", got)
	}
	r = do(t, "GET", url, "wrong", "")
	wantError(t, r, 401, "unauthorized")
	if got := r.header.Get("WWW-Authenticate"); !strings.Contains(got, `error="invalid_token"`) {
		t.Errorf("WWW-Authenticate %q", got)
	}
	// X-API-Key is for the Chainalysis-compatible endpoint only.
	wantError(t, do(t, "GET", url, "", "", "X-API-Key", "s3cret"), 401, "unauthorized")
	wantError(t, do(t, "POST", ts.URL+"/v1/addresses", "", `["a"]`), 401, "unauthorized")
	wantError(t, do(t, "GET", ts.URL+"/v1/lists", "wrong", ""), 401, "unauthorized")
	if r := do(t, "GET", url, "s3cret", ""); r.code != 200 {
		t.Fatalf("with token: %d %s", r.code, r.body)
	}
	if r := do(t, "GET", url, "", "", "Authorization", "bearer s3cret"); r.code != 200 {
		t.Fatalf("lower-case scheme: %d %s", r.code, r.body)
	}
	for _, p := range []string{"/healthz", "/readyz", "/metrics"} {
		if r := do(t, "GET", ts.URL+p, "", ""); r.code != 200 {
			t.Errorf("%s without token: %d", p, r.code)
		}
	}

	ops := serve(t, s, server.WithToken("s3cret"), server.WithOpsAuth(true))
	wantError(t, do(t, "GET", ops.URL+"/metrics", "", ""), 401, "unauthorized")
	if r := do(t, "GET", ops.URL+"/metrics", "s3cret", ""); r.code != 200 {
		t.Errorf("metrics with token: %d", r.code)
	}
}

func TestServerRouting(t *testing.T) {
	ts := serve(t, newScreener(t))
	wantError(t, do(t, "GET", ts.URL+"/v1/nothing", "", ""), 404, "not_found")
	wantError(t, do(t, "GET", ts.URL+"/", "", ""), 404, "not_found")
	wantError(t, do(t, "GET", ts.URL+"/v1/addresses/", "", ""), 404, "not_found")
	r := do(t, "DELETE", ts.URL+"/v1/lists", "", "")
	wantError(t, r, 405, "method_not_allowed")
	if allow := r.header.Get("Allow"); !strings.Contains(allow, "GET") {
		t.Errorf("Allow %q", allow)
	}
	wantError(t, do(t, "GET", ts.URL+"/v1/transactions", "", ""), 405, "method_not_allowed")
	wantError(t, do(t, "PUT", ts.URL+"/v1/addresses", "", `[]`), 405, "method_not_allowed")
}

func TestServerHealth(t *testing.T) {
	s := newScreener(t)
	ts := serve(t, s)
	if r := do(t, "GET", ts.URL+"/healthz", "", ""); r.code != 200 {
		t.Errorf("healthz %d", r.code)
	}
	r := do(t, "GET", ts.URL+"/readyz", "", "")
	if rd := decode[server.Readiness](t, r); r.code != 200 || rd.Status != "ready" || len(rd.Lists) != 1 {
		t.Errorf("readyz %d %s", r.code, r.body)
	}

	// A list older than the maximum age: not ready.
	late := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	stale := serve(t, s, server.WithMaxAge(30*24*time.Hour), server.WithClock(func() time.Time { return late }))
	r = do(t, "GET", stale.URL+"/readyz", "", "")
	if rd := decode[server.Readiness](t, r); r.code != 503 || rd.Status != "not_ready" || !strings.Contains(rd.Reason, "2025-11-19") {
		t.Errorf("stale readyz %d %s", r.code, r.body)
	}
	if lr := decode[server.ListsResponse](t, do(t, "GET", stale.URL+"/v1/lists", "", "")); !lr.Stale {
		t.Errorf("lists not stale")
	}

	// Strict screener with a stale list: fail closed.
	strict := newScreener(t, screen.WithMaxAge(30*24*time.Hour), screen.WithStrict(true), screen.WithClock(func() time.Time { return late }))
	sts := serve(t, strict)
	wantError(t, do(t, "GET", sts.URL+"/v1/addresses/"+cleanETH, "", ""), 503, "list_stale")
	wantError(t, do(t, "POST", sts.URL+"/v1/addresses", "", `["`+cleanETH+`"]`), 503, "list_stale")
	wantError(t, do(t, "GET", sts.URL+"/api/v1/address/"+cleanETH, "", ""), 503, "list_stale")
	if r := do(t, "GET", sts.URL+"/readyz", "", ""); r.code != 503 {
		t.Errorf("strict stale readyz %d %s", r.code, r.body)
	}

	// Non-strict stale screener: /v1 flags LIST_STALE, but the Chainalysis shape has no
	// flags, so a miss there is 503 rather than an empty (clean-looking) answer.
	lax := serve(t, newScreener(t, screen.WithMaxAge(30*24*time.Hour), screen.WithClock(func() time.Time { return late })))
	if res := decode[screen.Result](t, do(t, "GET", lax.URL+"/v1/addresses/"+cleanETH, "", "")); !res.Has(screen.FlagListStale) {
		t.Errorf("lax stale result flags %v", res.Flags)
	} else if res.List.Location != "" || res.List.SHA256 == "" {
		t.Errorf("provenance: the server's file path is shown, or the digest is missing: %+v", res.List)
	}
	wantError(t, do(t, "GET", lax.URL+"/api/v1/address/"+cleanETH, "", ""), 503, "list_stale")
	// A mixed-case address with a broken EIP-55 checksum is not a clean answer either.
	broken := "0x52908400098527886E0F7030069857D2E4169ee7"
	wantError(t, do(t, "GET", ts.URL+"/api/v1/address/"+broken, "", ""), 400, "invalid_address")
}

func TestServerNoList(t *testing.T) {
	h := server.New(nil, server.WithLogger(discard))
	ts := httptest.NewServer(h)
	defer ts.Close()
	r := do(t, "GET", ts.URL+"/v1/addresses/"+cleanETH, "", "")
	wantError(t, r, 503, "no_list")
	if r.header.Get("Retry-After") == "" {
		t.Errorf("no Retry-After")
	}
	wantError(t, do(t, "POST", ts.URL+"/v1/addresses", "", `["`+cleanETH+`"]`), 503, "no_list")
	wantError(t, do(t, "POST", ts.URL+"/v1/transactions", "", `{"chain":"bitcoin","hex":"00"}`), 503, "no_list")
	wantError(t, do(t, "GET", ts.URL+"/api/v1/address/"+cleanETH, "", ""), 503, "no_list")
	if r := do(t, "GET", ts.URL+"/readyz", "", ""); r.code != 503 || !strings.Contains(string(r.body), "no sanctions list") {
		t.Errorf("readyz %d %s", r.code, r.body)
	}
	if r := do(t, "GET", ts.URL+"/healthz", "", ""); r.code != 200 {
		t.Errorf("healthz %d", r.code)
	}
	if r := do(t, "GET", ts.URL+"/v1/lists", "", ""); r.code != 200 || !bytes.Contains(r.body, []byte(`"lists":[]`)) {
		t.Errorf("lists %d %s", r.code, r.body)
	}
	if r := do(t, "GET", ts.URL+"/metrics", "", ""); !bytes.Contains(r.body, []byte("chainscreen_ready 0")) {
		t.Errorf("metrics: %s", r.body)
	}

	// A list arrives: ready.
	h.SetScreener(newScreener(t))
	if r := do(t, "GET", ts.URL+"/readyz", "", ""); r.code != 200 {
		t.Errorf("readyz after SetScreener %d %s", r.code, r.body)
	}
}

func TestServerPanic(t *testing.T) {
	ts := serve(t, newScreener(t), server.WithRefreshStatus(func() any { panic("boom") }))
	wantError(t, do(t, "GET", ts.URL+"/v1/lists", "", ""), 500, "internal")
	// The server survives.
	if r := do(t, "GET", ts.URL+"/healthz", "", ""); r.code != 200 {
		t.Errorf("healthz after panic %d", r.code)
	}
	if n := scrape(t, ts.URL).value(t, "chainscreen_http_requests_total", "route", "GET /v1/lists", "code", "500"); n != 1 {
		t.Errorf("panic not counted: %v", n)
	}
}
