package address

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// testDataDir returns the shared real-data directory (see DESIGN.md, "Tests and data"):
// $CHAINSCREEN_TESTDATA, or ../shared/data relative to the module root (a relative
// $CHAINSCREEN_TESTDATA is also taken relative to the module root). When it is missing
// the test is skipped, unless CHAINSCREEN_REQUIRE_TESTDATA=1, in which case it fails.
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

func missingTestData(t testing.TB, msg string) {
	t.Helper()
	if os.Getenv("CHAINSCREEN_REQUIRE_TESTDATA") == "1" {
		t.Fatal(msg + " (CHAINSCREEN_REQUIRE_TESTDATA=1)")
	}
	t.Skip(msg)
}

// moduleRoot returns the nearest directory at or above the working directory that
// holds go.mod.
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
			return "", errors.New("go.mod not found")
		}
		dir = parent
	}
}
