package screen

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/internal/testdata"

	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/sanctions/custom"
)

// lcArchive is the archive of the four real publications (each unpacked once per test
// binary by ofacList), given in file-name order.
func lcArchive(t *testing.T) *sanctions.Archive {
	t.Helper()
	var lists []*sanctions.List
	for _, p := range ofacPublications {
		lists = append(lists, ofacList(t, p))
	}
	a, err := sanctions.NewArchive(lists...)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func lcTornado(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testdata.Dir(t), "lists", "tornado_cash", "ofac_tornado_cash_eth_addresses_2024-12-19.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Fields(string(b))
}

func lcDate(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// TestArchiveTornadoCashDelisted: the 90 TORNADO CASH addresses are SANCTIONED as of
// 2024-12-19 and DELISTED as of 2025-11-19 (the party was delisted on 2025-03-21; the
// archive holds no publication in between, so the first one without it is 2025-11-19a).
func TestArchiveTornadoCashDelisted(t *testing.T) {
	a := lcArchive(t)
	ctx := context.Background()
	before, err := NewFromArchive(a, lcDate("2024-12-19"))
	if err != nil {
		t.Fatal(err)
	}
	after, err := NewFromArchive(a, lcDate("2025-11-19"))
	if err != nil {
		t.Fatal(err)
	}
	addrs := lcTornado(t)
	if len(addrs) != 90 {
		t.Fatalf("%d addresses in the Tornado Cash list", len(addrs))
	}
	for _, in := range addrs {
		r, err := before.ScreenAddress(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Has(FlagSanctioned) || r.Has(FlagDelisted) || len(r.Delisted) != 0 || r.AsOf.String() != "2024-12-19" ||
			r.Hits[0].Entity.Name != "TORNADO CASH" || r.List.Published != "2024-12-19" {
			t.Errorf("as of 2024-12-19, %s: flags %v, hits %d, as of %q", in, r.Flags, len(r.Hits), r.AsOf)
		}
		r, err = after.ScreenAddress(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if r.Sanctioned() || !r.Has(FlagDelisted) || len(r.Delisted) != 1 || r.List.Published != "2025-11-19" {
			t.Fatalf("as of 2025-11-19, %s: flags %v, hits %d, delisted %+v", in, r.Flags, len(r.Hits), r.Delisted)
		}
		d := r.Delisted[0]
		if d.Entity.Name != "TORNADO CASH" || d.Entity.ListedOn.String() != "2022-11-08" || d.FirstListed.String() != "2024-05-28" ||
			d.LastListed.String() != "2024-12-19" || d.DelistedOn.String() != "2025-11-19" || !strings.HasPrefix(d.DelistedBy, "93fe9a1bf57c91bf") ||
			d.Ticker != "ETH" || !strings.EqualFold(d.ListedValue, in) {
			t.Errorf("%s: delisting %+v", in, d)
		}
	}
	// A value still listed has no delisting; the JSON carries the dates.
	r, _ := after.ScreenAddress(ctx, "0x098B716B8Aaf21512996dC57EB0615e2383E2f96")
	if !r.Has(FlagSanctioned) || r.Has(FlagDelisted) {
		t.Errorf("Lazarus as of 2025-11-19: %v", r.Flags)
	}
	r, _ = after.ScreenAddress(ctx, addrs[0])
	b, _ := json.Marshal(r)
	for _, s := range []string{`"DELISTED"`, `"as_of":"2025-11-19"`, `"delisted_on":"2025-11-19"`, `"last_listed":"2024-12-19"`} {
		if !strings.Contains(string(b), s) {
			t.Errorf("JSON lacks %s: %s", s, b)
		}
	}
}

// lcPools are the six Tornado Cash pools whose events are in
// ethereum/tornado_cash_events (file name -> pool contract, from Tornado Cash's
// deployment list); each is one of the 90 listed addresses (checked below).
var lcPools = map[string]string{
	"dai_100":   "0xD4B88Df4D29F5CedD6857912842cff3b20C8Cfa3",
	"usdc_100":  "0xd96f2B1c14Db8458374d9Aca76E26c3D18364307",
	"usdc_1000": "0x4736dCf1b7A3d580672CcE6E7c65cd5cc9cFBa9D",
	"usdt_100":  "0x169AD27A470D064DEDE56a2D3ff727986b15D52B",
	"usdt_1000": "0x0836222F2B2B24A3F36f98668Ed8F0B38D1a872f",
	"wbtc_0.1":  "0x178169B423a011fff22B9e3F3abeA13414dDD0F1",
}

// TestArchiveTornadoCashEventsPredateListing screens each pool as of the timestamps of
// a sample of its real deposit events (2019-12 .. 2022-02). TORNADO CASH was designated
// on 2022-08-08 (listing date 2022-11-08 in the XML), so none of them was sanctioned then. The dates precede the archive's
// first publication (2024-05-28): without WithBeforeArchive that is ErrNotCovered;
// with it, the first publication reduced to the parties listed by the date is used.
func TestArchiveTornadoCashEventsPredateListing(t *testing.T) {
	a := lcArchive(t)
	ctx := context.Background()
	listed := map[string]bool{}
	for _, v := range lcTornado(t) {
		listed[strings.ToLower(v)] = true
	}
	dir := filepath.Join(testdata.Dir(t), "ethereum", "tornado_cash_events")
	screened := 0
	for name, pool := range lcPools {
		if !listed[strings.ToLower(pool)] {
			t.Fatalf("pool %s (%s) is not among the 90 listed addresses", name, pool)
		}
		b, err := os.ReadFile(filepath.Join(dir, "deposits_"+name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var events []struct {
			TransactionHash string `json:"transactionHash"`
			Timestamp       string `json:"timestamp"`
		}
		if err := json.Unmarshal(b, &events); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < len(events); i += max(1, len(events)/10) {
			sec, err := strconv.ParseInt(events[i].Timestamp, 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			at := time.Unix(sec, 0).UTC()
			if _, err := NewFromArchive(a, at); !errors.Is(err, ErrNotCovered) {
				t.Fatalf("%s: %v, want ErrNotCovered", at, err)
			}
			s, err := NewFromArchive(a, at, WithBeforeArchive(true))
			if err != nil {
				t.Fatal(err)
			}
			r, err := s.ScreenAddress(ctx, pool)
			if err != nil {
				t.Fatal(err)
			}
			if r.Sanctioned() || r.Has(FlagDelisted) || len(r.Notes) == 0 || r.AsOf.String() != at.Format(time.DateOnly) {
				t.Errorf("pool %s at event %s (%s): flags %v, notes %v", name, events[i].TransactionHash, at, r.Flags, r.Notes)
			}
			screened++
		}
	}
	if screened < 60 {
		t.Errorf("screened %d events", screened)
	}
	// After the listing date, the same reduction shows the pool as sanctioned. The XML's
	// listing date for TORNADO CASH (SanctionsEntry/EntryEvent) is 2022-11-08, the
	// re-designation that replaced the one of 2022-08-08: between the two dates the
	// archive cannot show the first designation.
	s, err := NewFromArchive(a, lcDate("2022-12-01"), WithBeforeArchive(true))
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := s.ScreenAddress(ctx, lcPools["dai_100"]); !r.Has(FlagSanctioned) {
		t.Errorf("as of 2022-12-01: %v", r.Flags)
	}
}

// TestCustomListMergedWithOFAC screens against the 2025-11-19b publication and the
// ultrasoundmoney data.csv (read as a custom list) in one Screener: each hit names its
// list, and an address added after 2025-11-19 hits the custom list only.
func TestCustomListMergedWithOFAC(t *testing.T) {
	custom, err := custom.Open(context.Background(), filepath.Join(testdata.Dir(t), "lists", "ultrasoundmoney", "data.csv"),
		sanctions.Meta{Name: "ultrasoundmoney", Published: lcDate("2026-05-26")})
	if err != nil {
		t.Fatal(err)
	}
	ofac := ofacList(t, "2025-11-19b")
	s, err := New([]*sanctions.List{ofac, custom})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	r, _ := s.ScreenAddress(ctx, "0x098b716b8aaf21512996dc57eb0615e2383e2f96")
	sources := map[string]bool{}
	for _, h := range r.Hits {
		sources[h.Source] = true
	}
	if !sources["OFAC SDN 2025-11-19"] || !sources["ultrasoundmoney 2026-05-26"] || len(r.Lists) != 2 {
		t.Errorf("hit sources %v, lists %d", sources, len(r.Lists))
	}
	// Values of data.csv not in the OFAC publication hit only the custom list.
	inOFAC := map[string]bool{}
	for _, la := range ofac.Addresses {
		inOFAC[strings.ToLower(la.Value)] = true
	}
	only := 0
	for _, la := range custom.Addresses {
		if inOFAC[strings.ToLower(la.Value)] {
			continue
		}
		only++
		r, _ := s.ScreenAddress(ctx, la.Value)
		if len(r.Hits) != 1 || r.Hits[0].Source != "ultrasoundmoney 2026-05-26" {
			t.Errorf("%s: hits %+v", la.Value, r.Hits)
		}
	}
	if only != 16 {
		t.Errorf("%d custom-only values, want 16 (added after 2025-11-19)", only)
	}
}
