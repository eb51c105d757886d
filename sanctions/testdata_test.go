package sanctions

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// testDataDir returns the shared real-data directory: $CHAINSCREEN_TESTDATA, or
// ../shared/data relative to the module root (a relative $CHAINSCREEN_TESTDATA is also
// taken relative to the module root). When it is missing the test is skipped, unless
// CHAINSCREEN_REQUIRE_TESTDATA=1, in which case it fails.
func testDataDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("CHAINSCREEN_TESTDATA")
	if dir == "" {
		dir = filepath.Join("..", "shared", "data")
	}
	if !filepath.IsAbs(dir) {
		root, err := moduleRoot()
		if err != nil {
			missingTestData(t, "module root: "+err.Error())
		}
		dir = filepath.Join(root, dir)
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		missingTestData(t, "test data directory "+dir+" not found (set CHAINSCREEN_TESTDATA)")
	}
	return dir
}

// testDataFile returns the path of a file under the test data directory; a missing file
// skips or fails like a missing directory.
func testDataFile(t testing.TB, rel ...string) string {
	t.Helper()
	p := filepath.Join(append([]string{testDataDir(t)}, rel...)...)
	if _, err := os.Stat(p); err != nil {
		missingTestData(t, "test data file: "+err.Error())
	}
	return p
}

func missingTestData(t testing.TB, msg string) {
	t.Helper()
	if os.Getenv("CHAINSCREEN_REQUIRE_TESTDATA") == "1" {
		t.Fatal(msg + " (CHAINSCREEN_REQUIRE_TESTDATA=1)")
	}
	t.Skip(msg)
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
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
