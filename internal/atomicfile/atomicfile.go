// Package atomicfile writes files so that a reader sees the old content or the new, never
// a part: the cache's metadata and the list snapshots are written this way.
package atomicfile

import (
	"os"
	"path/filepath"
)

// Write writes data to path through a synced temp file in the same directory
// and a rename, so readers see the old or the new content, never a part.
func Write(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	if werr == nil {
		werr = tmp.Sync()
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		os.Remove(tmp.Name())
	}
	return werr
}
