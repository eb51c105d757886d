package server_test

import (
	"context"
	"testing"

	"github.com/chainscreen/chainscreen/internal/testdata"
	_ "github.com/chainscreen/chainscreen/sanctions/all" // the list formats read by these tests

	"github.com/chainscreen/chainscreen/sanctions"
)

// loadExcerpt reads the real 2025-11-19 OFAC list excerpt (162 addresses in 18
// currencies), for the test that needs a list read from a file; the others screen
// against the embedded publication (listtest.Embedded).
func loadExcerpt(t testing.TB) *sanctions.List {
	t.Helper()
	path := testdata.Path(t, "ofac", "excerpts", "sdn_advanced_excerpt_2025-11-19.xml")
	l, err := sanctions.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("sanctions.Open(%s): %v", path, err)
	}
	return l
}
