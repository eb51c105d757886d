package server_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/internal/listtest"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/server"
)

// lazarusETH is a real listed value of the 2025-11-19 publication (Lazarus Group).
const lazarusETH = "0x098B716B8Aaf21512996dC57EB0615e2383E2f96"

// TestChainalysisListsEveryCategory: a terror-financing listing (built in code) merged
// with the embedded OFAC publication is an identification with its category.
func TestChainalysisListsEveryCategory(t *testing.T) {
	const frozen = "0x9faf5515f177F3A8a845D48C19032b33Cc54C09C" // first USDT freeze on Ethereum
	terror := sanctions.NewList(sanctions.Source{Name: "NBCTF", Publisher: "Israel NBCTF",
		Category: sanctions.CategoryTerrorismFinancing, Format: "test",
		Published: time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC), SHA256: "aa"},
		[]sanctions.ListedAddress{{Ticker: "ETH", Value: frozen, Reference: "צ.ת 18/26",
			Entity: &sanctions.Entity{ID: "n1", Name: "HOLDER"}}})
	s, err := screen.New([]*sanctions.List{listtest.Embedded(t), terror}, screen.WithLogger(discard))
	if err != nil {
		t.Fatal(err)
	}
	ts := serve(t, s)
	b := decode[chainalysisBody](t, do(t, "GET", ts.URL+"/api/v1/address/"+frozen, "", ""))
	if len(b.Identifications) != 1 {
		t.Fatalf("identifications %v", b.Identifications)
	}
	id := b.Identifications[0]
	if id["category"] != "terrorism_financing" || !strings.HasPrefix(id["name"], "TERRORISM FINANCING: NBCTF HOLDER") ||
		!strings.Contains(id["description"], "צ.ת 18/26") || id["url"] != "" {
		t.Errorf("identification %v", id)
	}
	// The OFAC value still answers as sanctions from the OFAC publication.
	b = decode[chainalysisBody](t, do(t, "GET", ts.URL+"/api/v1/address/"+lazarusETH, "", ""))
	if len(b.Identifications) == 0 || b.Identifications[0]["category"] != "sanctions" {
		t.Errorf("identifications %v", b.Identifications)
	}
}

// TestChainalysisBareHex: the real API identifies 1da5821544e25c636c1417ba96ade4cf6d2f9b5a
// (no 0x); so does this one, and the address endpoint says NORMALISED_INPUT.
func TestChainalysisBareHex(t *testing.T) {
	s := newScreener(t)
	ts := serve(t, s)
	const bare = "1da5821544e25c636c1417ba96ade4cf6d2f9b5a"
	r, err := s.ScreenAddress(t.Context(), "0x"+bare)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Sanctioned() {
		t.Fatalf("0x%s is listed in the 2025-11-19 publication (lists/brave-intl ETH): %v", bare, r.Flags)
	}
	resp := do(t, "GET", ts.URL+"/api/v1/address/"+bare, "", "")
	if resp.code != 200 {
		t.Fatalf("status %d: %s", resp.code, resp.body)
	}
	b := decode[chainalysisBody](t, resp)
	if len(b.Identifications) == 0 {
		t.Errorf("bare form: no identification: %s", resp.body)
	}
	// A listed value of the publication, written without 0x, is identified.
	lv := listedOn(t, s, "ETH")
	b = decode[chainalysisBody](t, do(t, "GET", ts.URL+"/api/v1/address/"+strings.ToLower(lv[2:]), "", ""))
	if len(b.Identifications) == 0 {
		t.Errorf("%s without 0x: no identification", lv)
	}
	res := decode[screen.Result](t, do(t, "GET", ts.URL+"/v1/addresses/"+lv[2:], "", ""))
	if !res.Has(screen.FlagSanctioned) || !res.Has(screen.FlagNormalisedInput) || res.Canonical != lv {
		t.Errorf("result %+v", res)
	}
}

// TestChainalysis401NamesBothHeaders: a client of the Chainalysis API sends X-API-Key;
// the 401 says that both it and Authorization: Bearer are accepted.
func TestChainalysis401NamesBothHeaders(t *testing.T) {
	ts := serve(t, newScreener(t), server.WithToken("s3cret"))
	r := do(t, "GET", ts.URL+"/api/v1/address/"+lazarusETH, "", "")
	wantError(t, r, 401, "unauthorized")
	e := decode[apiError](t, r)
	if !strings.Contains(e.Error.Message, "X-API-Key") || !strings.Contains(e.Error.Message, "Authorization: Bearer") {
		t.Errorf("message %q", e.Error.Message)
	}
	r = do(t, "GET", ts.URL+"/api/v1/address/"+lazarusETH, "", "", "X-API-Key", "wrong")
	e = decode[apiError](t, r)
	if r.code != 401 || !strings.Contains(e.Error.Message, "X-API-Key") {
		t.Errorf("status %d message %q", r.code, e.Error.Message)
	}
}

// TestServerTag: ?tag=N (or ?dt=N) goes with the address; without it a tagged listing
// is LISTED_WITH_TAG. The value is the NBCTF table's XRP entry.
func TestServerTag(t *testing.T) {
	l := sanctions.NewList(sanctions.Source{Name: "NBCTF", Category: sanctions.CategoryTerrorismFinancing,
		Format: "test", Published: time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC), SHA256: "aa"},
		[]sanctions.ListedAddress{{Ticker: "XRP", Value: "rEb8TK3gBgk5auZkwc6sHnwrGVJH8DuaLh", Tag: "102334770",
			Entity: &sanctions.Entity{ID: "n1", Name: "HOLDER"}}})
	s, err := screen.New([]*sanctions.List{l}, screen.WithLogger(discard))
	if err != nil {
		t.Fatal(err)
	}
	ts := serve(t, s)
	u := ts.URL + "/v1/addresses/rEb8TK3gBgk5auZkwc6sHnwrGVJH8DuaLh"
	for q, want := range map[string]screen.Flag{"": screen.FlagListedWithTag, "?tag=1": screen.FlagListedWithTag,
		"?tag=102334770": screen.FlagTerrorismFinancing, "?dt=102334770": screen.FlagTerrorismFinancing} {
		res := decode[screen.Result](t, do(t, "GET", u+q, "", ""))
		if len(res.Flags) != 1 || res.Flags[0] != want || len(res.Hits) != 1 || res.Hits[0].Tag != "102334770" {
			t.Errorf("%q: flags %v hits %+v", q, res.Flags, res.Hits)
		}
	}
}
