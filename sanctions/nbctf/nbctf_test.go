package nbctf_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/sanctions/nbctf"
)

// header is the real header row of wallets.csv.
const header = "שם מלא,תעודת זהות,דרכון,תאריך לידה,מספר זיהוי הארנק האלקטרוני/ יוזר,מטבע\r\n"

const releases = "סוג,תאריך עדכון,תוקף הצו\r\n" +
	"צ.ת 18/26 של שר הביטחון,01.07.2026,01.07.2028\r\n" +
	"צ.ת 53/25 של שר הביטחון,24.11.2025,צו חילוט (צח 14/26)\r\n"

func readString(t *testing.T, wallets, rel string) *sanctions.List {
	t.Helper()
	l, err := nbctf.ReadFiles(context.Background(), strings.NewReader(wallets), strings.NewReader(rel))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func issuesOf(l *sanctions.List, kind string) []sanctions.Issue {
	var out []sanctions.Issue
	for _, is := range l.Issues {
		if is.Kind == kind {
			out = append(out, is)
		}
	}
	return out
}

func values(l *sanctions.List) map[string]sanctions.ListedAddress {
	m := map[string]sanctions.ListedAddress{}
	for _, la := range l.Addresses {
		m[la.Value] = la
	}
	return m
}

// TestMalformedRows: a row with a stray quote or too many fields is an Issue with its
// line, its values are still listed, and it does not swallow the rows after it.
func TestMalformedRows(t *testing.T) {
	w := header +
		"צ.ת 18/26\r\n" +
		",,,,TWB9xgNG9nmJuwW4etsQEb9RRnrnVnoNnJ,\r\n" + // line 3
		",,,,\"TPQrYqxT2ss3BSq5VrAdX9FyrC11Sb4PH2,\r\n" + // line 4: unterminated quote
		",,,,TJTfTa6xh2gStckJ3RjEiNYfg8Dosd9GjW,\r\n" + // line 5
		",,,,0x53b9B72DC6f96Eb4B54143B211B22e2548e4cf5c, 0xE3740C1B2FcDA407027E2c80906306604E5260e7,ETH\r\n" + // line 6: 7 fields
		",,,\r\n" + // line 7: 4 fields, no value column
		"\"ALI\",12,,,\"99\"x,\r\n" + // line 8: text after a closing quote
		",,,,TL94ikrR7YUe1gvYHtU9nUUUDHN1YB7Pod,\r\n" // line 9
	l := readString(t, w, releases)
	got := map[int]bool{}
	for _, is := range issuesOf(l, "malformed_row") {
		got[is.Line] = true
	}
	for _, line := range []int{4, 6, 7, 8} {
		if !got[line] {
			t.Errorf("no malformed_row issue on line %d: %+v", line, l.Issues)
		}
	}
	if len(got) != 4 {
		t.Errorf("malformed rows on lines %v, want 4, 6, 7, 8", got)
	}
	vs := values(l)
	for _, v := range []string{"TWB9xgNG9nmJuwW4etsQEb9RRnrnVnoNnJ", "TPQrYqxT2ss3BSq5VrAdX9FyrC11Sb4PH2",
		"TJTfTa6xh2gStckJ3RjEiNYfg8Dosd9GjW", "0x53b9B72DC6f96Eb4B54143B211B22e2548e4cf5c",
		"0xE3740C1B2FcDA407027E2c80906306604E5260e7", "TL94ikrR7YUe1gvYHtU9nUUUDHN1YB7Pod"} {
		la, ok := vs[v]
		if !ok {
			t.Errorf("%s not listed: %v", v, vs)
			continue
		}
		if la.Addr.Kind == "exact-string" || la.Reference != "צ.ת 18/26" {
			t.Errorf("%s: %+v", v, la)
		}
	}
	if vs["0x53b9B72DC6f96Eb4B54143B211B22e2548e4cf5c"].Ticker != "ETH" {
		t.Errorf("currency of the 7-field row lost: %+v", vs["0x53b9B72DC6f96Eb4B54143B211B22e2548e4cf5c"])
	}
	if len(issuesOf(l, "two_values_in_cell")) != 1 {
		t.Errorf("two values in the 7-field row not reported: %+v", l.Issues)
	}
}

// TestQuirksFixture: each quirk of the real table, on a small table written here.
func TestQuirksFixture(t *testing.T) {
	w := "\ufeff" + header +
		",,,,TWB9xgNG9nmJuwW4etsQEb9RRnrnVnoNnJ,\r\n" + // line 2: above the first order
		"צ.ת - 18/26,,,,,\r\n" + // line 3
		",,,,\u200fTPQrYqxT2ss3BSq5VrAdX9FyrC11Sb4PH2\u200b ,\r\n" + // line 4: RTL mark, zero-width space, trailing space
		"AHMED X,9.46108E+11,,01/01/2003,962788680555,\r\n" + // line 5
		"AHMED X,9.46108E+11,,,962788680555,\r\n" + // line 6: repeated
		"-,-,-,-,-,\r\n" + // line 7
		",,,,,\r\n" + // line 8
		"EID,,,,,\r\n" + // line 9
		",,,,rEb8TK3gBgk5auZkwc6sHnwrGVJH8DuaLh (Address tag 102334770)*,XRP\r\n" + // line 10
		",,,,TН96tFMn8KGiYSLiwсV3E2UiaJc8jmcbz3,\r\n" + // line 11
		",,,,12154055877559948854L,\r\n" + // line 12
		"צ.ת 53/25\r\n" + // line 13
		"אנונימי,-,-,-,1QH9hfeSSb2iftcVpgpQp3NsFD174crFoW,BTC\r\n" + // line 14
		",,,,962788680555,\r\n" + // line 15: the value of line 5 under another order
		"צ.ת 7/99\r\n" + // line 16: not in releases.csv
		",,,,TJTfTa6xh2gStckJ3RjEiNYfg8Dosd9GjW,-\r\n" // line 17
	l := readString(t, w, releases)
	want := map[string][]int{
		"malformed_row":              {2},
		"order_reference_normalised": {3},
		"invisible_character":        {4},
		"whitespace":                 {4},
		"scientific_notation":        {5, 6},
		"exchange_account":           {5, 6, 15},
		"duplicate_value":            {6, 15},
		"placeholder":                {7},
		"empty_row":                  {8},
		"empty_cell":                 {9},
		"tagged_value":               {10},
		"homoglyph":                  {11},
		"order_not_in_releases":      {16},
	}
	for kind, lines := range want {
		is := issuesOf(l, kind)
		var got []int
		for _, i := range is {
			got = append(got, i.Line)
		}
		if len(got) != len(lines) {
			t.Errorf("%s: issues on lines %v, want %v", kind, got, lines)
			continue
		}
		for i := range got {
			if got[i] != lines[i] {
				t.Errorf("%s: issues on lines %v, want %v", kind, got, lines)
				break
			}
		}
	}
	vs := values(l)
	if len(l.Addresses) != 9 { // 962788680555 twice, under two orders
		t.Errorf("%d values listed, want 9: %v", len(l.Addresses), vs)
	}
	if la := vs["TPQrYqxT2ss3BSq5VrAdX9FyrC11Sb4PH2"]; la.Addr.Chain != "tron" {
		t.Errorf("cleaned value: %+v", la)
	}
	if la := vs["TH96tFMn8KGiYSLiwcV3E2UiaJc8jmcbz3"]; la.Addr.Chain != "tron" {
		t.Errorf("homoglyph value: %+v", la)
	}
	if la := vs["rEb8TK3gBgk5auZkwc6sHnwrGVJH8DuaLh"]; la.Tag != "102334770" || la.Ticker != "XRP" || la.Addr.Chain != "ripple" {
		t.Errorf("tagged value: %+v", la)
	}
	if la := vs["12154055877559948854L"]; la.Ticker != "LSK" {
		t.Errorf("Lisk value: %+v", la)
	}
	la := vs["1QH9hfeSSb2iftcVpgpQp3NsFD174crFoW"]
	if la.Entity.ID != "צ.ת 53/25" || !la.Until.IsZero() || la.Entity.Programs[1] != "צח 14/26" {
		t.Errorf("anonymous holder of a forfeiture order: %+v %+v", la, la.Entity)
	}
	if la := vs["TJTfTa6xh2gStckJ3RjEiNYfg8Dosd9GjW"]; !la.Until.IsZero() || !la.ListedOn.IsZero() || la.Ticker != "" {
		t.Errorf("order missing from releases.csv must be in force: %+v", la)
	}
	n := 0
	for _, la := range l.Addresses {
		if la.Value == "962788680555" {
			n++
			if la.Kind != sanctions.ValueExchangeAccount {
				t.Errorf("exchange id as %q", la.Kind)
			}
		}
	}
	if n != 2 {
		t.Errorf("962788680555 listed %d times, want 2 (once per order)", n)
	}
	if got := vs["TPQrYqxT2ss3BSq5VrAdX9FyrC11Sb4PH2"].Until; !got.Equal(time.Date(2028, 7, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("until %v", got)
	}
}

func TestReleasesIssues(t *testing.T) {
	rel := "סוג,תאריך עדכון,תוקף הצו\r\n" +
		"צ.ת 18/26 של שר הביטחון,31.02.2026,01.07.2028\r\n" + // line 2: no such day
		"צ.ת 13/26 של שר הביטחון,27.04.2026,soon\r\n" + // line 3
		"only one field\r\n" // line 4
	r, err := nbctf.ReadReleases(strings.NewReader(rel))
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{2: "malformed_row", 3: "validity_unknown", 4: "malformed_row"}
	if len(r.Issues) != len(want) {
		t.Fatalf("issues %+v", r.Issues)
	}
	for _, is := range r.Issues {
		if want[is.Line] != is.Kind {
			t.Errorf("line %d: kind %s, want %s", is.Line, is.Kind, want[is.Line])
		}
	}
	if o := r.Orders["צ.ת 13/26"]; !o.Valid.IsZero() || !o.Until().IsZero() {
		t.Errorf("unreadable validity must leave the order in force: %+v", o)
	}
}

func TestNotNBCTF(t *testing.T) {
	dir := testdata.Path(t, "lists", "nbctf")
	head := func(p string) []byte {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return b[:min(len(b), sanctions.SniffLen)]
	}
	if !nbctf.Sniff(head(filepath.Join(dir, "wallets.csv"))) || !nbctf.SniffDir(dir) {
		t.Error("the real wallets table is not sniffed")
	}
	for _, p := range []string{
		filepath.Join(dir, "releases.csv"),
		testdata.Path(t, "ofac", "excerpts", "sdn_advanced_excerpt_2025-11-19.xml"),
		testdata.Path(t, "lists", "brave-intl", "sanctioned_addresses_TRX.txt"),
		testdata.Path(t, "lists", "ultrasoundmoney", "data.csv"),
	} {
		if nbctf.Sniff(head(p)) {
			t.Errorf("%s sniffed as nbctf", p)
		}
	}
	// No other registered format claims the wallets table.
	for _, f := range sanctions.Formats() {
		if f.Name != nbctf.FormatName && f.Sniff != nil && f.Sniff(head(filepath.Join(dir, "wallets.csv"))) {
			t.Errorf("format %s also sniffs the wallets table", f.Name)
		}
		if f.Name != nbctf.FormatName && f.SniffDir != nil && f.SniffDir(dir) {
			t.Errorf("format %s also sniffs the nbctf directory", f.Name)
		}
	}
	if nbctf.Sniff(nil) || nbctf.SniffDir(t.TempDir()) {
		t.Error("nothing sniffed as nbctf")
	}
	// Forced on another format: a typed error.
	_, err := sanctions.ReadFormat(context.Background(), strings.NewReader("address,name\nTWB9xgNG9nmJuwW4etsQEb9RRnrnVnoNnJ,x\n"), nbctf.FormatName)
	if !errors.Is(err, nbctf.ErrNotWallets) || !errors.Is(err, sanctions.ErrFormat) {
		t.Errorf("custom CSV forced as nbctf: %v", err)
	}
	// releases.csv alone is of no registered format.
	if _, err := sanctions.Open(context.Background(), filepath.Join(dir, "releases.csv")); !errors.Is(err, sanctions.ErrUnknownFormat) {
		t.Errorf("Open(releases.csv): %v", err)
	}
	// A table without values.
	_, err = nbctf.ReadFiles(context.Background(), strings.NewReader(header+"צ.ת 18/26\r\n,,,,-,\r\n"), nil)
	if !errors.Is(err, sanctions.ErrEmpty) {
		t.Errorf("table without values: %v", err)
	}
	if _, err := nbctf.ReadFiles(context.Background(), strings.NewReader(""), nil); !errors.Is(err, sanctions.ErrFormat) {
		t.Errorf("empty input: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := nbctf.OpenDir(ctx, dir); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	if _, err := nbctf.OpenDir(context.Background(), t.TempDir()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("directory without wallets.csv: %v", err)
	}
}

func TestUnconfuse(t *testing.T) {
	for in, want := range map[string]string{
		"TН96tFMn8KGiYSLiwсV3E2UiaJc8jmcbz3": "TH96tFMn8KGiYSLiwcV3E2UiaJc8jmcbz3", // Cyrillic Н, с
		"0xаbсdеf":                           "0xabcdef",                           // Cyrillic а, с, е
		"ΤΑΒ":                                "TAB",                                // Greek
		"TWB9xgNG9nmJuwW4etsQEb9RRnrnVnoNnJ": "TWB9xgNG9nmJuwW4etsQEb9RRnrnVnoNnJ",
	} {
		got, changed := sanctions.Unconfuse(in)
		if got != want || changed != (in != want) {
			t.Errorf("Unconfuse(%q) = %q, %v; want %q", in, got, changed, want)
		}
	}
}

// TestQuotedCellOverTwoLines: a quoted cell may hold a line break (two values); the
// lines after it keep their numbers.
func TestQuotedCellOverTwoLines(t *testing.T) {
	w := header +
		"צ.ת 18/26\r\n" +
		",,,,\"TWB9xgNG9nmJuwW4etsQEb9RRnrnVnoNnJ\r\nTPQrYqxT2ss3BSq5VrAdX9FyrC11Sb4PH2\",\r\n" + // lines 3-4
		",,,,TWB9xgNG9nmJuwW4etsQEb9RRnrnVnoNnJ,\r\n" // line 5: repeats line 3
	l := readString(t, w, releases)
	two, dup := issuesOf(l, "two_values_in_cell"), issuesOf(l, "duplicate_value")
	if len(two) != 1 || two[0].Line != 3 || len(dup) != 1 || dup[0].Line != 5 || len(l.Addresses) != 2 {
		t.Errorf("issues %+v, %d values", l.Issues, len(l.Addresses))
	}
	if len(issuesOf(l, "malformed_row")) != 0 {
		t.Errorf("a quoted line break is well-formed CSV: %+v", l.Issues)
	}
}
