package sanctions_test

import (
	"context"
	"errors"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/sanctions"
)

// TestOpenRefusesNonRegularFiles: a FIFO (no writer: reading it would block forever) and
// a character device are refused at once with ErrNotRegularFile, by Open and OpenCached.
func TestOpenRefusesNonRegularFiles(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "list.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for _, path := range []string{fifo, "/dev/zero"} {
		done := make(chan error, 2)
		go func() {
			_, err := sanctions.Open(context.Background(), path)
			done <- err
			_, err = sanctions.OpenCached(context.Background(), path, sanctions.WithSnapshotDir(t.TempDir()))
			done <- err
		}()
		for range 2 {
			select {
			case err := <-done:
				if !errors.Is(err, sanctions.ErrNotRegularFile) {
					t.Errorf("%s: err %v, want ErrNotRegularFile", path, err)
				}
			case <-time.After(5 * time.Second):
				t.Fatalf("%s: Open blocked", path)
			}
		}
	}
}
