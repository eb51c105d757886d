// Package testdata locates the shared real data that tests and benchmarks read
// (../shared/data next to the module root, or $CHAINSCREEN_TESTDATA) and caches the
// expensive decompression of the OFAC publications once per test binary.
package testdata

import (
	"bytes"
	"compress/bzip2"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// Dir returns the directory of the shared real data: $CHAINSCREEN_TESTDATA, or
// ../shared/data relative to the module root (found by walking up to go.mod). When it is
// missing the test is skipped, unless CHAINSCREEN_REQUIRE_TESTDATA=1: then it fails.
func Dir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("CHAINSCREEN_TESTDATA")
	if dir == "" {
		if root, ok := moduleRoot(); ok {
			dir = filepath.Join(root, "..", "shared", "data")
		}
	}
	if fi, err := os.Stat(dir); dir == "" || err != nil || !fi.IsDir() {
		msg := "test data directory " + dir + " not found (set CHAINSCREEN_TESTDATA)"
		if os.Getenv("CHAINSCREEN_REQUIRE_TESTDATA") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return dir
}

// Path joins elem to Dir(t).
func Path(t testing.TB, elem ...string) string {
	t.Helper()
	return filepath.Join(append([]string{Dir(t)}, elem...)...)
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

var (
	mu       sync.Mutex
	unpacked = map[string][]byte{}
)

// OFACXML returns the unpacked XML of the publication named by pub (one of
// Publications), decompressing the .xml.bz2 at most once per test binary.
func OFACXML(t testing.TB, pub string) []byte {
	t.Helper()
	p := Path(t, "ofac", "sdn_advanced", pub+".xml.bz2")
	mu.Lock()
	defer mu.Unlock()
	if b, ok := unpacked[p]; ok {
		return b
	}
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, bzip2.NewReader(f)); err != nil {
		t.Fatalf("unpacking %s: %v", p, err)
	}
	unpacked[p] = buf.Bytes()
	return unpacked[p]
}
