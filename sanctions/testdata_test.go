package sanctions_test

import (
	"context"
	"sync"
	"testing"

	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/sanctions"
	_ "github.com/chainscreen/chainscreen/sanctions/all" // the formats of the publications read
)

// publication is one real SDN_ADVANCED.XML publication, read once per test binary:
// unpacking a .bz2 costs about 1.8 s.
type publication struct {
	once sync.Once
	list *sanctions.List
	err  error
}

var (
	publicationsMu sync.Mutex
	publications   = map[string]*publication{}
)

// loadPublication returns the list read by Open from ofac/sdn_advanced/<name>.xml.bz2.
// The list is shared between tests: do not modify it.
func loadPublication(t testing.TB, name string) (*sanctions.List, string) {
	t.Helper()
	path := testdata.Path(t, "ofac", "sdn_advanced", name+".xml.bz2")
	publicationsMu.Lock()
	p := publications[name]
	if p == nil {
		p = &publication{}
		publications[name] = p
	}
	publicationsMu.Unlock()
	p.once.Do(func() { p.list, p.err = sanctions.Open(context.Background(), path) })
	if p.err != nil {
		t.Fatalf("Open(%s): %v", path, p.err)
	}
	return p.list, path
}
