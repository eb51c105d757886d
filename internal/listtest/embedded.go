package listtest

import (
	"sync"
	"testing"

	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/sanctions/embedded"
)

var embeddedOnce struct {
	sync.Once
	list *sanctions.List
	err  error
}

// Embedded returns the OFAC publication embedded in the binary (the digital-currency
// features of 2025-11-19b and their parties: 761 values, 79 parties, checked against the
// official file by sanctions/embedded's tests). It is real data that every clone has, so
// a test that needs a real OFAC list but not a particular file uses it and runs without
// ../shared/data. The list is decoded once per test binary and shared: do not modify it.
func Embedded(t testing.TB) *sanctions.List {
	t.Helper()
	embeddedOnce.Do(func() { embeddedOnce.list, embeddedOnce.err = embedded.OFAC() })
	if embeddedOnce.err != nil {
		t.Fatalf("listtest: the embedded publication: %v", embeddedOnce.err)
	}
	return embeddedOnce.list
}
