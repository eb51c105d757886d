package atomicfile_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chainscreen/chainscreen/internal/atomicfile"
)

// TestWrite: the file holds the new content after each write, no temp file is left, and
// a write into a missing directory fails without creating anything.
func TestWrite(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "current.json")
	for _, content := range []string{"old\n", "new, longer content\n", ""} {
		if err := atomicfile.Write(p, []byte(content)); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(p)
		if err != nil || string(b) != content {
			t.Fatalf("read %q, %v; want %q", b, err, content)
		}
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("files left in the directory: %v", ents)
	}
	if err := atomicfile.Write(filepath.Join(dir, "missing", "x"), []byte("x")); err == nil {
		t.Error("a write into a missing directory succeeded")
	}
}
