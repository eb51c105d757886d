package server_test

import (
	"context"
	"sync"
	"testing"

	"github.com/chainscreen/chainscreen/internal/testdata"
	_ "github.com/chainscreen/chainscreen/sanctions/all" // the list formats read by these tests

	"github.com/chainscreen/chainscreen/sanctions"
)

// excerpt holds the 2025-11-19 SDN_ADVANCED excerpt once per test binary.
var excerpt struct {
	once sync.Once
	list *sanctions.List
	err  error
}

// loadExcerpt returns the real 2025-11-19 OFAC list excerpt (162 addresses in 18
// currencies). The list is shared: do not modify it.
func loadExcerpt(t testing.TB) *sanctions.List {
	t.Helper()
	path := testdata.Path(t, "ofac", "excerpts", "sdn_advanced_excerpt_2025-11-19.xml")
	excerpt.once.Do(func() { excerpt.list, excerpt.err = sanctions.Open(context.Background(), path) })
	if excerpt.err != nil {
		t.Fatalf("sanctions.Open(%s): %v", path, excerpt.err)
	}
	return excerpt.list
}

// listedAddresses returns the addresses of brave-intl's extraction for ticker (one per
// line), the independent cross-check of the 2025-11-19 publication.
func listedAddresses(t testing.TB, ticker string) []string {
	t.Helper()
	return testdata.Lines(t, "lists", "brave-intl", "sanctioned_addresses_"+ticker+".txt")
}
