package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/sanctions/cache"
	"github.com/chainscreen/chainscreen/sanctions/embedded"
	"github.com/chainscreen/chainscreen/sanctions/ofac"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// updateExcerpt returns the 2025-11-19 excerpt of the shared real data.
func updateExcerpt(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(excerpt(t))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// listServer serves a publication that the test can replace, with an ETag.
type listServer struct {
	*httptest.Server
	h atomic.Pointer[http.HandlerFunc]
}

func newListServer(t *testing.T, doc []byte) *listServer {
	s := &listServer{}
	s.serve(doc)
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { (*s.h.Load())(w, r) }))
	t.Cleanup(s.Close)
	return s
}

func (s *listServer) set(h http.HandlerFunc) { s.h.Store(&h) }

func (s *listServer) serve(doc []byte) {
	sum := sha256.Sum256(doc)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	s.set(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Write(doc)
	})
}

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
	t.Logf("chainscreen %s → %d\n%s%s", strings.Join(args, " "), code, stdout.String(), stderr.String())
	return code, stdout.String(), stderr.String()
}

func decodeReport(t *testing.T, out string) updateReport {
	t.Helper()
	var rep updateReport
	require.NoError(t, json.Unmarshal([]byte(out), &rep), out)
	return rep
}

func sha256File(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestUpdateCommand(t *testing.T) {
	doc := updateExcerpt(t)
	l, err := ofac.ReadAdvanced(context.Background(), bytes.NewReader(doc))
	require.NoError(t, err)
	listed := l.Addresses[0].Value
	srv := newListServer(t, doc)
	dir := t.TempDir()
	update := []string{"lists", "update", "--url", srv.URL + "/SDN_ADVANCED.XML", "--cache", dir, "--timeout", "2s", "--retries", "0"}

	code, out, _ := runCLI(t, update...)
	require.Equal(t, exitClear, code)
	rep := decodeReport(t, out)
	assert.Equal(t, "updated", rep.Status)
	assert.Equal(t, "2025-11-19", rep.Published)
	assert.Equal(t, l.Source.SHA256, rep.SHA256)
	assert.Greater(t, rep.Values, 100)
	cached := filepath.Join(dir, rep.File)
	before := sha256File(t, cached)

	code, out, _ = runCLI(t, update...)
	require.Equal(t, exitClear, code)
	assert.Equal(t, "not-modified", decodeReport(t, out).Status)

	// Failures: exit 3, the report says why, the cached list is untouched and screens.
	half := regexp.MustCompile(`(?s)<DistinctParty [^>]*>.*?</DistinctParty>\s*`)
	var i int
	halfDoc := half.ReplaceAllFunc(doc, func(m []byte) []byte {
		i++
		if i%2 == 0 {
			return m
		}
		return nil
	})
	failures := []struct {
		name string
		h    http.HandlerFunc
		want string
	}{
		{"HTTP 503", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "busy", http.StatusServiceUnavailable) }, "503"},
		{"not a list", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "<html/>") }, "malformed"},
		{"half the addresses", func(w http.ResponseWriter, r *http.Request) { w.Write(halfDoc) }, "drops too many"},
	}
	for _, fc := range failures {
		srv.set(fc.h)
		code, out, errOut := runCLI(t, append(update, "--max-shrink", "0.2")...)
		assert.Equal(t, exitUnavailable, code, fc.name)
		rep := decodeReport(t, out)
		assert.Equal(t, "failed", rep.Status, fc.name)
		assert.Contains(t, rep.Error, fc.want, fc.name)
		assert.Equal(t, "2025-11-19", rep.Published, "the report names the list that stays in service")
		assert.Contains(t, errOut, "stays in service")
		assert.Equal(t, before, sha256File(t, cached), fc.name)

		code, _, _ = runCLI(t, "check", "--cache", dir, listed)
		assert.Equal(t, exitHit, code, "the cached list still screens after: "+fc.name)
	}

	// The operator accepts the drop.
	srv.set(func(w http.ResponseWriter, r *http.Request) { w.Write(halfDoc) })
	code, out, _ = runCLI(t, append(update, "--allow-shrink")...)
	require.Equal(t, exitClear, code)
	rep = decodeReport(t, out)
	assert.Equal(t, "updated", rep.Status)
	require.NotNil(t, rep.Previous)
	assert.Equal(t, l.Source.SHA256, rep.Previous.SHA256)
	assert.Less(t, rep.Values, rep.Previous.Values)
}

// TestCheckWithoutCacheOrNetwork: no cached list and no reachable source is exit 3 with
// a message that says how to pass a list.
func TestCheckWithoutCacheOrNetwork(t *testing.T) {
	var stderr bytes.Buffer
	// .invalid never resolves (RFC 6761): the offline case, without touching the network.
	a := &app{stdin: strings.NewReader(""), stdout: io.Discard, stderr: &stderr,
		listURL:  "http://chainscreen-test.invalid/SDN_ADVANCED.ZIP",
		cacheDir: t.TempDir(), logger: slog.New(slog.DiscardHandler)}
	// Screening falls back to the embedded publication, with a warning naming it.
	lists, err := a.loadLists(context.Background())
	require.NoError(t, err)
	require.Len(t, lists, 1)
	assert.Equal(t, embedded.Location, lists[0].Source.Location)
	assert.Contains(t, stderr.String(), "the download failed")
	assert.Contains(t, stderr.String(), "chainscreen lists update")

	code, out, errOut := runCLI(t, "lists", "update", "--url", a.listURL, "--cache", a.cacheDir)
	assert.Equal(t, exitUnavailable, code)
	assert.Equal(t, "failed", decodeReport(t, out).Status)
	assert.Contains(t, errOut, "no list is cached")
}

// TestCheckFillsEmptyCache: without --list and with an empty cache, one update fills it.
func TestCheckFillsEmptyCache(t *testing.T) {
	doc := updateExcerpt(t)
	srv := newListServer(t, doc)
	a := &app{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, listURL: srv.URL,
		cacheDir: t.TempDir(), logger: slog.New(slog.DiscardHandler)}
	lists, err := a.loadLists(context.Background())
	require.NoError(t, err)
	require.Len(t, lists, 1)
	assert.Equal(t, "2025-11-19", lists[0].Source.Published.Format(time.DateOnly))
	// The next start reads the snapshot of the cached publication.
	st, err := cache.New(cache.Config{CacheDir: a.cacheDir})
	require.NoError(t, err)
	assert.FileExists(t, sanctions.SnapshotPath(filepath.Join(a.cacheDir, st.Status().Current.File)))
}

// TestCheckSurvivesFailedRefresh: a cached list the server has not confirmed for a day is
// refreshed before screening; when that refresh fails, screening goes on against the
// cached list, with a warning.
func TestCheckSurvivesFailedRefresh(t *testing.T) {
	doc := updateExcerpt(t)
	l, err := ofac.ReadAdvanced(context.Background(), bytes.NewReader(doc))
	require.NoError(t, err)
	srv := newListServer(t, doc)
	dir := t.TempDir()
	code, _, _ := runCLI(t, "lists", "update", "--url", srv.URL, "--cache", dir)
	require.Equal(t, exitClear, code)

	// Age the record: last confirmed two days ago.
	metaPath := filepath.Join(dir, "current.json")
	b, err := os.ReadFile(metaPath)
	require.NoError(t, err)
	var meta map[string]any
	require.NoError(t, json.Unmarshal(b, &meta))
	meta["checked_at"] = time.Now().Add(-48 * time.Hour).Format(time.RFC3339)
	b, err = json.Marshal(meta)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(metaPath, b, 0o644))

	var calls atomic.Int32
	srv.set(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		http.Error(w, "down", http.StatusBadGateway)
	})
	code, out, errOut := runCLI(t, "check", "--cache", dir, l.Addresses[0].Value)
	assert.Equal(t, exitHit, code)
	assert.Contains(t, out, l.Source.SHA256)
	assert.Contains(t, errOut, "list refresh failed")
	assert.Equal(t, int32(1), calls.Load(), "one quick attempt, no retry")
}
