package nbctf_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/sanctions/nbctf"
	"github.com/chainscreen/chainscreen/screen"
)

// The expected numbers come from the independent count script (csv module, no
// chainscreen code); run it from the module root to reproduce them:
//
//	python3 sanctions/nbctf/testdata/count_nbctf.py
//
// (its output at the time of writing is testdata/count_nbctf.out).
const (
	wantOrderRows    = 35  // order_rows
	wantValues       = 890 // values (both halves of the two-value cell, tags stripped)
	wantDistinct     = 881 // values ... distinct
	wantListed       = 887 // listed_values (a value repeated for the same holder of the same order once)
	wantEntitiesVals = 311 // entities_with_values
	wantEntities     = 320 // entities (holders without a value included)
	wantTron         = 404 // listed_shapes tron
	wantBitcoin      = 54  // listed_shapes bitcoin (2 of them fail their checksum: bad_checksum)
	wantEVM          = 15  // listed_shapes evm
	wantExchange     = 386 // listed_shapes exchange_account
	wantOther        = 28  // listed_shapes other
	wantBadChecksum  = 2   // bad_checksum
	wantInForce      = 849 // listed_in_force_on_2028-03-01
	wantExpired      = 38  // listed_of_expired_orders (orders expired before 2028-03-01)
	wantForfeiture   = 793 // listed_of_forfeiture_orders
	wantDated        = 94  // listed_of_dated_orders
	wantForfeitOrds  = 31  // releases ... forfeiture
	wantDatedOrds    = 7   // releases ... dated
)

// wantIssues are the script's "issue" lines, plus order_not_in_table
// (release_orders_not_in_table). There is no not_an_address issue: the values of the
// script's other_by_currency (ADA 1, ALGO 1, IOST 1, KMD 1, LSK 3, SC 3, STRAT 1, XLM 1)
// are all decoded by package address.
var wantIssues = map[string]int{
	"duplicate_value":            9,
	"empty_cell":                 9,
	"empty_row":                  4,
	"exchange_account":           389,
	"homoglyph":                  1,
	"order_reference_normalised": 1,
	"placeholder":                6,
	"scientific_notation":        1,
	"tagged_value":               4,
	"two_values_in_cell":         1,
	"bad_checksum":               wantBadChecksum,
	"order_not_in_table":         3,
}

// Values of the table as the count script prints them.
var (
	badChecksum   = []string{"18yzhmcgHtRVoEX3doCrqhis6fFU1dHFUE", "3HQJ9ta7TmYNRjkby3nbMGdHzNCCiXs3Ui"}
	expiredOrders = []string{"צ.ת 1/26", "צ.ת 2/26", "צ.ת 6/26"}
	// sharedWithOFAC: shared_with_ofac_2025-11-19. The script finds 4 as typed; the
	// fifth is the homoglyph entry, whose Latin form is on OFAC's list.
	sharedWithOFAC = []string{"0x21B8d56BDA776bbE68655A16895afd96F5534feD", "19D1iGzDr7FyAdiy3ZZdxMd6ttHj1kj6WW",
		"TH96tFMn8KGiYSLiwcV3E2UiaJc8jmcbz3", "TWBAPzpPiZarfVsY2BLXeaLhNHurn4wkWG", "bnb136ns6lfw4zs5hg4n85vdthaad7hq5m4gtkgf23"}
)

const (
	homoglyphTyped = "TН96tFMn8KGiYSLiwсV3E2UiaJc8jmcbz3" // line 371, Cyrillic Н and с
	homoglyphLatin = "TH96tFMn8KGiYSLiwcV3E2UiaJc8jmcbz3"
	twoCellEVM     = "0xc8fe1c81e927540fcc99ebb3c880a840082293da" // line 604, order 19/23
	twoCellTron    = "TR2nTb64cQMx6tqFwisoC6o7barFWHhPiw"         // line 604, and order 15/22
)

var (
	realOnce sync.Once
	realList *sanctions.List
	realErr  error
)

func loadReal(t *testing.T) *sanctions.List {
	t.Helper()
	dir := testdata.Path(t, "lists", "nbctf")
	realOnce.Do(func() {
		realList, realErr = sanctions.Open(context.Background(), dir)
	})
	if realErr != nil {
		t.Fatal(realErr)
	}
	return realList
}

func shapeOf(v string) string {
	a, err := address.Parse(v)
	switch {
	case err == nil && a.Chain == address.ChainTron:
		return "tron"
	case err == nil && a.Chain == address.ChainEVM:
		return "evm"
	case err == nil && a.Chain == address.ChainBitcoin:
		return "bitcoin"
	case slices.Contains(badChecksum, v):
		return "bitcoin"
	}
	return "other"
}

func TestRealCounts(t *testing.T) {
	l := loadReal(t)
	dir := testdata.Path(t, "lists", "nbctf")
	if l.Source.Format != nbctf.FormatName || l.Source.Name != nbctf.SourceName || l.Source.Publisher != nbctf.Publisher ||
		l.Source.Category != sanctions.CategoryTerrorismFinancing || l.Source.Location != dir {
		t.Errorf("source = %+v", l.Source)
	}
	if want := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC); !l.Source.Published.Equal(want) { // newest_date
		t.Errorf("published %v, want %v", l.Source.Published, want)
	}
	h := sha256.New()
	for _, f := range []string{"wallets.csv", "releases.csv"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		h.Write(b)
	}
	if got := hex.EncodeToString(h.Sum(nil)); l.Source.SHA256 != got {
		t.Errorf("sha256 %s, want %s (cat wallets.csv releases.csv | sha256sum)", l.Source.SHA256, got)
	}
	if len(l.Addresses) != wantListed {
		t.Errorf("%d listed values, want %d", len(l.Addresses), wantListed)
	}
	distinct := map[string]bool{}
	shapes := map[string]int{}
	orders := map[string]bool{}
	for _, la := range l.Addresses {
		distinct[la.Value] = true
		orders[la.Reference] = true
		if la.Category != sanctions.CategoryTerrorismFinancing {
			t.Errorf("%s: category %q", la.Value, la.Category)
		}
		if la.Entity == nil || la.Entity.Name == "" || !slices.Contains(la.Entity.Programs, la.Reference) {
			t.Errorf("%s: entity %+v does not name order %s", la.Value, la.Entity, la.Reference)
		}
		if la.ListedOn.IsZero() {
			t.Errorf("%s: no order date", la.Value)
		}
		if la.Kind == sanctions.ValueExchangeAccount {
			shapes["exchange_account"]++
			if la.Addr.Kind != address.KindExactString {
				t.Errorf("exchange account %s indexed as %s", la.Value, la.Addr.Kind)
			}
			continue
		}
		shapes[shapeOf(la.Value)]++
	}
	if len(distinct) != wantDistinct {
		t.Errorf("%d distinct values, want %d", len(distinct), wantDistinct)
	}
	if len(orders) != wantOrderRows {
		t.Errorf("%d orders with values, want %d", len(orders), wantOrderRows)
	}
	wantShapes := map[string]int{"tron": wantTron, "bitcoin": wantBitcoin, "evm": wantEVM,
		"exchange_account": wantExchange, "other": wantOther}
	for k, n := range wantShapes {
		if shapes[k] != n {
			t.Errorf("shape %s: %d values, want %d", k, shapes[k], n)
		}
	}
	if len(l.Entities) != wantEntitiesVals || l.EntityCount != wantEntities {
		t.Errorf("%d entities with values (want %d), %d in all (want %d)", len(l.Entities), wantEntitiesVals, l.EntityCount, wantEntities)
	}
	kinds := map[string]int{}
	for _, is := range l.Issues {
		kinds[is.Kind]++
		if is.Kind == "" || is.Reason == "" {
			t.Errorf("issue without kind or reason: %+v", is)
		}
		if is.Line == 0 {
			t.Errorf("issue without a line: %+v", is)
		}
	}
	for k, n := range wantIssues {
		if kinds[k] != n {
			t.Errorf("issues of kind %s: %d, want %d", k, kinds[k], n)
		}
	}
	for k, n := range kinds {
		if _, ok := wantIssues[k]; !ok {
			t.Errorf("unexpected issues of kind %s: %d", k, n)
		}
	}
	// Every value of the table is listed, or is a repeat for the same holder (listed once).
	repeats := 0
	for _, is := range l.Issues {
		if is.Kind == "duplicate_value" && strings.HasSuffix(is.Reason, "listed once") {
			repeats++
		}
	}
	if len(l.Addresses)+repeats != wantValues {
		t.Errorf("%d listed + %d repeats, want %d values", len(l.Addresses), repeats, wantValues)
	}
	var values []string
	for _, is := range l.Issues {
		if is.Kind == "bad_checksum" {
			values = append(values, is.Value)
		}
	}
	slices.Sort(values)
	if !slices.Equal(values, badChecksum) {
		t.Errorf("bad checksums %q, want %q", values, badChecksum)
	}
}

// TestRealEveryValueScreens screens every listed value, on-chain addresses by their
// bytes and the others (exchange accounts, currencies not decoded yet, bad checksums) as
// exact text: each hits its own listing, naming the order and the holder.
func TestRealEveryValueScreens(t *testing.T) {
	l := loadReal(t)
	s, err := screen.New([]*sanctions.List{l})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	byChain := map[address.Chain]int{}
	for _, la := range l.Addresses {
		r, err := s.ScreenAddress(ctx, la.Value)
		if err != nil {
			t.Fatal(err)
		}
		hit := findHit(r, la)
		if hit == nil && la.Tag != "" && r.Has(screen.FlagListedWithTag) {
			// A value listed with a tag, screened bare: LISTED_WITH_TAG (never clean)
			// where the screener reports tagged listings apart from hits.
			continue
		}
		if hit == nil {
			t.Errorf("%s (order %s, line of %s): no hit; flags %v, hits %+v", la.Value, la.Reference, la.Entity.Name, r.Flags, r.Hits)
			continue
		}
		if !r.Sanctioned() || len(r.Flags) == 0 {
			t.Errorf("%s: hit without a flag: %v", la.Value, r.Flags)
		}
		if hit.Entity.Name != la.Entity.Name || !slices.Contains(hit.Entity.Programs, la.Reference) ||
			!strings.HasPrefix(hit.Source, nbctf.SourceName) {
			t.Errorf("%s: hit %+v does not name holder %q, order %s, source %s", la.Value, hit, la.Entity.Name, la.Reference, nbctf.SourceName)
		}
		if la.Addr.Kind != address.KindExactString {
			byChain[la.Addr.Chain]++
			// An IOST account name is an address only under its ticker: screened without
			// a chain it hits as its exact text (no canonical form).
			if (r.Canonical == "" && la.Addr.Chain != address.ChainIOST) || hit.ListedChain != la.Addr.Chain {
				t.Errorf("%s: screened as %q on %s, listed on %s", la.Value, r.Canonical, hit.ListedChain, la.Addr.Chain)
			}
		}
	}
	if byChain[address.ChainTron] != wantTron || byChain[address.ChainEVM] != wantEVM ||
		byChain[address.ChainBitcoin] != wantBitcoin-wantBadChecksum {
		t.Errorf("hits by bytes per chain: %v; want tron %d, evm %d, bitcoin %d", byChain, wantTron, wantEVM, wantBitcoin-wantBadChecksum)
	}
	// The other on-chain values of the table (other_by_currency: DOGE 7, DGB 1, LTC 4,
	// XVG 1, ZEC 1, XRP 1, BNB 1, ADA 1, ALGO 1, KMD 1, LSK 3, SC 3, STRAT 1, XLM 1,
	// IOST 1) hit by their bytes too.
	for c, n := range map[address.Chain]int{address.ChainDogecoin: 7, address.ChainDigiByte: 1, address.ChainLitecoin: 4,
		address.ChainVerge: 1, address.ChainZcash: 1, address.ChainRipple: 1, address.ChainBNBBeacon: 1,
		address.ChainCardano: 1, address.ChainAlgorand: 1, address.ChainKomodo: 1, address.ChainLisk: 3,
		address.ChainSiacoin: 3, address.ChainStratis: 1, address.ChainStellar: 1, address.ChainIOST: 1} {
		if byChain[c] != n {
			t.Errorf("%s: %d values hit by bytes, want %d", c, byChain[c], n)
		}
	}
}

// findHit returns the hit of r on listing la (same value and holder).
func findHit(r screen.Result, la sanctions.ListedAddress) *screen.Hit {
	for i, h := range r.Hits {
		if h.ListedValue == la.Value && h.Entity.ID == la.Entity.ID {
			return &r.Hits[i]
		}
	}
	return nil
}

// listing returns the listings of value v.
func listing(l *sanctions.List, v string) []sanctions.ListedAddress {
	var out []sanctions.ListedAddress
	for _, la := range l.Addresses {
		if la.Value == v {
			out = append(out, la)
		}
	}
	return out
}

func TestRealHolders(t *testing.T) {
	l := loadReal(t)
	for _, tc := range []struct {
		value, order, name, id, birth, ticker string
	}{
		// Facts read off wallets.csv (lines 164, 860, 364).
		{"962788680555", "צ.ת 1/25", "TAWFIQ MOHAMMAD TAWFIQ BAYARI", "2000712506", "26/07/2003", ""},
		{"13iQsrwBYdrLpnitG5EV79o3PeHjH8XUBc", "צ.ת 44/21", "ALI ISMAIL SHAFIQ ABUALKAS", "803591510", "01/07/1992", "BTC"},
		{"35561732", "צ.ת 2/24", "", "160715450-005", "18.9.1992", ""},
	} {
		ls := listing(l, tc.value)
		if len(ls) != 1 {
			t.Fatalf("%s: %d listings", tc.value, len(ls))
		}
		la := ls[0]
		e := la.Entity
		if la.Reference != tc.order || (tc.name != "" && e.Name != tc.name) || e.BirthDate != tc.birth ||
			len(e.Identifiers) == 0 || e.Identifiers[0].Value != tc.id || la.Ticker != tc.ticker || e.Type != "individual" {
			t.Errorf("%s: listed as %+v for %+v", tc.value, la, e)
		}
	}
	// The holder of order 2/24 has three documents: the row's and the two rows below it.
	e := listing(l, "35561732")[0].Entity
	if len(e.Identifiers) != 3 || listing(l, "4258716")[0].Entity != e {
		t.Errorf("holder of 35561732: %+v", e)
	}
	// Rows without a holder belong to an entity of the order.
	la := listing(l, "TWB9xgNG9nmJuwW4etsQEb9RRnrnVnoNnJ")[0]
	if la.Entity.ID != "צ.ת 18/26" || !strings.Contains(la.Entity.Name, "צ.ת 18/26") {
		t.Errorf("first value of order 18/26: entity %+v", la.Entity)
	}
}

func TestRealQuirks(t *testing.T) {
	l := loadReal(t)
	s, err := screen.New([]*sanctions.List{l})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	// The homoglyph entry is listed and hits in its Latin form.
	if len(listing(l, homoglyphTyped)) != 0 {
		t.Error("the Cyrillic form is listed")
	}
	r, err := s.ScreenAddress(ctx, homoglyphLatin)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Hits) != 1 || r.Hits[0].ListedValue != homoglyphLatin || r.Chain != address.ChainTron ||
		!slices.Contains(r.Hits[0].Entity.Programs, "צ.ת 2/24") {
		t.Errorf("homoglyph entry: %+v", r)
	}
	found := false
	for _, is := range l.Issues {
		if is.Kind == "homoglyph" {
			found = is.Line == 371 && is.Value == homoglyphLatin && strings.Contains(is.Reason, homoglyphTyped)
		}
	}
	if !found {
		t.Error("no homoglyph issue on line 371")
	}
	// Both halves of the two-value cell hit (the Tron half also under order 15/22).
	for v, orders := range map[string][]string{twoCellEVM: {"צ.ת 19/23"}, twoCellTron: {"צ.ת 19/23", "צ.ת 15/22"}} {
		r, err := s.ScreenAddress(ctx, v)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range r.Hits {
			got = append(got, h.Entity.Programs[0])
		}
		slices.Sort(got)
		slices.Sort(orders)
		if !slices.Equal(got, orders) {
			t.Errorf("%s: hits under %q, want %q", v, got, orders)
		}
	}
	// Tagged values: the address is the value, the tag is Tag.
	for v, tag := range map[string]string{"rEb8TK3gBgk5auZkwc6sHnwrGVJH8DuaLh": "102334770",
		"GAHK7EEG2WWHVKDNT4CEQFZGKF2LGDSW2IVM4S5DP42RBW3K6BTODB4A": "1051035076",
		"bnb136ns6lfw4zs5hg4n85vdthaad7hq5m4gtkgf23":               "104728783", "binanceiost": "100343788"} {
		ls := listing(l, v)
		if len(ls) != 1 || ls[0].Tag != tag {
			t.Errorf("%s: listings %+v, want one with tag %s", v, ls, tag)
		}
	}
	// Currencies chainscreen does not decode keep their ticker and match as exact text.
	for v, tk := range map[string]string{"12154055877559948854L": "LSK", "SGP2HJQBCDEX4B4PH7TVIWJZ4YZZX5C5B3TQ24QA3USY7O5X2KO5V2FPXM": "ALGO",
		"RPW95tQG7y47QTqS6cNA4EQ5mBmATrG91o": "KMD", "SNwdHP6Qpkk6exSAqMG4GdTRkQRAu28SSS": "STRAT"} {
		ls := listing(l, v)
		if len(ls) != 1 || ls[0].Ticker != tk {
			t.Errorf("%s: %+v, want ticker %s", v, ls, tk)
		}
		r, err := s.ScreenAddress(ctx, v)
		if err != nil || len(r.Hits) != 1 {
			t.Errorf("%s: %+v %v", v, r, err)
		}
	}
	// Exchange user ids are exact text, never addresses; placeholders are never values.
	if len(listing(l, "-")) != 0 {
		t.Error("a placeholder is listed")
	}
}

func TestRealValidity(t *testing.T) {
	l := loadReal(t)
	fixed := time.Date(2028, 3, 1, 0, 0, 0, 0, time.UTC)
	inForce, forfeit, dated := 0, 0, 0
	var expired []string
	for _, la := range l.Addresses {
		switch {
		case la.Until.IsZero():
			forfeit++
			inForce++
			if la.EndedBy != "" {
				t.Errorf("%s: EndedBy %q without Until", la.Value, la.EndedBy)
			}
			if len(la.Entity.Programs) != 2 || !strings.HasPrefix(la.Entity.Programs[1], "צח ") {
				t.Errorf("%s: forfeiture order not named: %q", la.Value, la.Entity.Programs)
			}
		default:
			dated++
			if !strings.Contains(la.EndedBy, "order "+la.Reference+" expired") {
				t.Errorf("%s: EndedBy %q", la.Value, la.EndedBy)
			}
			if la.Until.After(fixed) {
				inForce++
			} else if !slices.Contains(expired, la.Reference) {
				expired = append(expired, la.Reference)
			}
		}
	}
	slices.Sort(expired)
	if inForce != wantInForce || forfeit != wantForfeiture || dated != wantDated || !slices.Equal(expired, expiredOrders) {
		t.Errorf("on %s: %d in force (want %d), %d forfeiture (want %d), %d dated (want %d), expired orders %q (want %q)",
			fixed.Format(time.DateOnly), inForce, wantInForce, forfeit, wantForfeiture, dated, wantDated, expired, expiredOrders)
	}
	if dated-(inForce-forfeit) != wantExpired {
		t.Errorf("%d values of expired orders, want %d", dated-(inForce-forfeit), wantExpired)
	}
	// Order 18/26: dated 01.07.2026, valid to 01.07.2028 (releases.csv line 2): in force
	// through that day.
	la := listing(l, "TWB9xgNG9nmJuwW4etsQEb9RRnrnVnoNnJ")[0]
	if !la.ListedOn.Equal(time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)) || !la.Until.Equal(time.Date(2028, 7, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("order 18/26: listed %v until %v", la.ListedOn, la.Until)
	}

	f, err := os.Open(testdata.Path(t, "lists", "nbctf", "releases.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rel, err := nbctf.ReadReleases(f)
	if err != nil {
		t.Fatal(err)
	}
	nf, nd := 0, 0
	for _, o := range rel.Orders {
		if o.Forfeiture != "" {
			nf++
		} else if !o.Valid.IsZero() {
			nd++
		}
	}
	if nf != wantForfeitOrds || nd != wantDatedOrds || len(rel.Issues) != 0 {
		t.Errorf("releases: %d forfeiture, %d dated orders, issues %v", nf, nd, rel.Issues)
	}
}

// TestRealSharedWithOFAC merges OFAC's 2025-11-19 publication and the NBCTF table in one
// Screener: the values on both give a hit from each source.
func TestRealSharedWithOFAC(t *testing.T) {
	l := loadReal(t)
	ofac, err := sanctions.Open(context.Background(), testdata.Path(t, "ofac", "sdn_advanced", "2025-11-19b.xml.bz2"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := screen.New([]*sanctions.List{ofac, l})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range sharedWithOFAC {
		r, err := s.ScreenAddress(context.Background(), v)
		if err != nil {
			t.Fatal(err)
		}
		var fromOFAC, fromNBCTF bool
		for _, h := range r.Hits {
			fromOFAC = fromOFAC || strings.HasPrefix(h.Source, ofac.Source.Name)
			fromNBCTF = fromNBCTF || strings.HasPrefix(h.Source, nbctf.SourceName)
		}
		if ls := listing(l, v); len(ls) == 1 && ls[0].Tag != "" && r.Has(screen.FlagListedWithTag) {
			fromNBCTF = true // listed by NBCTF with a tag, screened bare (see above)
		}
		if !fromOFAC || !fromNBCTF {
			t.Errorf("%s: hits %+v, want one from %s and one from %s", v, r.Hits, ofac.Source.Name, nbctf.SourceName)
		}
	}
	// No other NBCTF value is on OFAC's list.
	shared := 0
	for _, la := range ofac.Addresses {
		if len(listing(l, la.Value)) > 0 {
			shared++
		}
	}
	if shared != len(sharedWithOFAC) {
		t.Errorf("%d OFAC values on the NBCTF table, want %d", shared, len(sharedWithOFAC))
	}
}

// TestRealReadStream reads wallets.csv as a stream: with its location, releases.csv is
// found beside it; without, every order is in force and that is an issue.
func TestRealReadStream(t *testing.T) {
	path := testdata.Path(t, "lists", "nbctf", "wallets.csv")
	l, err := sanctions.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if l.Source.Format != nbctf.FormatName || len(l.Addresses) != wantListed || l.Source.Location != path {
		t.Fatalf("Open(wallets.csv): %+v, %d values", l.Source, len(l.Addresses))
	}
	dated := 0
	for _, la := range l.Addresses {
		if !la.Until.IsZero() {
			dated++
		}
	}
	if dated != wantDated {
		t.Errorf("%d dated values, want %d", dated, wantDated)
	}

	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l, err = nbctf.Read(context.Background(), f) // no location: releases.csv is not found
	if err != nil {
		t.Fatal(err)
	}
	missing := 0
	for _, is := range l.Issues {
		if is.Kind == "releases_missing" {
			missing++
		}
	}
	for _, la := range l.Addresses {
		if !la.Until.IsZero() || !la.ListedOn.IsZero() {
			t.Fatalf("%s: without releases.csv, listed %v until %v", la.Value, la.ListedOn, la.Until)
		}
	}
	if missing != 1 || len(l.Addresses) != wantListed || !l.Source.Published.IsZero() {
		t.Errorf("without releases.csv: %d releases_missing issues, %d values, published %v", missing, len(l.Addresses), l.Source.Published)
	}
}
