// Package listtest builds small in-memory sanctions lists, and hands out the OFAC
// publication embedded in the binary, for the tests of every package (screen,
// screen/bitcoin, screen/ethereum, monitor, server, the CLI), so that each does not keep
// its own copy of the same builder.
package listtest

import (
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/sanctions"
)

// MemList is an in-memory list named "TEST" published on published (YYYY-MM-DD): rows
// of {ticker, value, party id}; each party is an entity under CYBER2, listed a month
// before the publication.
func MemList(t testing.TB, published string, rows ...[3]string) *sanctions.List {
	t.Helper()
	pub := date(t, published)
	var addrs []sanctions.ListedAddress
	ents := map[string]*sanctions.Entity{}
	for _, r := range rows {
		e := ents[r[2]]
		if e == nil {
			e = &sanctions.Entity{ID: r[2], Name: "PARTY " + r[2], Type: "entity", Programs: []string{"CYBER2"},
				ListedOn: pub.AddDate(0, -1, 0)}
			ents[r[2]] = e
		}
		addrs = append(addrs, sanctions.ListedAddress{Ticker: r[0], Value: r[1], Entity: e})
	}
	return sanctions.NewList(sanctions.Source{Name: "TEST", Format: "test", Published: pub, SHA256: "00"}, addrs)
}

// CatList is a list of one category (digest "sha-"+name); a value without an entity is
// held by an individual named after it.
func CatList(t testing.TB, name, publisher string, cat sanctions.Category, published string, vals ...sanctions.ListedAddress) *sanctions.List {
	t.Helper()
	pub := date(t, published)
	for i := range vals {
		if vals[i].Entity == nil {
			vals[i].Entity = &sanctions.Entity{ID: name + "-1", Name: "HOLDER OF " + vals[i].Value, Type: "individual"}
		}
	}
	return sanctions.NewList(sanctions.Source{Name: name, Publisher: publisher, Category: cat, Format: "test",
		Published: pub, SHA256: "sha-" + name}, vals)
}

func date(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatalf("listtest: date %q: %v", s, err)
	}
	return d
}
