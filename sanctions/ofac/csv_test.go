package ofac

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/sanctions"
)

// lcCSVRow returns the raw line (with its CRLF) of entry id from an OFAC CSV file.
func lcCSVRow(t *testing.T, path, id string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range bytes.SplitAfter(b, []byte("\r\n")) {
		if bytes.HasPrefix(line, []byte(id+",")) {
			return line
		}
	}
	t.Fatalf("no entry %s in %s", id, path)
	return nil
}

func lcIssues(l *sanctions.List, substr string) []sanctions.Issue {
	var out []sanctions.Issue
	for _, is := range l.Issues {
		if strings.Contains(is.Reason, substr) {
			out = append(out, is)
		}
	}
	return out
}

func TestReadCSVTiny(t *testing.T) {
	remark := "DOB 1977; Digital Currency Address - XBT " + lcBTC + "; alt. Digital Currency Address - ETH " + lcEVM + "."
	sdn := "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n" +
		"25308,\"YAN, Xiaobing\",\"individual\",\"SDNTK] [CYBER2\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"" + remark + "\"\r\n\x1a"
	l, err := ReadCSV(context.Background(), CSVFiles{Primary: strings.NewReader(sdn)}, sanctions.Meta{Published: lcDay("2024-05-03")})
	if err != nil {
		t.Fatal(err)
	}
	if l.EntityCount != 2 || len(l.Entities) != 1 || len(l.Addresses) != 2 || len(l.Issues) != 0 {
		t.Fatalf("entities %d/%d, values %d, issues %v", l.EntityCount, len(l.Entities), len(l.Addresses), l.Issues)
	}
	e := l.Entities["25308"]
	if e.Name != "YAN, Xiaobing" || e.Type != "individual" || strings.Join(e.Programs, ",") != "SDNTK,CYBER2" {
		t.Errorf("entity %+v", e)
	}
	if l.Addresses[1].Value != lcEVM || l.Addresses[1].Ticker != "ETH" || l.Addresses[1].Err != nil {
		t.Errorf("last value %+v (the remark's final '.' must go)", l.Addresses[1])
	}
	if l.Source.Format != "ofac-csv" || l.Source.Name != "OFAC SDN" || l.Source.SHA256 == "" {
		t.Errorf("source %+v", l.Source)
	}
}

func TestReadCSVErrors(t *testing.T) {
	ctx := context.Background()
	pub := sanctions.Meta{Published: lcDay("2024-05-03")}
	if _, err := ReadCSV(ctx, CSVFiles{Primary: strings.NewReader("1,\"x\"\r\n")}, sanctions.Meta{}); !errors.Is(err, sanctions.ErrNoDate) {
		t.Errorf("no date: %v", err)
	}
	if _, err := ReadCSV(ctx, CSVFiles{Primary: strings.NewReader("1,\"x\"\r\n")}, pub); !errors.Is(err, sanctions.ErrFormat) {
		t.Errorf("2 columns: %v", err)
	}
	if _, err := ReadCSV(ctx, CSVFiles{Primary: strings.NewReader("1,\"x\"y\"\r\n")}, pub); !errors.Is(err, sanctions.ErrFormat) {
		t.Errorf("bad quote: %v", err)
	}
	if _, err := ReadCSV(ctx, CSVFiles{Primary: strings.NewReader("\x1a")}, pub); !errors.Is(err, sanctions.ErrEmpty) {
		t.Errorf("empty: %v", err)
	}
	if _, err := OpenCSV(ctx, t.TempDir(), pub); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("empty dir: %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := ReadCSV(cctx, CSVFiles{Primary: strings.NewReader("")}, pub); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// TestOFACCSV20240503 reads the real sdn.csv of 2024-05-03 (no comments file). Expected
// numbers from an independent Python pass (csv module after stripping the 0x1A byte;
// regex `Digital Currency Address - (\S+) ([^;\s]+)` over column 12): 294 values in 55
// rows, 203 of them XBT (202 distinct strings: the README's "202 XBT addresses"
// counts the fragments too). Six XBT values sit at the end of a remark cut at exactly
// 1000 characters and fail base58check: they are fragments. That leaves 288 values
// (197 XBT) for 55 parties; 16 remarks with digital currency values reach the limit.
func TestOFACCSV20240503(t *testing.T) {
	dir := filepath.Dir(testdata.Path(t, "ofac", "sdn_csv_2024-05-03", "sdn.csv"))
	l, err := OpenCSV(context.Background(), dir, sanctions.Meta{Published: lcDay("2024-05-03")})
	if err != nil {
		t.Fatal(err)
	}
	xbt := 0
	for _, la := range l.Addresses {
		if la.Ticker == "XBT" {
			xbt++
		}
	}
	if len(l.Addresses) != 288 || xbt != 197 || len(l.Entities) != 55 || l.EntityCount != 14965 {
		t.Errorf("values %d (XBT %d), parties with values %d, rows %d; want 288 (197), 55, 14965",
			len(l.Addresses), xbt, len(l.Entities), l.EntityCount)
	}
	var frags []string
	for _, is := range lcIssues(l, "fragment") {
		frags = append(frags, is.EntityID+" "+is.Value)
	}
	sort.Strings(frags)
	want := "30518 1Gq,33151 1B64QRxf,33854 3,36216 1B11Ezqg3AXj,37070 3F6bbvS1krsc1qR8FsbTDfYQyvkMm,39585 1N6XqS"
	if g := strings.Join(frags, ","); g != want {
		t.Errorf("fragments = %s\nwant %s", g, want)
	}
	for _, la := range l.Addresses {
		if la.Value == "3F6bbvS1krsc1qR8FsbTDfYQyvkMm" || la.Value == "1Gq" {
			t.Errorf("fragment %q indexed", la.Value)
		}
	}
	if n := len(lcIssues(l, "reaches the 1000-character limit")); n != 16 {
		t.Errorf("%d truncated-remark issues, want 16", n)
	}
	if !l.Source.Published.Equal(lcDay("2024-05-03")) || l.Source.Location != dir {
		t.Errorf("source %+v", l.Source)
	}
}

// TestOFACCSVSpillOverRebuildsAddress joins real remarks of the 2024-05-03 sdn.csv,
// cut at 1000 characters, with the real continuations of the same entries in the
// 2025-12-24 sdn_comments.csv, and compares the values with what the 2024-12-19 XML lists
// for the same party. Entry 30518 is cut inside an address (19 values, checked
// independently with Python, among them 1GqChmWqGtsaLrGbHfgdrV5Nkvahtjjuxr, which no
// single file holds whole); entry 31212 is cut before the space of "alt. Digital
// Currency Address - BCH qq3v…".
func TestOFACCSVSpillOverRebuildsAddress(t *testing.T) {
	xml, _ := loadPublication(t, "2024-12-19")
	for _, tc := range []struct {
		id, split string
		n         int
	}{
		// The cut falls inside an address: "…1Gq" + "ChmWqGtsaLrGbHfgdrV5Nkvahtjjuxr; …".
		{"30518", "XBT 1GqChmWqGtsaLrGbHfgdrV5Nkvahtjjuxr", 19},
		// The cut falls before a space: "…; alt. Digital" + " Currency Address - BCH qq3v…".
		{"31212", "BCH qq3vlashthktqpeppuv7trmw070e3mydgq63zq348v", 0},
	} {
		t.Run(tc.id, func(t *testing.T) {
			dir := t.TempDir()
			sdn := lcCSVRow(t, testdata.Path(t, "ofac", "sdn_csv_2024-05-03", "sdn.csv"), tc.id)
			com := lcCSVRow(t, testdata.Path(t, "ofac", "sdn_csv_2025-12-24", "sdn_comments.csv"), tc.id)
			if err := os.WriteFile(filepath.Join(dir, "sdn.csv"), append(sdn, 0x1a), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "SDN_COMMENTS.CSV"), append(com, 0x1a), 0o644); err != nil {
				t.Fatal(err)
			}
			l, err := OpenCSV(context.Background(), dir, sanctions.Meta{})
			if err != nil {
				t.Fatal(err)
			}
			if len(l.Issues) != 0 {
				t.Errorf("issues: %+v", l.Issues)
			}
			if l.Source.Published.IsZero() {
				t.Error("no date from the file's modification time")
			}
			// The rebuilt remark yields exactly what the XML lists for the party.
			want := map[string]bool{}
			for _, la := range xml.Addresses {
				if la.Entity.ID == tc.id {
					want[la.Ticker+" "+la.Value] = true
				}
			}
			got := map[string]bool{}
			for _, la := range l.Addresses {
				got[la.Ticker+" "+la.Value] = true
			}
			if len(want) == 0 || len(got) != len(want) || len(l.Addresses) != len(want) || (tc.n > 0 && len(want) != tc.n) {
				t.Fatalf("CSV %d values (%d unique), XML %d", len(l.Addresses), len(got), len(want))
			}
			for k := range want {
				if !got[k] {
					t.Errorf("missing %s", k)
				}
			}
			if !got[tc.split] {
				t.Errorf("the value across the cut, %s, was not rebuilt", tc.split)
			}
		})
	}
}

// TestOFACCSVCommentsOnly reads the real 2025-12-24 sdn_comments.csv without its
// sdn.csv (not available). Python (same regex as above over column 2) finds 366
// values in 14 rows; three rows start inside the item prefix ("s - ETH 0x8576…",
// "rency Address - XBT bc1q…", " Currency Address - BCH qq3v…", found with a second
// Python pass) with a whole value after it, which the reader recovers: 369 values. Eleven rows start mid-token in text that
// cannot be rebuilt without sdn.csv: issues. Entry 22985 continues mid-address: its
// first text "4X3191Z8" is the tail of a value whose start is in the missing file; it
// is reported, and its other 43 values (the first USDT TE3mCc…, the last USDT
// TYxwUh…) are read.
func TestOFACCSVCommentsOnly(t *testing.T) {
	dir := filepath.Dir(testdata.Path(t, "ofac", "sdn_csv_2025-12-24", "sdn_comments.csv"))
	l, err := OpenCSV(context.Background(), dir, sanctions.Meta{Published: lcDay("2025-12-24")})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Addresses) != 369 {
		t.Errorf("%d values, want 369", len(l.Addresses))
	}
	orphans := lcIssues(l, "cannot be rebuilt")
	if len(orphans) != 11 {
		t.Errorf("%d unrebuildable continuations, want 11: %+v", len(orphans), orphans)
	}
	found := false
	for _, is := range orphans {
		if is.EntityID == "22985" {
			found = is.Value == "4X3191Z8"
		}
	}
	if !found {
		t.Error("22985's leading fragment 4X3191Z8 not reported")
	}
	var v22985 []sanctions.ListedAddress
	for _, la := range l.Addresses {
		if la.Entity.ID == "22985" {
			v22985 = append(v22985, la)
		}
	}
	if len(v22985) != 43 || v22985[0].Value != "TE3mCcPULjPUE7ykX7RArDPAhyahoy3d2j" ||
		v22985[42].Value != "TYxwUhoLPF7AgfG9GaXFEp8CQi8K8KG1m3" || v22985[0].Ticker != "USDT" {
		t.Errorf("22985: %d values", len(v22985))
	}
	if len(lcIssues(l, "no primary file")) != 1 {
		t.Error("missing primary file not reported")
	}
}

// TestOFACCSVConsolidated: the Consolidated list of 2025-12-19 has 442 rows and no
// digital currency address (grep -c "Digital Currency" gives 0): 0 values, no error.
func TestOFACCSVConsolidated(t *testing.T) {
	dir := filepath.Dir(testdata.Path(t, "ofac", "cons_csv_2025-12-19", "cons_prim.csv"))
	l, err := OpenCSV(context.Background(), dir, sanctions.Meta{Published: lcDay("2025-12-19")})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Addresses) != 0 || l.EntityCount != 442 || len(l.Issues) != 0 || l.Source.Name != "OFAC Consolidated" {
		t.Errorf("values %d, rows %d, issues %v, name %q", len(l.Addresses), l.EntityCount, l.Issues, l.Source.Name)
	}
}
