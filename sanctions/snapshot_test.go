package sanctions_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/sanctions/cache"

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
func requireSameList(t *testing.T, want, got *sanctions.List) {
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

// snapFile returns the snapshot OpenCached keeps in dir for path (the only one there).
func snapFile(t *testing.T, dir string) string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "*"+sanctions.SnapshotSuffix))
	require.NoError(t, err)
	require.Len(t, m, 1, "one snapshot in %s", dir)
	return m[0]
}

func TestSnapshotRoundTrip(t *testing.T) {
	ctx := context.Background()
	path := copyExcerpt(t)
	snaps := t.TempDir()
	var log snapLog
	opts := []sanctions.Option{sanctions.WithLogger(slog.New(slog.NewTextHandler(&log, nil))), sanctions.WithSnapshotDir(snaps)}

	cold, err := sanctions.OpenCached(ctx, path, opts...)
	require.NoError(t, err)
	assert.Contains(t, log.take(), "OFAC advanced XML read")
	snapFile(t, snaps)
	assert.NoFileExists(t, sanctions.SnapshotPath(path), "nothing is written next to the user's file")

	warm, err := sanctions.OpenCached(ctx, path, opts...)
	require.NoError(t, err)
	assert.Contains(t, log.take(), "read from its snapshot")
	requireSameList(t, cold, warm)
	assert.Equal(t, path, warm.Source.Location)
	assert.NotEmpty(t, warm.Issues, "the excerpt has issues (a 64-hex XMR value)")

	// A forced format is part of the key.
	_, err = sanctions.OpenCached(ctx, path, append(opts, sanctions.WithFormat("ofac"))...)
	require.NoError(t, err)
	assert.Contains(t, log.take(), "snapshot ignored")
}

func TestSnapshotInvalidation(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name  string
		spoil func(t *testing.T, path, snap string)
	}{
		{"flipped byte in the payload", func(t *testing.T, _, snap string) {
			b, err := os.ReadFile(snap)
			require.NoError(t, err)
			b[len(b)/2] ^= 0x01
			require.NoError(t, os.WriteFile(snap, b, 0o644))
		}},
		{"truncated", func(t *testing.T, _, snap string) {
			b, err := os.ReadFile(snap)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(snap, b[:len(b)-100], 0o644))
		}},
		{"empty file", func(t *testing.T, _, snap string) {
			require.NoError(t, os.WriteFile(snap, nil, 0o644))
		}},
		{"other format version", func(t *testing.T, _, snap string) {
			b, err := os.ReadFile(snap)
			require.NoError(t, err)
			b[len(sanctions.SnapshotMagic)+3]++
			require.NoError(t, os.WriteFile(snap, b, 0o644))
		}},
		{"publication touched (mtime)", func(t *testing.T, path, _ string) {
			later := time.Now().Add(time.Hour)
			require.NoError(t, os.Chtimes(path, later, later))
		}},
		{"publication rewritten in place, mtime and size restored", func(t *testing.T, path, _ string) {
			st, err := os.Stat(path)
			require.NoError(t, err)
			b, err := os.ReadFile(path)
			require.NoError(t, err)
			b = bytes.Replace(b, []byte("<Day>19</Day>"), []byte("<Day>20</Day>"), 1)
			require.NoError(t, os.WriteFile(path, b, 0o644))
			require.NoError(t, os.Chtimes(path, st.ModTime(), st.ModTime()))
		}},
		{"record removed", func(t *testing.T, _, snap string) {
			require.NoError(t, os.Remove(strings.TrimSuffix(snap, sanctions.SnapshotSuffix)+sanctions.RecordSuffix))
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := copyExcerpt(t)
			snaps := t.TempDir()
			var log snapLog
			opts := []sanctions.Option{sanctions.WithLogger(slog.New(slog.NewTextHandler(&log, nil))), sanctions.WithSnapshotDir(snaps)}
			_, err := sanctions.OpenCached(ctx, path, opts...)
			require.NoError(t, err)
			log.take()
			tc.spoil(t, path, snapFile(t, snaps))
			want, err := sanctions.Open(ctx, path)
			require.NoError(t, err)

			got, err := sanctions.OpenCached(ctx, path, opts...)
			require.NoError(t, err, "a bad snapshot is never fatal")
			out := log.take()
			if tc.name != "record removed" {
				assert.Contains(t, out, "snapshot ignored", "the bad snapshot is logged")
			}
			assert.Contains(t, out, "OFAC advanced XML read", "the publication is parsed again")
			requireSameList(t, want, got)

			// The rewritten snapshot is good again.
			again, err := sanctions.OpenCached(ctx, path, opts...)
			require.NoError(t, err)
			assert.Contains(t, log.take(), "read from its snapshot")
			requireSameList(t, want, again)
		})
	}
}

// lazarus is the Lazarus Group's Ethereum address on OFAC's list (SDN entity 23037 in
// the 2025-11-19 excerpt).
const lazarus = "0x098B716B8Aaf21512996dC57EB0615e2383E2f96"

func hasValue(l *sanctions.List, v string) bool {
	for _, a := range l.Addresses {
		if a.Value == v {
			return true
		}
	}
	return false
}

// forgeWithout rewrites the snapshot at snap as a well-formed snapshot (valid header,
// payload checksum, key and publication sha256) of l without the value v: what an
// attacker who can write the snapshot but not its record would produce.
func forgeWithout(t *testing.T, snap string, l *sanctions.List, v string) {
	t.Helper()
	forged := *l
	forged.Addresses = nil
	for _, a := range l.Addresses {
		if a.Value != v {
			forged.Addresses = append(forged.Addresses, a)
		}
	}
	require.Less(t, len(forged.Addresses), len(l.Addresses))
	b, err := sanctions.EncodeSnapshot("", &forged)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(snap, b, 0o644))
	// The forgery passes every check a snapshot carries in itself.
	fl, k, err := sanctions.DecodeSnapshot(b)
	require.NoError(t, err)
	require.Equal(t, l.Source.SHA256, k.SHA256)
	require.False(t, hasValue(fl, v))
}

// TestSnapshotForgedWithoutLazarus: a snapshot with the Lazarus Group address removed,
// otherwise valid in itself, is detected by its recorded digest; the publication is
// parsed again and the address is still listed (issue 14 item 1).
func TestSnapshotForgedWithoutLazarus(t *testing.T) {
	ctx := context.Background()
	path := copyExcerpt(t)
	snaps := t.TempDir()
	var log snapLog
	opts := []sanctions.Option{sanctions.WithLogger(slog.New(slog.NewTextHandler(&log, nil))), sanctions.WithSnapshotDir(snaps)}
	l, err := sanctions.OpenCached(ctx, path, opts...)
	require.NoError(t, err)
	require.True(t, hasValue(l, lazarus), "the excerpt lists the Lazarus Group address")
	forgeWithout(t, snapFile(t, snaps), l, lazarus)
	log.take()

	got, err := sanctions.OpenCached(ctx, path, opts...)
	require.NoError(t, err)
	assert.Contains(t, log.take(), "not the one recorded", "the forgery is reported")
	assert.True(t, hasValue(got, lazarus), "the Lazarus Group address is still listed")
	assert.Equal(t, l.Source.SHA256, got.Source.SHA256)
}

func TestSnapshotOfFullPublication(t *testing.T) {
	if testing.Short() {
		t.Skip("reads a full publication")
	}
	want, path := loadPublication(t, "2025-11-19b")
	snaps := t.TempDir()
	_, err := sanctions.OpenCached(context.Background(), path, sanctions.WithSnapshotDir(snaps))
	require.NoError(t, err)
	got, err := sanctions.OpenCached(context.Background(), path, sanctions.WithSnapshotDir(snaps))
	require.NoError(t, err)
	requireSameList(t, want, gotWithLocation(got, want.Source.Location))
	assert.Len(t, got.Addresses, len(want.Addresses))
}

func gotWithLocation(l *sanctions.List, loc string) *sanctions.List {
	c := *l
	c.Source.Location = loc
	return &c
}

// TestFetcherSnapshotForgedWithoutLazarus: the same forgery of the snapshot next to the
// Fetcher's cached publication is caught by the digest in current.json; the snapshot is
// then rewritten and recorded again.
func TestFetcherSnapshotForgedWithoutLazarus(t *testing.T) {
	ctx := context.Background()
	b, err := os.ReadFile(copyExcerpt(t))
	require.NoError(t, err)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write(b) }))
	defer srv.Close()
	var log snapLog
	f, err := cache.New(cache.Config{URLs: []string{srv.URL}, CacheDir: t.TempDir(), Retries: -1,
		Logger: slog.New(slog.NewTextHandler(&log, nil))})
	require.NoError(t, err)
	res, err := f.Update(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, res.Current.SnapshotSHA256, "the snapshot's digest is recorded in current.json")
	l, err := f.Current(ctx)
	require.NoError(t, err)
	require.Contains(t, log.take(), "read from its snapshot")
	require.True(t, hasValue(l, lazarus))

	forgeWithout(t, sanctions.SnapshotPath(filepath.Join(f.CacheDir(), res.Current.File)), l, lazarus)
	got, err := f.Current(ctx)
	require.NoError(t, err)
	assert.Contains(t, log.take(), "not the one recorded")
	assert.True(t, hasValue(got, lazarus), "the Lazarus Group address is still listed")

	again, err := f.Current(ctx)
	require.NoError(t, err)
	assert.Contains(t, log.take(), "read from its snapshot", "the snapshot was repaired")
	assert.True(t, hasValue(again, lazarus))
}
