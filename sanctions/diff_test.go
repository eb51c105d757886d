package sanctions_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/sanctions/custom"
)

func lcDay(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// lcList builds a classified list: each value is "TICKER value entityID".
func lcList(published string, values ...string) *sanctions.List {
	ents := map[string]*sanctions.Entity{}
	var addrs []sanctions.ListedAddress
	for _, v := range values {
		f := strings.Fields(v)
		e := ents[f[2]]
		if e == nil {
			e = &sanctions.Entity{ID: f[2], Name: "party " + f[2], Type: "entity", Programs: []string{"CYBER2"}}
			ents[f[2]] = e
		}
		addrs = append(addrs, sanctions.ListedAddress{Ticker: f[0], Value: f[1], Entity: e})
	}
	return sanctions.NewList(sanctions.Source{Name: "test", Published: lcDay(published)}, addrs)
}

const (
	lcEVM  = "0x098B716B8Aaf21512996dC57EB0615e2383E2f96" // EIP-55 form of a listed Lazarus address
	lcEVM2 = "0xa0e1c89Ef1a489c9C7dE96311eD5Ce5D32c20E4B"
	lcBTC  = "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h"
)

func TestDiffByKeyTickerAndEntity(t *testing.T) {
	old := lcList("2024-01-01", "ETH "+lcEVM+" 1", "XBT "+lcBTC+" 1", "ETH "+lcEVM2+" 1")
	// Same address in lower case (unchanged), the BTC value moved to party 2 (removed +
	// added), lcEVM2 dropped, a new value.
	new := lcList("2024-02-01", "ETH "+strings.ToLower(lcEVM)+" 1", "XBT "+lcBTC+" 2", "USDT "+lcEVM+" 1", "USDT "+lcEVM+" 1")
	d := sanctions.Diff(old, new)
	got := func(items []sanctions.DiffItem) []string {
		var s []string
		for _, it := range items {
			s = append(s, it.Ticker+" "+it.Value+" "+it.Entity.ID)
		}
		return s
	}
	if g, w := strings.Join(got(d.Added), ","), "XBT "+lcBTC+" 2,USDT "+lcEVM+" 1"; g != w {
		t.Errorf("added = %s, want %s", g, w)
	}
	if g, w := strings.Join(got(d.Removed), ","), "XBT "+lcBTC+" 1,ETH "+lcEVM2+" 1"; g != w {
		t.Errorf("removed = %s, want %s", g, w)
	}
	if len(d.ChangedEntities) != 0 {
		t.Errorf("changed entities = %+v", d.ChangedEntities)
	}
	if !d.Old.Published.Equal(lcDay("2024-01-01")) || !d.New.Published.Equal(lcDay("2024-02-01")) {
		t.Errorf("sources: %+v %+v", d.Old, d.New)
	}
}

func TestDiffChangedEntities(t *testing.T) {
	old := lcList("2024-01-01", "ETH "+lcEVM+" 1", "XBT "+lcBTC+" 2")
	new := lcList("2024-02-01", "ETH "+lcEVM+" 1", "XBT "+lcBTC+" 2")
	new.Entities["1"].Name = "renamed"
	new.Entities["1"].Programs = []string{"DPRK3", "CYBER2"}
	new.Entities["2"].Programs = []string{"CYBER2"} // unchanged
	d := sanctions.Diff(old, new)
	if len(d.ChangedEntities) != 1 || d.ChangedEntities[0].ID != "1" ||
		strings.Join(d.ChangedEntities[0].Fields, ",") != "name,programs" {
		t.Fatalf("changed = %+v", d.ChangedEntities)
	}
	if len(d.Added)+len(d.Removed) != 0 {
		t.Errorf("values changed: %+v", d)
	}
}

func TestDiffNilAndJSON(t *testing.T) {
	l := lcList("2024-01-01", "ETH "+lcEVM+" 1")
	d := sanctions.Diff(nil, l)
	if len(d.Added) != 1 || len(d.Removed) != 0 {
		t.Fatalf("Diff(nil, l) = %+v", d)
	}
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	item := m["added"].([]any)[0].(map[string]any)
	for _, k := range []string{"value", "ticker", "entity"} {
		if _, ok := item[k]; !ok {
			t.Errorf("added item has no %q: %s", k, b)
		}
	}
	if rm, ok := m["removed"].([]any); !ok || len(rm) != 0 {
		t.Errorf("removed = %v, want []", m["removed"])
	}
}

// lcLines reads a file of one value per line (lower-cased: 0x values compare case-insensitively).
func lcLines(t *testing.T, path string) map[string]bool {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" {
			m[strings.ToLower(s)] = true
		}
	}
	return m
}

// The expected counts in the real-data diff tests come from an independent pass over
// the unpacked XML with Python regular expressions (FeatureType "Digital Currency
// Address - T" IDs, then every DistinctParty's Feature of those types and its
// VersionDetail text), comparing (value lower-cased when it starts with 0x, ticker,
// DistinctParty FixedRef) triples between publications:
//
//	2024-12-19  -> 2025-11-19b: 187 added, 90 removed (all TORNADO CASH, FixedRef 39796, ETH)
//	2025-11-19a -> 2025-11-19b:  12 added,  0 removed (one SOL, one BNB, 3 ETH, 5 TRX, 2 XBT)
//
// Counting distinct values instead of triples gives the same numbers.
func TestDiffRealTornadoDelisting(t *testing.T) {
	old, _ := loadPublication(t, "2024-12-19")
	new, _ := loadPublication(t, "2025-11-19b")
	d := sanctions.Diff(old, new)
	if len(d.Added) != 187 || len(d.Removed) != 90 {
		t.Fatalf("2024-12-19 -> 2025-11-19b: added %d, removed %d; want 187, 90", len(d.Added), len(d.Removed))
	}
	tornado := lcLines(t, testdata.Path(t, "lists", "tornado_cash", "ofac_tornado_cash_eth_addresses_2024-12-19.txt"))
	removed := map[string]bool{}
	for _, it := range d.Removed {
		if it.Entity == nil || it.Entity.ID != "39796" || it.Entity.Name != "TORNADO CASH" || it.Ticker != "ETH" {
			t.Errorf("removed %s %s for %+v, want ETH for TORNADO CASH", it.Ticker, it.Value, it.Entity)
		}
		removed[strings.ToLower(it.Value)] = true
	}
	if len(removed) != 90 || len(tornado) != 90 {
		t.Fatalf("removed %d distinct values, tornado list %d", len(removed), len(tornado))
	}
	for v := range tornado {
		if !removed[v] {
			t.Errorf("Tornado Cash value %s not removed", v)
		}
	}
}

func TestDiffRealSameDayReissue(t *testing.T) {
	a, _ := loadPublication(t, "2025-11-19a")
	b, _ := loadPublication(t, "2025-11-19b")
	d := sanctions.Diff(a, b)
	if len(d.Added) != 12 || len(d.Removed) != 0 {
		t.Fatalf("2025-11-19a -> b: added %d, removed %d; want 12, 0", len(d.Added), len(d.Removed))
	}
	tickers := map[string]int{}
	for _, it := range d.Added {
		tickers[it.Ticker]++
	}
	want := map[string]int{"SOL": 1, "BNB": 1, "ETH": 3, "TRX": 5, "XBT": 2}
	for k, n := range want {
		if tickers[k] != n {
			t.Errorf("added %d %s values, want %d (all: %v)", tickers[k], k, n, tickers)
		}
	}
	// They are the first SOL and BNB values: no earlier publication has either ticker.
	for _, name := range []string{"2024-12-19", "2025-11-19a"} {
		l, _ := loadPublication(t, name)
		for _, la := range l.Addresses {
			if la.Ticker == "SOL" || la.Ticker == "BNB" {
				t.Errorf("%s already lists %s %s", name, la.Ticker, la.Value)
			}
		}
	}
}

// lcEVMSet returns the lower-cased 0x values of a list.
func lcEVMSet(l *sanctions.List) map[string]bool {
	m := map[string]bool{}
	for _, la := range l.Addresses {
		if v := strings.ToLower(strings.TrimSpace(la.Value)); strings.HasPrefix(v, "0x") {
			m[v] = true
		}
	}
	return m
}

func lcMinus(a, b map[string]bool) map[string]bool {
	m := map[string]bool{}
	for k := range a {
		if !b[k] {
			m[k] = true
		}
	}
	return m
}

func lcKeys(m map[string]bool) string {
	var s []string
	for k := range m {
		s = append(s, k)
	}
	sort.Strings(s)
	return strings.Join(s, " ")
}

// TestDiffUltrasoundmoneyAgreesWithXML compares the diff of the two ultrasoundmoney
// CSVs (an independent extraction of the 0x values, read here as custom lists) with
// the XML diff. The two sides are not of the same dates, and every difference is
// explained (found by the Python pass described above TestDiffRealTornadoDelisting):
//   - pre is dated 2024-08-20, the XML 2024-12-19: pre has 2 values the XML no longer
//     has (0x6acd…160e CHATEX, 0x905b…7601 TORNADO CASH) and lacks 2 it has
//     (0x0931…a5e7, 0x1999…5ade, listed in between);
//   - post (data.csv) is dated 2026-05-26: it has 16 values added after 2025-11-19b,
//     and every EVM value of 2025-11-19b.
func TestDiffUltrasoundmoneyAgreesWithXML(t *testing.T) {
	ctx := context.Background()
	pre, err := custom.Open(ctx, testdata.Path(t, "lists", "ultrasoundmoney", "data_2024-08-20_pre_tornado_delisting.csv"), sanctions.Meta{Published: lcDay("2024-08-20")})
	if err != nil {
		t.Fatal(err)
	}
	post, err := custom.Open(ctx, testdata.Path(t, "lists", "ultrasoundmoney", "data.csv"), sanctions.Meta{Published: lcDay("2026-05-26")})
	if err != nil {
		t.Fatal(err)
	}
	if len(pre.Addresses) != 157 || len(post.Addresses) != 97 || len(pre.Issues) != 0 || len(post.Issues) != 0 {
		t.Fatalf("pre %d values %d issues, post %d values %d issues; want 157, 0, 97, 0",
			len(pre.Addresses), len(pre.Issues), len(post.Addresses), len(post.Issues))
	}
	x0, _ := loadPublication(t, "2024-12-19")
	x1, _ := loadPublication(t, "2025-11-19b")
	usRemoved, usAdded := lcMinus(lcEVMSet(pre), lcEVMSet(post)), lcMinus(lcEVMSet(post), lcEVMSet(pre))
	xRemoved, xAdded := lcMinus(lcEVMSet(x0), lcEVMSet(x1)), lcMinus(lcEVMSet(x1), lcEVMSet(x0))
	if len(xRemoved) != 90 || len(xAdded) != 14 || len(usRemoved) != 92 || len(usAdded) != 32 {
		t.Fatalf("EVM: XML removed %d added %d, ultrasoundmoney removed %d added %d; want 90 14 92 32",
			len(xRemoved), len(xAdded), len(usRemoved), len(usAdded))
	}
	// The XML diff is contained in the CSV diff ...
	if m := lcMinus(xRemoved, usRemoved); len(m) > 0 {
		t.Errorf("removed in the XML, not in the CSVs: %s", lcKeys(m))
	}
	if m := lcMinus(xAdded, usAdded); len(m) > 0 {
		t.Errorf("added in the XML, not in the CSVs: %s", lcKeys(m))
	}
	// ... and the rest is explained by the dates.
	if g, w := lcKeys(lcMinus(usRemoved, xRemoved)), "0x6acdfba02d390b97ac2b2d42a63e85293bcc160e 0x905b63fff465b9ffbf41dea908ceb12478ec7601"; g != w {
		t.Errorf("removed in the CSVs only: %s, want %s", g, w)
	}
	if g, w := lcKeys(lcMinus(lcEVMSet(x0), lcEVMSet(pre))), "0x0931ca4d13bb4ba75d9b7132ab690265d749a5e7 0x1999ef52700c34de7ec2b68a28aafb37db0c5ade"; g != w {
		t.Errorf("in the 2024-12-19 XML, not in pre: %s, want %s", g, w)
	}
	later := lcMinus(lcEVMSet(post), lcEVMSet(x1))
	if len(later) != 16 || len(lcMinus(lcEVMSet(x1), lcEVMSet(post))) != 0 {
		t.Errorf("post has %d values not in 2025-11-19b (want 16) and lacks %d of its values (want 0)",
			len(later), len(lcMinus(lcEVMSet(x1), lcEVMSet(post))))
	}
	// The CSV diff computed by Diff agrees with the set arithmetic (names are not IDs
	// shared with OFAC, so compare values only).
	d := sanctions.Diff(pre, post)
	rm := map[string]bool{}
	for _, it := range d.Removed {
		rm[strings.ToLower(it.Value)] = true
	}
	if lcKeys(rm) != lcKeys(usRemoved) {
		t.Errorf("Diff(pre, post) removed %d values, set difference %d", len(rm), len(usRemoved))
	}
}

func ExampleDiff() {
	lazarus := &sanctions.Entity{ID: "23254", Name: "LAZARUS GROUP", Type: "entity"}
	old := sanctions.NewList(sanctions.Source{Name: "OFAC SDN", Published: time.Date(2024, 12, 19, 0, 0, 0, 0, time.UTC)}, []sanctions.ListedAddress{
		{Value: "0x098B716B8Aaf21512996dC57EB0615e2383E2f96", Ticker: "ETH", Entity: lazarus},
	})
	new := sanctions.NewList(sanctions.Source{Name: "OFAC SDN", Published: time.Date(2025, 11, 19, 0, 0, 0, 0, time.UTC)}, []sanctions.ListedAddress{
		// The same address in lower case is the same value.
		{Value: "0x098b716b8aaf21512996dc57eb0615e2383e2f96", Ticker: "ETH", Entity: lazarus},
		{Value: "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h", Ticker: "XBT", Entity: lazarus},
	})
	d := sanctions.Diff(old, new)
	for _, it := range d.Added {
		fmt.Println("added", it.Ticker, it.Value, it.Entity.Name)
	}
	fmt.Println("removed", len(d.Removed))
	// Output:
	// added XBT 12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h LAZARUS GROUP
	// removed 0
}
