package testdata

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Dir returns the directory of the shared real data: $CHAINSCREEN_TESTDATA, or
// ../shared/data relative to the module root (found by walking up to go.mod); a relative
// $CHAINSCREEN_TESTDATA is also taken relative to the module root. When it is missing
// the test is skipped, unless CHAINSCREEN_REQUIRE_TESTDATA=1: then it fails.
func Dir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("CHAINSCREEN_TESTDATA")
	if dir == "" {
		dir = filepath.Join("..", "shared", "data")
	}
	if !filepath.IsAbs(dir) {
		root, ok := moduleRoot()
		if !ok {
			missing(t, "no module root (go.mod) above the working directory")
		}
		dir = filepath.Join(root, dir)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		missing(t, "test data directory "+dir+" not found (set CHAINSCREEN_TESTDATA)")
	}
	return dir
}

// Path joins elem to Dir(t). A missing file skips or fails the test like a missing
// directory.
func Path(t testing.TB, elem ...string) string {
	t.Helper()
	p := filepath.Join(append([]string{Dir(t)}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		missing(t, "test data file: "+err.Error())
	}
	return p
}

func missing(t testing.TB, msg string) {
	t.Helper()
	if os.Getenv("CHAINSCREEN_REQUIRE_TESTDATA") == "1" {
		t.Fatal(msg + " (CHAINSCREEN_REQUIRE_TESTDATA=1)")
	}
	Skip(t, "data", msg)
}

func moduleRoot() (string, bool) {
	wd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, true
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}

// Publications are the four OFAC SDN_ADVANCED.XML publications in the shared data, oldest first.
var Publications = []string{"2024-05-28", "2024-12-19", "2025-11-19a", "2025-11-19b"}

// Lookup returns the path of elem under the shared data directory and whether it exists,
// without skipping or failing: for optional uses such as fuzz seeds.
func Lookup(elem ...string) (string, bool) {
	dir := os.Getenv("CHAINSCREEN_TESTDATA")
	if dir == "" {
		dir = filepath.Join("..", "shared", "data")
	}
	if !filepath.IsAbs(dir) {
		root, ok := moduleRoot()
		if !ok {
			return "", false
		}
		dir = filepath.Join(root, dir)
	}
	p := filepath.Join(append([]string{dir}, elem...)...)
	_, err := os.Stat(p)
	return p, err == nil
}

// Lines returns the non-empty lines (trimmed) of a file of the shared data, such as the
// one-value-per-line extractions in lists/brave-intl. An empty file fails the test.
func Lines(t testing.TB, elem ...string) []string {
	t.Helper()
	p := Path(t, elem...)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	if len(out) == 0 {
		t.Fatalf("%s: no values", p)
	}
	return out
}
