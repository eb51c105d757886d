package sanctions

import (
	"context"
	"sync"
	"testing"

	"github.com/chainscreen/chainscreen/internal/testdata"
)

// testDataDir returns the shared real-data directory: $CHAINSCREEN_TESTDATA, or
// ../shared/data relative to the module root (a relative $CHAINSCREEN_TESTDATA is also
// taken relative to the module root). When it is missing the test is skipped, unless
// CHAINSCREEN_REQUIRE_TESTDATA=1, in which case it fails.
func testDataDir(t testing.TB) string {
	t.Helper()
	return testdata.Dir(t)
}

// testDataFile returns the path of a file under the test data directory; a missing file
// skips or fails like a missing directory.
func testDataFile(t testing.TB, rel ...string) string {
	t.Helper()
	return testdata.Path(t, rel...)
}

// publication is one real SDN_ADVANCED.XML publication, read once per test binary:
// unpacking a .bz2 costs about 1.8 s.
type publication struct {
	once sync.Once
	list *List
	err  error
}

var (
	publicationsMu sync.Mutex
	publications   = map[string]*publication{}
)

// loadPublication returns the list read by Open from ofac/sdn_advanced/<name>.xml.bz2.
// The list is shared between tests: do not modify it.
func loadPublication(t testing.TB, name string) (*List, string) {
	t.Helper()
	path := testDataFile(t, "ofac", "sdn_advanced", name+".xml.bz2")
	publicationsMu.Lock()
	p := publications[name]
	if p == nil {
		p = &publication{}
		publications[name] = p
	}
	publicationsMu.Unlock()
	p.once.Do(func() { p.list, p.err = Open(context.Background(), path) })
	if p.err != nil {
		t.Fatalf("Open(%s): %v", path, p.err)
	}
	return p.list, path
}
