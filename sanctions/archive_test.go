package sanctions_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/sanctions"

	"github.com/chainscreen/chainscreen/address"
)

func lcKey(t *testing.T, v string) address.Key {
	t.Helper()
	a, err := address.Parse(v)
	if err != nil {
		t.Fatal(err)
	}
	return a.Key
}

func TestArchiveOrderAndAsOf(t *testing.T) {
	jan := lcList("2024-01-01", "ETH "+lcEVM+" 1")
	febA := lcList("2024-02-01", "ETH "+lcEVM+" 1")
	febB := lcList("2024-02-01", "XBT "+lcBTC+" 2")
	// Given out of order: sorted by date, same-day issues keep the given order.
	a, err := sanctions.NewArchive(febA, nil, jan, febB)
	if err != nil {
		t.Fatal(err)
	}
	pubs := a.Publications()
	if len(pubs) != 3 || pubs[0] != jan || pubs[1] != febA || pubs[2] != febB || a.Earliest() != jan || a.Latest() != febB {
		t.Fatalf("order: %v", pubs)
	}
	if _, ok := a.AsOf(lcDay("2023-12-31")); ok {
		t.Error("AsOf before the first publication: ok")
	}
	for _, c := range []struct {
		at   time.Time
		want *sanctions.List
	}{
		{lcDay("2024-01-01"), jan},
		{lcDay("2024-01-31").Add(23 * time.Hour), jan},
		{lcDay("2024-02-01"), febB}, // the later same-day issue
		{lcDay("2030-01-01"), febB},
	} {
		l, ok := a.AsOf(c.at)
		if !ok || l != c.want {
			t.Errorf("AsOf(%s) = %v, %v; want %s", c.at, l, ok, c.want.Source.Published)
		}
	}
}

func TestArchiveErrors(t *testing.T) {
	if _, err := sanctions.NewArchive(); !errors.Is(err, sanctions.ErrEmpty) {
		t.Errorf("NewArchive() = %v, want ErrEmpty", err)
	}
	undated := lcList("2024-01-01", "ETH "+lcEVM+" 1")
	undated.Source.Published = time.Time{}
	if _, err := sanctions.NewArchive(undated); !errors.Is(err, sanctions.ErrNoDate) {
		t.Errorf("undated: %v, want ErrNoDate", err)
	}
	if _, err := sanctions.OpenArchive(context.Background(), t.TempDir()); !errors.Is(err, sanctions.ErrEmpty) {
		t.Errorf("empty dir: %v, want ErrEmpty", err)
	}
}

func TestArchiveListedByFiltersLaterParties(t *testing.T) {
	l := lcList("2024-06-01", "ETH "+lcEVM+" 1", "XBT "+lcBTC+" 2")
	l.Entities["1"].ListedOn = lcDay("2022-08-08")
	l.Entities["2"].ListedOn = lcDay("2020-01-01")
	a, _ := sanctions.NewArchive(l)
	if v, _ := a.AsOf(lcDay("2024-06-01")); v != l {
		t.Error("nothing to filter: want the publication itself")
	}
	v := l.ListedBy(lcDay("2022-08-07"))
	if len(v.Addresses) != 1 || v.Addresses[0].Value != lcBTC || len(v.Entities) != 1 || v.Source != l.Source {
		t.Fatalf("ListedBy(2022-08-07) = %+v", v)
	}
	if len(l.Addresses) != 2 {
		t.Fatal("ListedBy modified the publication")
	}
	if v := l.ListedBy(lcDay("2022-08-08")); len(v.Addresses) != 2 {
		t.Errorf("on the listing day: %d values, want 2", len(v.Addresses))
	}
}

func TestArchiveHistory(t *testing.T) {
	p1 := lcList("2024-01-01", "ETH "+lcEVM+" 1", "XBT "+lcBTC+" 2")
	p2 := lcList("2024-02-01", "ETH "+lcEVM+" 1")                     // BTC value removed
	p3 := lcList("2024-03-01", "ETH "+lcEVM+" 1", "XBT "+lcBTC+" 2")  // and listed again
	p4 := lcList("2024-04-01", "XBT "+lcBTC+" 2", "USDT "+lcEVM+" 1") // ETH ticker gone, USDT new
	a, err := sanctions.NewArchive(p1, p2, p3, p4)
	if err != nil {
		t.Fatal(err)
	}
	h := a.History(lcKey(t, lcBTC))
	if len(h) != 2 {
		t.Fatalf("BTC history: %+v", h)
	}
	if !h[0].First.Published.Equal(p1.Source.Published) || !h[0].Last.Published.Equal(p1.Source.Published) ||
		h[0].RemovedBy == nil || !h[0].RemovedBy.Published.Equal(p2.Source.Published) {
		t.Errorf("first period: %+v", h[0])
	}
	if !h[1].First.Published.Equal(p3.Source.Published) || h[1].RemovedBy != nil {
		t.Errorf("second period: %+v", h[1])
	}
	for _, c := range []struct {
		at               string
		listed, delisted bool
	}{
		{"2023-12-31", false, false}, {"2024-01-15", true, false}, {"2024-02-15", false, true}, {"2024-03-01", true, true},
	} {
		listed := h[0].ListedAt(lcDay(c.at)) || h[1].ListedAt(lcDay(c.at))
		if listed != c.listed || h[0].DelistedAt(lcDay(c.at)) != c.delisted {
			t.Errorf("%s: listed %v delisted %v, want %v %v", c.at, listed, h[0].DelistedAt(lcDay(c.at)), c.listed, c.delisted)
		}
	}
	// A lower-case 0x value has the same key: one history for both spellings.
	h = a.History(lcKey(t, "0x098b716b8aaf21512996dc57eb0615e2383e2f96"))
	if len(h) != 2 || h[0].Ticker != "ETH" || h[0].RemovedBy == nil || !h[0].RemovedBy.Published.Equal(p4.Source.Published) ||
		h[1].Ticker != "USDT" || h[1].RemovedBy != nil {
		t.Errorf("EVM history: %+v", h)
	}
	if h := a.History(address.ExactKey("nothing")); len(h) != 0 {
		t.Errorf("unknown key: %+v", h)
	}
}

// TestOpenArchiveExcerpts reads an archive directory holding the two real excerpts
// (links, not copies) and a file that is not a publication.
func TestOpenArchiveExcerpts(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"sdn_advanced_excerpt_2024-12-19_tornado_cash.xml", "sdn_advanced_excerpt_2025-11-19.xml"} {
		if err := os.Symlink(testdata.Path(t, "ofac", "excerpts", n), filepath.Join(dir, n)); err != nil {
			t.Fatal(err)
		}
	}
	// Symlinks are not regular files in a ReadDir listing: OpenArchive must follow them.
	if err := os.WriteFile(filepath.Join(dir, "README.txt"), []byte("notes"), 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := sanctions.OpenArchive(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if pubs := a.Publications(); len(pubs) != 2 || pubs[0].Source.Published.Format(time.DateOnly) != "2024-12-19" {
		t.Fatalf("publications: %d", len(pubs))
	}
	if sk := a.Skipped(); len(sk) != 1 || sk[0] != "README.txt" {
		t.Errorf("skipped = %v", sk)
	}
	// A Tornado Cash pool (DAI 100) is listed in the first excerpt, not in the second.
	h := a.History(lcKey(t, "0xD4B88Df4D29F5CedD6857912842cff3b20C8Cfa3"))
	if len(h) != 1 || h[0].Entity.Name != "TORNADO CASH" || h[0].RemovedBy == nil ||
		h[0].RemovedBy.Published.Format(time.DateOnly) != "2025-11-19" {
		t.Fatalf("history: %+v", h)
	}
	// A file that fails to read fails the archive, naming the file.
	if err := os.WriteFile(filepath.Join(dir, "broken.xml"), []byte("<nope"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := sanctions.OpenArchive(context.Background(), dir); !errors.Is(err, sanctions.ErrFormat) {
		t.Errorf("broken file: %v, want ErrFormat", err)
	}
}

// TestArchiveRealTornadoCash: the four real publications. The TORNADO CASH party
// (FixedRef 39796; its XML listing date is 2022-11-08) is in 2024-05-28 and 2024-12-19 and no longer in
// either 2025-11-19 issue; the first issue without it is 2025-11-19a (sha256 93fe9a1b…).
func TestArchiveRealTornadoCash(t *testing.T) {
	var lists []*sanctions.List
	for _, n := range []string{"2025-11-19b", "2024-05-28", "2025-11-19a", "2024-12-19"} {
		l, _ := loadPublication(t, n)
		lists = append(lists, l)
	}
	// Given in file-name order (a before b), as OpenArchive does.
	a, err := sanctions.NewArchive(lists[1], lists[3], lists[2], lists[0])
	if err != nil {
		t.Fatal(err)
	}
	if l, _ := a.AsOf(lcDay("2025-11-19")); l != lists[0] {
		t.Errorf("AsOf(2025-11-19) is not the re-issue 2025-11-19b")
	}
	tornado := lcLines(t, testdata.Path(t, "lists", "tornado_cash", "ofac_tornado_cash_eth_addresses_2024-12-19.txt"))
	for v := range tornado {
		h := a.History(lcKey(t, v))
		if len(h) != 1 {
			t.Fatalf("%s: %d periods", v, len(h))
		}
		p := h[0]
		if p.Entity.ID != "39796" || p.First.Published.Format(time.DateOnly) != "2024-05-28" ||
			p.Last.Published.Format(time.DateOnly) != "2024-12-19" || p.RemovedBy == nil ||
			p.RemovedBy.SHA256[:16] != "93fe9a1bf57c91bf" {
			t.Errorf("%s: %+v", v, p)
		}
		if !p.ListedAt(lcDay("2024-12-19")) || p.ListedAt(lcDay("2025-11-19")) || !p.DelistedAt(lcDay("2025-11-19")) {
			t.Errorf("%s: listed on 2024-12-19 %v, on 2025-11-19 %v", v, p.ListedAt(lcDay("2024-12-19")), p.ListedAt(lcDay("2025-11-19")))
		}
		// Before the party's listing date (2022-08-08) the value was not listed.
		if p.ListedAt(lcDay("2022-08-07")) {
			t.Errorf("%s listed before the party", v)
		}
	}
	asOf, _ := a.AsOf(lcDay("2024-12-19"))
	n := 0
	for _, la := range asOf.Addresses {
		if la.Entity.ID == "39796" {
			n++
		}
	}
	if n != 90 {
		t.Errorf("as of 2024-12-19: %d TORNADO CASH values, want 90", n)
	}
}

func ExampleArchive_History() {
	party := &sanctions.Entity{ID: "39796", Name: "TORNADO CASH", Type: "entity"}
	pub := func(day int, values ...string) *sanctions.List {
		var addrs []sanctions.ListedAddress
		for _, v := range values {
			addrs = append(addrs, sanctions.ListedAddress{Value: v, Ticker: "ETH", Entity: party})
		}
		return sanctions.NewList(sanctions.Source{Name: "OFAC SDN", Published: time.Date(2024, 12, day, 0, 0, 0, 0, time.UTC)}, addrs)
	}
	pool := "0xD4B88Df4D29F5CedD6857912842cff3b20C8Cfa3"
	a, err := sanctions.NewArchive(pub(1, pool), pub(19, pool), pub(31))
	if err != nil {
		panic(err)
	}
	key, _ := address.Parse(pool)
	for _, l := range a.History(key.Key) {
		fmt.Println(l.Entity.Name, "listed", l.First.Published.Format(time.DateOnly),
			"to", l.Last.Published.Format(time.DateOnly), "removed by", l.RemovedBy.Published.Format(time.DateOnly))
		fmt.Println("listed on 2024-12-20:", l.ListedAt(time.Date(2024, 12, 20, 0, 0, 0, 0, time.UTC)))
	}
	// Output:
	// TORNADO CASH listed 2024-12-01 to 2024-12-19 removed by 2024-12-31
	// listed on 2024-12-20: true
}
