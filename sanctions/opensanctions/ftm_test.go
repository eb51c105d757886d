package opensanctions_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/sanctions"
	_ "github.com/chainscreen/chainscreen/sanctions/ofac" // the list formats read by these tests
	"github.com/chainscreen/chainscreen/sanctions/opensanctions"
	"github.com/chainscreen/chainscreen/screen"
)

// Expected numbers, from the independent extraction (stdlib Python, no Go code):
//
//	python3 sanctions/opensanctions/testdata/count_ftm.py ../shared/data
//
// It reads entities.ftm.json, the NBCTF table wallets.csv and the OFAC XML
// 2025-11-19b.xml.bz2 on its own and reports that the FtM datasets hold exactly the
// values of the native publications (equal_to_ftm_il True, equal_to_ftm_us True).
const (
	wantILWallets     = 881
	wantUSWallets     = 760
	wantILValues      = 882 // listed rows: one wallet has two holders
	wantUSValues      = 760
	wantILDistinct    = 881 // = the NBCTF table's distinct values
	wantUSDistinct    = 745 // = the OFAC XML's distinct address values
	wantILAccounts    = 383
	wantILTagged      = 4
	wantInBoth        = 6 // in_both_datasets_ignoring_tag: OFAC lists bnb136ns… bare, NBCTF with a tag
	wantLines         = 2966
	homoglyphLatin    = "TH96tFMn8KGiYSLiwcV3E2UiaJc8jmcbz3"
	taggedXRP         = "rEb8TK3gBgk5auZkwc6sHnwrGVJH8DuaLh"
	taggedXRPTag      = "102334770"
	ftmRel            = "lists/opensanctions/entities.ftm.json"
	ofacRel           = "ofac/sdn_advanced/2025-11-19b.xml.bz2"
	nbctfWalletsRel   = "lists/nbctf/wallets.csv"
	datasetNBCTF      = "il_mod_crypto"
	datasetOFAC       = "us_ofac_sdn"
	sourceNBCTF       = "OpenSanctions " + datasetNBCTF
	sourceOFAC        = "OpenSanctions " + datasetOFAC
	nbctfOrderHeading = "צ.ת"
)

func path(t testing.TB, rel string) string { return testdata.Path(t, strings.Split(rel, "/")...) }

func ftmBytes(t testing.TB) []byte {
	b, err := os.ReadFile(path(t, ftmRel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// onlyReader hides Seek: the reader must then spool.
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(b []byte) (int, error) { return o.r.Read(b) }

func datasets(t testing.TB, r io.Reader) map[string]*sanctions.List {
	t.Helper()
	ls, err := opensanctions.ReadDatasets(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*sanctions.List{}
	for _, l := range ls {
		out[l.Source.Name] = l
	}
	if len(out) != 2 || out[sourceNBCTF] == nil || out[sourceOFAC] == nil {
		t.Fatalf("lists %v", slices.Collect(func(yield func(string) bool) {
			for k := range out {
				yield(k)
			}
		}))
	}
	return out
}

type valueTag struct{ value, tag string }

func norm(la sanctions.ListedAddress) valueTag {
	v := la.Value
	if strings.HasPrefix(strings.ToLower(v), "0x") {
		v = strings.ToLower(v)
	}
	return valueTag{v, la.Tag}
}

func TestReadDatasetsCounts(t *testing.T) {
	ls := datasets(t, bytes.NewReader(ftmBytes(t)))
	il, us := ls[sourceNBCTF], ls[sourceOFAC]
	for _, c := range []struct {
		l                   *sanctions.List
		values, distinct    int
		cat                 sanctions.Category
		published           string
		accounts, tagged    int
		homoglyph, entities int
	}{
		{il, wantILValues, wantILDistinct, sanctions.CategoryTerrorismFinancing, "2026-07-01", wantILAccounts, wantILTagged, 1, 0},
		{us, wantUSValues, wantUSDistinct, sanctions.CategorySanctions, "2025-11-19", 0, 0, 0, 0},
	} {
		l := c.l
		if len(l.Addresses) != c.values {
			t.Errorf("%s: %d values, want %d", l.Source.Name, len(l.Addresses), c.values)
		}
		distinct := map[valueTag]bool{}
		accounts, tagged := 0, 0
		for _, la := range l.Addresses {
			if la.Category != c.cat {
				t.Fatalf("%s: %q has category %q, want %q", l.Source.Name, la.Value, la.Category, c.cat)
			}
			if !distinct[norm(la)] {
				if la.Kind == sanctions.ValueExchangeAccount {
					accounts++
				}
				if la.Tag != "" {
					tagged++
				}
			}
			distinct[norm(la)] = true
			if la.Reference == "" || la.Entity == nil {
				t.Fatalf("%s: value without reference or party: %+v", l.Source.Name, la)
			}
		}
		if len(distinct) != c.distinct || accounts != c.accounts || tagged != c.tagged {
			t.Errorf("%s: %d distinct (%d accounts, %d tagged), want %d (%d, %d)", l.Source.Name,
				len(distinct), accounts, tagged, c.distinct, c.accounts, c.tagged)
		}
		if got := l.Source.Published.Format("2006-01-02"); got != c.published {
			t.Errorf("%s: published %s, want %s", l.Source.Name, got, c.published)
		}
		if l.Source.Format != opensanctions.FormatName || l.Source.Publisher != "OpenSanctions" || len(l.Source.SHA256) != 64 {
			t.Errorf("source %+v", l.Source)
		}
		n := 0
		for _, is := range l.Issues {
			if is.Kind == "homoglyph" {
				n++
			}
			if is.Kind == "malformed_line" || is.Kind == "holder_not_found" || is.Kind == "no_risk_topic" {
				t.Errorf("%s: unexpected issue %+v", l.Source.Name, is)
			}
		}
		if n != c.homoglyph {
			t.Errorf("%s: %d homoglyph issues, want %d", l.Source.Name, n, c.homoglyph)
		}
	}
	// The values both datasets list (by address key).
	keys := func(l *sanctions.List) map[address.Key]bool {
		m := map[address.Key]bool{}
		for _, la := range l.Addresses {
			m[la.Addr.Key] = true
		}
		return m
	}
	ki, ku := keys(il), keys(us)
	both := 0
	for k := range ki {
		if ku[k] {
			both++
		}
	}
	if both != wantInBoth {
		t.Errorf("%d values in both datasets, want %d", both, wantInBoth)
	}
}

// TestSameHitsAsOFAC: every value of the OFAC publication read by the native reader is
// a value of the us_ofac_sdn dataset (same key, same category) and the reverse, and each
// of them hits through a Screener built on the FtM list alone.
func TestSameHitsAsOFAC(t *testing.T) {
	ctx := context.Background()
	native, err := sanctions.Open(ctx, path(t, ofacRel))
	if err != nil {
		t.Fatal(err)
	}
	us := datasets(t, bytes.NewReader(ftmBytes(t)))[sourceOFAC]
	type kc struct {
		key address.Key
		cat sanctions.Category
	}
	set := func(l *sanctions.List) map[kc]string {
		m := map[kc]string{}
		for _, la := range l.Addresses {
			m[kc{la.Addr.Key, la.Category}] = la.Value
		}
		return m
	}
	nset, fset := set(native), set(us)
	for k, v := range nset {
		if _, ok := fset[k]; !ok {
			t.Errorf("OFAC value %s (%s) not in the FtM dataset", v, k.cat)
		}
	}
	for k, v := range fset {
		if _, ok := nset[k]; !ok {
			t.Errorf("FtM value %s (%s) not in the OFAC publication", v, k.cat)
		}
	}
	distinct := map[string]bool{}
	for _, la := range native.Addresses {
		distinct[la.Value] = true
	}
	if len(distinct) != wantUSDistinct {
		t.Errorf("native reader: %d distinct values, want %d", len(distinct), wantUSDistinct)
	}
	s, err := screen.New([]*sanctions.List{us})
	if err != nil {
		t.Fatal(err)
	}
	for v := range distinct {
		r, err := s.ScreenAddress(ctx, v)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Sanctioned() {
			t.Errorf("OFAC value %s does not hit through the FtM list: %+v", v, r.Flags)
		}
	}
}

// nbctfTableValues extracts the wallet column of the NBCTF table, independently of the
// reader under test: rows under an order heading, column 5, "a, b" cells split, "-" and
// empty cells skipped. The tag and look-alike normalisation is the script's.
func nbctfTableValues(t *testing.T) map[valueTag]bool {
	f, err := os.Open(path(t, nbctfWalletsRel))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	latin := strings.NewReplacer("Н", "H", "с", "c")
	out := map[valueTag]bool{}
	inOrder := false
	for _, r := range rows[1:] {
		if len(r) > 0 && strings.HasPrefix(strings.TrimSpace(r[0]), nbctfOrderHeading) {
			inOrder = true
			continue
		}
		if len(r) < 5 || !inOrder {
			continue
		}
		for _, v := range strings.Split(r[4], ",") {
			v = strings.TrimSpace(v)
			if v == "" || v == "-" {
				continue
			}
			tag := ""
			if i := strings.Index(v, " (Address tag "); i > 0 {
				tag = strings.TrimRight(strings.TrimSpace(v[i+len(" (Address tag "):]), "*) ")
				v = v[:i]
			}
			v = latin.Replace(v)
			if strings.HasPrefix(strings.ToLower(v), "0x") {
				v = strings.ToLower(v)
			}
			out[valueTag{v, tag}] = true
		}
	}
	return out
}

func TestSameValuesAsNBCTFTable(t *testing.T) {
	table := nbctfTableValues(t)
	if len(table) != wantILDistinct {
		t.Fatalf("NBCTF table: %d distinct values, want %d", len(table), wantILDistinct)
	}
	il := datasets(t, bytes.NewReader(ftmBytes(t)))[sourceNBCTF]
	got := map[valueTag]bool{}
	for _, la := range il.Addresses {
		got[norm(la)] = true
		if la.Category != sanctions.CategoryTerrorismFinancing {
			t.Errorf("%s: category %s", la.Value, la.Category)
		}
	}
	for v := range table {
		if !got[v] {
			t.Errorf("NBCTF table value %+v not in the FtM dataset", v)
		}
	}
	for v := range got {
		if !table[v] {
			t.Errorf("FtM value %+v not in the NBCTF table", v)
		}
	}
	// The Latin form of the homoglyph entry hits, the tagged XRP account keeps its tag.
	s, err := screen.New([]*sanctions.List{il})
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.ScreenAddress(context.Background(), homoglyphLatin)
	if err != nil || !r.Sanctioned() {
		t.Errorf("%s: %+v %v", homoglyphLatin, r, err)
	}
	found := false
	for _, la := range il.Addresses {
		if la.Value == taggedXRP {
			found = la.Tag == taggedXRPTag && la.Addr.Chain == address.ChainRipple
		}
	}
	if !found {
		t.Errorf("%s with tag %s not listed as an XRP value with its tag", taggedXRP, taggedXRPTag)
	}
}

// summary is what a list says about its values, for comparing two reads.
func summary(l *sanctions.List) []string {
	var out []string
	for _, la := range l.Addresses {
		out = append(out, strings.Join([]string{la.Value, la.Tag, string(la.Category), la.Kind, la.Ticker,
			la.Entity.ID, la.Entity.Name, strings.Join(la.Entity.Programs, "|"), la.Reference,
			la.ListedOn.String(), la.Until.String(), la.EndedBy}, "\x1f"))
	}
	slices.Sort(out)
	return out
}

// TestOrderAndSpool: the real file backwards (holders after their wallets, sanctions
// before their entities) gives the same lists as forwards, from a seekable reader (two
// passes) and from a plain reader (spool).
func TestOrderAndSpool(t *testing.T) {
	b := ftmBytes(t)
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) != wantLines {
		t.Fatalf("%d lines, want %d", len(lines), wantLines)
	}
	slices.Reverse(lines)
	rev := []byte(strings.Join(lines, "\n") + "\n")
	want := datasets(t, bytes.NewReader(b))
	for name, r := range map[string]io.Reader{
		"forwards, spooled":  onlyReader{bytes.NewReader(b)},
		"backwards, seek":    bytes.NewReader(rev),
		"backwards, spooled": onlyReader{bytes.NewReader(rev)},
	} {
		got := datasets(t, r)
		for src, wl := range want {
			if !slices.Equal(summary(got[src]), summary(wl)) {
				t.Errorf("%s: %s differs", name, src)
			}
		}
	}
}

func TestMalformedLines(t *testing.T) {
	b := ftmBytes(t)
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	// Line 3 becomes junk, line 6 an entity without schema, a line is cut in half.
	lines = slices.Insert(lines, 2, `{"id": "x", "schema": `)
	lines = slices.Insert(lines, 5, `{"id":"y","properties":{}}`)
	lines = append(lines, lines[10][:len(lines[10])/2])
	l, err := opensanctions.Read(context.Background(), strings.NewReader(strings.Join(lines, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	got := map[int]bool{}
	for _, is := range l.Issues {
		if is.Kind == "malformed_line" {
			got[is.Line] = true
		}
	}
	if !got[3] || !got[6] || !got[len(lines)] || len(got) != 3 {
		t.Errorf("malformed lines reported %v, want 3, 6 and %d", got, len(lines))
	}
	if l.Source.Name != "OpenSanctions il_mod_crypto, us_ofac_sdn" {
		t.Errorf("merged source %q", l.Source.Name)
	}
	// The wallet on the cut line (line 11 of the original) was read from its whole copy.
	if len(l.Addresses) != wantILValues+wantUSValues {
		t.Errorf("%d values", len(l.Addresses))
	}
}

func TestSanctionEndAndTopics(t *testing.T) {
	in := strings.Join([]string{
		// A sanction of the holder that ended: the value is DELISTED after 2024-03-01.
		`{"id":"s1","schema":"Sanction","properties":{"entity":["p1"],"authority":["X"],"program":["P"],"startDate":["2020-01-02"],"endDate":["2024-03"]},"datasets":["d"]}`,
		`{"id":"w1","schema":"CryptoWallet","properties":{"publicKey":["0x8589427373D6D84E98730D7795D8f6f8731FDA16"],"currency":["ETH"],"holder":["p1"]},"datasets":["d"],"last_seen":"2025-01-05T10:00:00"}`,
		`{"id":"p1","schema":"Person","properties":{"name":["A B"],"topics":["sanction"],"idNumber":["123"],"passportNumber":["P9"]},"datasets":["d"]}`,
		// Two sanctions, one without end: in force. Topics sanction and crime.terror: both categories.
		`{"id":"w2","schema":"CryptoWallet","properties":{"publicKey":["TWB9xgNG9nmJuwW4etsQEb9RRnrnVnoNnJ"],"topics":["sanction","crime.terror"]},"datasets":["d"]}`,
		`{"id":"s2","schema":"Sanction","properties":{"entity":["w2"],"authorityId":["A1"],"endDate":["2001-01-01"]},"datasets":["d"]}`,
		`{"id":"s3","schema":"Sanction","properties":{"entity":["w2"],"authorityId":["A2"]},"datasets":["d"]}`,
		// No risk topic, an unknown holder, no value.
		`{"id":"w3","schema":"CryptoWallet","properties":{"accountId":["5551234"],"holder":["nobody"]},"datasets":["d"]}`,
		`{"id":"w4","schema":"CryptoWallet","properties":{"topics":["sanction"]},"datasets":["d"]}`,
		`{"id":"v1","schema":"Vessel","properties":{"name":["ignored"]},"datasets":["d"]}`,
	}, "\n")
	l, err := opensanctions.Read(context.Background(), onlyReader{strings.NewReader(in)})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, is := range l.Issues {
		kinds[is.Kind]++
	}
	if kinds["no_risk_topic"] != 1 || kinds["holder_not_found"] != 1 || kinds["wallet_without_value"] != 1 {
		t.Errorf("issues %+v", l.Issues)
	}
	if len(l.Addresses) != 4 {
		t.Fatalf("values %+v", l.Addresses)
	}
	w1 := l.Addresses[0]
	// endDate "2024-03": in force through 2024-03-31, ended when 2024-04-01 begins.
	if !w1.Until.Equal(time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)) || w1.EndedBy != "sanction ended 2024-03-31: P" ||
		!w1.ListedOn.Equal(time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC)) || w1.Category != sanctions.CategorySanctions {
		t.Errorf("ended value %+v", w1)
	}
	e := w1.Entity
	if e.ID != "p1" || e.Name != "A B" || e.Type != "individual" || !slices.Equal(e.Programs, []string{"P"}) ||
		len(e.Identifiers) != 2 || e.Identifiers[0] != (sanctions.Identifier{Type: "national_id", Value: "123"}) {
		t.Errorf("holder %+v", e)
	}
	var cats []sanctions.Category
	for _, la := range l.Addresses[1:3] {
		if la.Value != "TWB9xgNG9nmJuwW4etsQEb9RRnrnVnoNnJ" || !la.Until.IsZero() || la.Reference != "A1; A2" {
			t.Errorf("in-force value %+v", la)
		}
		cats = append(cats, la.Category)
	}
	if !slices.Equal(cats, []sanctions.Category{sanctions.CategoryTerrorismFinancing, sanctions.CategorySanctions}) {
		t.Errorf("categories %v", cats)
	}
	if a := l.Addresses[3]; a.Kind != sanctions.ValueExchangeAccount || a.Category != sanctions.CategorySanctions || a.Entity.ID != "w3" {
		t.Errorf("account %+v", a)
	}
	if got := l.Source.Published.Format("2006-01-02"); got != "2025-01-05" || l.Source.Name != "OpenSanctions d" {
		t.Errorf("source %+v", l.Source)
	}
}

func TestBadInput(t *testing.T) {
	ctx := context.Background()
	for name, in := range map[string]string{
		"empty":        "",
		"no wallets":   `{"id":"p1","schema":"Person","properties":{"name":["A"]},"datasets":["d"]}`,
		"not json":     "hello\nworld\n",
		"only a blank": "\n\n",
	} {
		_, err := opensanctions.Read(ctx, strings.NewReader(in))
		if !errors.Is(err, sanctions.ErrEmpty) {
			t.Errorf("%s: %v, want ErrEmpty", name, err)
		}
	}
	// A line over the limit is an issue, not a failure.
	long := `{"id":"p","schema":"Person","properties":{"name":["` + strings.Repeat("a", opensanctions.MaxLineBytes) + `"]}}`
	in := long + "\n" + `{"id":"w","schema":"CryptoWallet","properties":{"publicKey":["TWB9xgNG9nmJuwW4etsQEb9RRnrnVnoNnJ"],"topics":["sanction"]},"datasets":["d"]}`
	l, err := opensanctions.Read(ctx, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Addresses) != 1 || len(l.Issues) != 1 || l.Issues[0].Kind != "line_too_long" || l.Issues[0].Line != 1 {
		t.Errorf("values %d, issues %+v", len(l.Addresses), l.Issues)
	}
}

func TestSniffAndOpen(t *testing.T) {
	head := func(rel string) []byte {
		b, err := os.ReadFile(path(t, rel))
		if err != nil {
			t.Fatal(err)
		}
		return b[:min(len(b), sanctions.SniffLen)]
	}
	if !opensanctions.Sniff(head(ftmRel)) {
		t.Error("sniffer refuses entities.ftm.json")
	}
	for _, rel := range []string{
		"ofac/excerpts/sdn_advanced_excerpt_2025-11-19.xml",
		"ofac/excerpts/sdn_csv_rows_with_digital_currency_2024-05-03.csv",
		nbctfWalletsRel, "lists/nbctf/releases.csv",
		"lists/usdt_freeze_ethereum/usdt_blacklist_logs.json",
		"lists/usdt_freeze_ethereum/usdt_configs.csv",
		"lists/opensanctions/expected.json",
		"lists/brave-intl/sanctioned_addresses_ETH.json",
	} {
		if opensanctions.Sniff(head(rel)) {
			t.Errorf("sniffer claims %s", rel)
		}
	}
	// Through the registry: detected from the content, not the name.
	l, err := sanctions.Open(context.Background(), path(t, ftmRel))
	if err != nil {
		t.Fatal(err)
	}
	if l.Source.Format != opensanctions.FormatName || len(l.Addresses) != wantILValues+wantUSValues {
		t.Errorf("Open: %+v, %d values", l.Source, len(l.Addresses))
	}
}

func readFile(p string) ([]byte, error) { return os.ReadFile(p) }
