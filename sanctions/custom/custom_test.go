package custom

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
)

func TestReadCSV(t *testing.T) {
	in := "Address,Name,Chain,Program\n" +
		lcEVM + ",Blocked Ltd,ETH,internal;fraud\n" +
		"\n# a comment\n" +
		lcBTC + ",Blocked Ltd,,\n" +
		",no address,,\n" +
		"not-an-address,Someone,,\n" +
		"a,b,c,d,e\n" +
		lcEVM2 + "\n"
	l, err := ReadCSV(context.Background(), strings.NewReader(in), sanctions.Meta{Name: "exchange block list", Published: lcDay("2025-01-02")})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Addresses) != 4 || l.Source.Format != FormatCustomCSV || l.Source.Name != "exchange block list" {
		t.Fatalf("values %d, source %+v", len(l.Addresses), l.Source)
	}
	e := l.Addresses[0].Entity
	if e.ID != "Blocked Ltd" || e.Type != "" || strings.Join(e.Programs, ",") != "internal,fraud" || l.Addresses[1].Entity != e {
		t.Errorf("entity %+v", e)
	}
	if l.Addresses[0].Ticker != "ETH" || l.Addresses[1].Ticker != "" || l.Addresses[1].Addr.Key == "" {
		t.Errorf("tickers %q %q", l.Addresses[0].Ticker, l.Addresses[1].Ticker)
	}
	if l.Addresses[3].Entity.ID != "row 9" {
		t.Errorf("unnamed row entity %q", l.Addresses[3].Entity.ID)
	}
	// Three issues: no address (row 6), too many columns (row 8), not an address (kept).
	var reasons []string
	for _, is := range l.Issues {
		reasons = append(reasons, is.Reason)
	}
	if len(l.Issues) != 3 || !strings.Contains(reasons[0], "row 8: 5 columns") ||
		!strings.Contains(reasons[1], "row 6: no address") || l.Issues[2].Value != "not-an-address" {
		t.Errorf("issues: %q", reasons)
	}
}

func TestReadCSVNoHeaderAndEmpty(t *testing.T) {
	ctx := context.Background()
	pub := sanctions.Meta{Published: lcDay("2025-01-02")}
	l, err := ReadCSV(ctx, strings.NewReader(lcEVM+",X\r\n"), pub)
	if err != nil || len(l.Addresses) != 1 || l.Source.Name != "custom" {
		t.Fatalf("no header: %v %+v", err, l)
	}
	for _, in := range []string{"", "address,name\n", "nope,x\n,y\n"} {
		if _, err := ReadCSV(ctx, strings.NewReader(in), pub); !errors.Is(err, sanctions.ErrEmpty) {
			t.Errorf("%q: %v, want ErrEmpty", in, err)
		}
	}
	if _, err := ReadCSV(ctx, strings.NewReader(lcEVM+",X\n"), sanctions.Meta{}); !errors.Is(err, sanctions.ErrNoDate) {
		t.Errorf("no date: %v", err)
	}
}

func TestReadCustomJSON(t *testing.T) {
	in := `[{"address":"` + lcEVM + `","name":"A","chain":"ETH","programs":["p1"],"extra":1},
		{"address":"` + lcBTC + `","name":"A","program":"p2"},
		{"name":"no address"}, 42, {"address":7}]`
	l, err := ReadJSON(context.Background(), strings.NewReader(in), sanctions.Meta{Published: lcDay("2025-01-02")})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Addresses) != 2 || len(l.Issues) != 3 || l.Source.Format != FormatCustomJSON {
		t.Fatalf("values %d issues %+v", len(l.Addresses), l.Issues)
	}
	if e := l.Entities["A"]; e == nil || strings.Join(e.Programs, ",") != "p1,p2" {
		t.Errorf("entity %+v", e)
	}
	if _, err := ReadJSON(context.Background(), strings.NewReader(`{"address":"x"}`), sanctions.Meta{Published: lcDay("2025-01-02")}); !errors.Is(err, sanctions.ErrFormat) {
		t.Errorf("object: %v, want ErrFormat", err)
	}
}

func TestOpenDefaults(t *testing.T) {
	p := filepath.Join(t.TempDir(), "blocked.json")
	if err := os.WriteFile(p, []byte(`[{"address":"`+lcEVM+`"}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := Open(context.Background(), p, sanctions.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if l.Source.Name != "blocked.json" || l.Source.Location != p || l.Source.Published.IsZero() || l.Source.Format != FormatCustomJSON {
		t.Errorf("source %+v", l.Source)
	}
}

// TestOpenUltrasoundmoney: data.csv is "address,name" with 97 rows (wc -l gives
// 98 lines with the header), every one a 0x address.
func TestOpenUltrasoundmoney(t *testing.T) {
	l, err := Open(context.Background(), testdata.Path(t, "lists", "ultrasoundmoney", "data.csv"), sanctions.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Addresses) != 97 || len(l.Issues) != 0 || l.Source.Name != "data.csv" {
		t.Fatalf("values %d issues %v name %q", len(l.Addresses), l.Issues, l.Source.Name)
	}
	if la := l.Addresses[0]; la.Entity.Name != "LAZARUS GROUP" || la.Addr.Chain != "evm" {
		t.Errorf("first %+v", la)
	}
}

// A stray quote can swallow the lines after it: the list is refused, not half-loaded.
func TestCustomCSVStrayQuoteIsFatal(t *testing.T) {
	in := "address,name,chain\n0x098b716b8aaf21512996dc57eb0615e2383e2f96,A,ETH\n\"0x7f367cc41522ce07553e823bf3be79a889debe1b,B,ETH\n" +
		"0x0000000000000000000000000000000000000001,C,ETH\n0x0000000000000000000000000000000000000002,D,ETH\n"
	_, err := ReadCSV(context.Background(), strings.NewReader(in), sanctions.Meta{Published: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)})
	if !errors.Is(err, sanctions.ErrFormat) {
		t.Fatalf("got %v, want ErrFormat", err)
	}
}
