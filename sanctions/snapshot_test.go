package sanctions

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/internal/testdata"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// snapLog collects log output to tell a snapshot read from a parse.
type snapLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *snapLog) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(b)
}

func (s *snapLog) take() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.buf.String()
	s.buf.Reset()
	return out
}

// copyExcerpt copies the 2025-11-19 excerpt into a temp dir (the snapshot is written
// next to the publication; the shared data is read-only).
func copyExcerpt(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(testdata.Path(t, "ofac", "excerpts", "sdn_advanced_excerpt_2025-11-19.xml"))
	require.NoError(t, err)
	p := filepath.Join(t.TempDir(), "SDN_ADVANCED.XML")
	require.NoError(t, os.WriteFile(p, b, 0o644))
	return p
}

// requireSameList compares two lists field by field (LoadedAt aside).
func requireSameList(t *testing.T, want, got *List) {
	t.Helper()
	ws, gs := want.Source, got.Source
	ws.LoadedAt, gs.LoadedAt = time.Time{}, time.Time{}
	require.Equal(t, ws, gs)
	require.Equal(t, want.EntityCount, got.EntityCount)
	require.Equal(t, want.Tickers, got.Tickers)
	require.Equal(t, want.Issues, got.Issues)
	require.Equal(t, len(want.Entities), len(got.Entities))
	for k, e := range want.Entities {
		require.Equal(t, *e, *got.Entities[k], k)
	}
	require.Len(t, got.Addresses, len(want.Addresses))
	for i, a := range want.Addresses {
		b := got.Addresses[i]
		require.Equal(t, a.Value, b.Value)
		require.Equal(t, a.Ticker, b.Ticker)
		require.Equal(t, a.Addr, b.Addr, a.Value)
		require.Equal(t, a.Err == nil, b.Err == nil, a.Value)
		require.Equal(t, *a.Entity, *b.Entity)
		require.Same(t, got.Entities[b.Entity.ID], b.Entity, "addresses share the map's entity")
	}
}

func TestSnapshotRoundTrip(t *testing.T) {
	ctx := context.Background()
	path := copyExcerpt(t)
	var log snapLog
	opts := []Option{WithLogger(slog.New(slog.NewTextHandler(&log, nil)))}

	cold, err := OpenCached(ctx, path, opts...)
	require.NoError(t, err)
	assert.Contains(t, log.take(), "OFAC advanced XML read")
	require.FileExists(t, SnapshotPath(path))

	warm, err := OpenCached(ctx, path, opts...)
	require.NoError(t, err)
	assert.Contains(t, log.take(), "read from its snapshot")
	requireSameList(t, cold, warm)
	assert.Equal(t, path, warm.Source.Location)
	assert.NotEmpty(t, warm.Issues, "the excerpt has issues (a 64-hex XMR value)")
}

func TestSnapshotInvalidation(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name  string
		spoil func(t *testing.T, path string)
	}{
		{"flipped byte in the payload", func(t *testing.T, path string) {
			b, err := os.ReadFile(SnapshotPath(path))
			require.NoError(t, err)
			b[len(b)/2] ^= 0x01
			require.NoError(t, os.WriteFile(SnapshotPath(path), b, 0o644))
		}},
		{"truncated", func(t *testing.T, path string) {
			b, err := os.ReadFile(SnapshotPath(path))
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(SnapshotPath(path), b[:len(b)-100], 0o644))
		}},
		{"empty file", func(t *testing.T, path string) {
			require.NoError(t, os.WriteFile(SnapshotPath(path), nil, 0o644))
		}},
		{"other format version", func(t *testing.T, path string) {
			b, err := os.ReadFile(SnapshotPath(path))
			require.NoError(t, err)
			b[len(snapshotMagic)+3]++
			require.NoError(t, os.WriteFile(SnapshotPath(path), b, 0o644))
		}},
		{"publication rewritten (mtime)", func(t *testing.T, path string) {
			later := time.Now().Add(time.Hour)
			require.NoError(t, os.Chtimes(path, later, later))
		}},
		{"publication replaced by another one", func(t *testing.T, path string) {
			b, err := os.ReadFile(path)
			require.NoError(t, err)
			b = bytes.Replace(b, []byte("<Day>19</Day>"), []byte("<Day>20</Day>"), 1)
			require.NoError(t, os.WriteFile(path, b, 0o644))
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := copyExcerpt(t)
			var log snapLog
			opts := []Option{WithLogger(slog.New(slog.NewTextHandler(&log, nil)))}
			_, err := OpenCached(ctx, path, opts...)
			require.NoError(t, err)
			log.take()
			tc.spoil(t, path)
			want, err := Open(ctx, path)
			require.NoError(t, err)

			got, err := OpenCached(ctx, path, opts...)
			require.NoError(t, err, "a bad snapshot is never fatal")
			out := log.take()
			assert.Contains(t, out, "snapshot ignored", "the bad snapshot is logged")
			assert.Contains(t, out, "OFAC advanced XML read", "the publication is parsed again")
			requireSameList(t, want, got)

			// The rewritten snapshot is good again.
			again, err := OpenCached(ctx, path, opts...)
			require.NoError(t, err)
			assert.Contains(t, log.take(), "read from its snapshot")
			requireSameList(t, want, again)
		})
	}
}

func TestSnapshotWrongSHA(t *testing.T) {
	ctx := context.Background()
	path := copyExcerpt(t)
	l, err := OpenCached(ctx, path)
	require.NoError(t, err)
	var log snapLog
	got, err := openCached(ctx, path, strings.Repeat("0", 64), []Option{WithLogger(slog.New(slog.NewTextHandler(&log, nil)))})
	require.NoError(t, err)
	assert.Contains(t, log.take(), "snapshot ignored")
	assert.Equal(t, l.Source.SHA256, got.Source.SHA256)
}

func TestSnapshotOfFullPublication(t *testing.T) {
	if testing.Short() {
		t.Skip("reads a full publication")
	}
	want, path := loadPublication(t, "2025-11-19b")
	dir := t.TempDir()
	st, err := os.Stat(path)
	require.NoError(t, err)
	// A snapshot for a copy of the key: write it beside a hard link-free stand-in path.
	stand := filepath.Join(dir, filepath.Base(path))
	require.NoError(t, os.Symlink(path, stand))
	require.NoError(t, writeSnapshot(stand, st, want))
	got, err := OpenCached(context.Background(), stand)
	require.NoError(t, err)
	requireSameList(t, want, gotWithLocation(got, want.Source.Location))
	assert.Len(t, got.Addresses, len(want.Addresses))
}

func gotWithLocation(l *List, loc string) *List {
	c := *l
	c.Source.Location = loc
	return &c
}
