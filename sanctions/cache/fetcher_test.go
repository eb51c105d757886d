package cache_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/internal/testdata"

	"github.com/chainscreen/chainscreen/sanctions"
	_ "github.com/chainscreen/chainscreen/sanctions/all" // the formats the cache reads
	"github.com/chainscreen/chainscreen/sanctions/cache"
	"github.com/chainscreen/chainscreen/sanctions/ofac"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fetchData returns a file of the shared real data (see DESIGN.md, "Tests and data"),
// skipping (or failing under CHAINSCREEN_REQUIRE_TESTDATA=1) when it is missing.
func fetchData(t testing.TB, rel ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(testdata.Path(t, rel...))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func excerpt(t testing.TB) []byte {
	return fetchData(t, "ofac", "excerpts", "sdn_advanced_excerpt_2025-11-19.xml")
}

var partyRE = regexp.MustCompile(`(?s)<DistinctParty [^>]*>.*?</DistinctParty>\s*`)

// dropParties derives a publication from doc that keeps the i-th DistinctParty only
// when keep(i).
func dropParties(doc []byte, keep func(i int) bool) []byte {
	i := -1
	return partyRE.ReplaceAllFunc(doc, func(m []byte) []byte {
		i++
		if keep(i) {
			return m
		}
		return nil
	})
}

// withDate derives a publication from doc with another date of issue.
func withDate(t testing.TB, doc []byte, y, m, d int) []byte {
	t.Helper()
	re := regexp.MustCompile(`(?s)<DateOfIssue[^>]*>.*?</DateOfIssue>`)
	require.True(t, re.Match(doc))
	return re.ReplaceAll(doc, fmt.Appendf(nil,
		`<DateOfIssue CalendarTypeID="1"><Year>%d</Year><Month>%d</Month><Day>%d</Day></DateOfIssue>`, y, m, d))
}

func zipped(t testing.TB, doc []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("SDN_ADVANCED.XML")
	require.NoError(t, err)
	_, err = w.Write(doc)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

func parse(t testing.TB, doc []byte) *sanctions.List {
	t.Helper()
	l, err := ofac.ReadAdvanced(context.Background(), bytes.NewReader(doc))
	require.NoError(t, err)
	return l
}

func uniqueValues(l *sanctions.List) int {
	m := map[string]bool{}
	for _, a := range l.Addresses {
		m[strings.TrimSpace(a.Value)] = true
	}
	return len(m)
}

func fileSHA(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// publicationServer serves doc with an ETag and answers If-None-Match with 304.
func serve(doc []byte, etag string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if etag != "" {
			w.Header().Set("ETag", etag)
			if r.Header.Get("If-None-Match") == etag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
		}
		w.Header().Set("Content-Length", fmt.Sprint(len(doc)))
		w.Write(doc)
	}
}

// switchable is a handler whose behaviour a test replaces.
type switchable struct {
	h    atomic.Pointer[http.HandlerFunc]
	hits atomic.Int32
}

func (s *switchable) set(h http.HandlerFunc) { s.h.Store(&h) }
func (s *switchable) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.hits.Add(1)
	(*s.h.Load())(w, r)
}

func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(b), "\n"))
	return len(b), nil
}

// TestFetchFaults injects one failure per case into a real HTTP server on loopback,
// after a good publication was installed, and checks that in every case the previous
// list keeps serving (the Screener fed by a Refresher still hits a listed address and
// the cached file is byte-for-byte unchanged) and that the outcome is visible in the
// Fetcher's and the Refresher's Status.
func TestFetchFaults(t *testing.T) {
	good := excerpt(t)
	goodList := parse(t, good)
	listed := goodList.Addresses[0].Value

	// Derived publications.
	half := dropParties(good, func(i int) bool { return i%2 == 1 })
	halfList := parse(t, half)
	require.Less(t, float64(uniqueValues(halfList)), 0.8*float64(uniqueValues(goodList)),
		"the derived publication must drop more than 20%% of the addresses")
	empty := dropParties(good, func(int) bool { return false })
	older := withDate(t, good, 2025, 11, 18)
	undated := regexp.MustCompile(`(?s)<DateOfIssue[^>]*>.*?</DateOfIssue>`).ReplaceAll(good, nil)
	tornado := fetchData(t, "ofac", "excerpts", "sdn_advanced_excerpt_2024-12-19_tornado_cash.xml")
	corruptZip := zipped(t, good)
	for i := len(corruptZip) / 3; i < len(corruptZip)/3+64; i++ {
		corruptZip[i] ^= 0x5a
	}
	bz2 := fetchData(t, "ofac", "sdn_advanced", "2024-05-28.xml.bz2")
	corruptBz2 := append([]byte(nil), bz2[:64<<10]...) // a cut archive, served completely
	for i := 32 << 10; i < 33<<10; i++ {
		corruptBz2[i] ^= 0xff
	}

	hijackClose := func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(err)
		}
		if tc, ok := conn.(interface{ SetLinger(int) error }); ok {
			tc.SetLinger(0) // RST instead of FIN
		}
		conn.Close()
	}
	truncated := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(len(good)))
		w.Write(good[:len(good)/2])
		// returning early: the server closes the connection short of Content-Length
	}
	slow := func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}

	cases := []struct {
		name    string
		handler http.HandlerFunc
		want    error // nil: success (304)
		status  cache.UpdateStatus
	}{
		{"HTTP 500", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "boom", http.StatusInternalServerError)
		}, cache.ErrDownload, cache.StatusFailed},
		{"HTTP 404", http.NotFound, cache.ErrDownload, cache.StatusFailed},
		{"connection reset", hijackClose, cache.ErrDownload, cache.StatusFailed},
		{"truncated body", truncated, cache.ErrDownload, cache.StatusFailed},
		{"slow server past the timeout", slow, context.DeadlineExceeded, cache.StatusFailed},
		{"corrupt zip", serve(corruptZip, ""), sanctions.ErrFormat, cache.StatusFailed},
		{"corrupt bz2", serve(corruptBz2, ""), sanctions.ErrFormat, cache.StatusFailed},
		{"HTML error page with 200", serve([]byte("<html><body>maintenance</body></html>"), ""), sanctions.ErrFormat, cache.StatusFailed},
		{"well-formed XML without entries", serve(empty, ""), sanctions.ErrEmpty, cache.StatusFailed},
		{"no date of issue", serve(undated, ""), sanctions.ErrNoDate, cache.StatusFailed},
		{"half the addresses", serve(half, ""), sanctions.ErrShrink, cache.StatusFailed},
		{"older publication (same parties)", serve(older, ""), sanctions.ErrOlder, cache.StatusFailed},
		{"older publication (2024-12-19 Tornado Cash)", serve(zipped(t, tornado), ""), sanctions.ErrOlder, cache.StatusFailed},
		{"earlier issue of the same day (only removes values)", serve(dropParties(good, func(i int) bool { return i != 0 }), ""), sanctions.ErrOlder, cache.StatusFailed},
		{"304 Not Modified", serve(good, `"v1"`), nil, cache.StatusNotModified},
		{"same publication without validators", serve(good, ""), nil, cache.StatusUnchanged},
	}
	t.Logf("%d fault cases", len(cases))
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			sw := &switchable{}
			sw.set(serve(good, `"v1"`))
			srv := httptest.NewServer(sw)
			defer srv.Close()
			dir := t.TempDir()
			f, err := cache.New(cache.Config{
				URLs: []string{srv.URL + "/SDN_ADVANCED.XML"}, CacheDir: dir,
				Timeout: 500 * time.Millisecond, Retries: 2, BackoffBase: time.Millisecond,
				Logger: testLogger(t),
			})
			require.NoError(t, err)
			res, err := f.Update(ctx)
			require.NoError(t, err)
			require.Equal(t, cache.StatusUpdated, res.Status)
			cached := filepath.Join(dir, res.Current.File)
			before := fileSHA(t, cached)

			l, err := f.Current(ctx)
			require.NoError(t, err)
			s, err := screen.New([]*sanctions.List{l})
			require.NoError(t, err)
			r := screen.NewRefresher(s, func(ctx context.Context) ([]*sanctions.List, error) {
				if _, err := f.Update(ctx); err != nil {
					return nil, err
				}
				l, err := f.Current(ctx)
				if err != nil {
					return nil, err
				}
				return []*sanctions.List{l}, nil
			}, 0, screen.WithRefreshLogger(testLogger(t)))
			defer r.Stop()

			sw.set(tc.handler)
			err = r.Trigger(ctx)
			st := f.Status()
			rst := r.Status()
			if tc.want == nil {
				require.NoError(t, err)
				assert.NoError(t, st.LastError)
				assert.NoError(t, rst.LastError)
			} else {
				require.Error(t, err)
				assert.ErrorIs(t, err, tc.want)
				assert.ErrorIs(t, st.LastError, tc.want, "the error is visible in the Fetcher's Status")
				assert.NotEmpty(t, st.LastErrorText)
				assert.Equal(t, 1, st.ConsecutiveFailures)
				assert.ErrorIs(t, rst.LastError, tc.want, "the error is visible in the Refresher's Status")
				assert.Equal(t, 1, rst.Failures)
			}
			assert.Equal(t, tc.status, st.LastResult)
			t.Logf("outcome: %v", err)

			// The previous list keeps serving, from an unchanged cache.
			got, err := s.ScreenAddress(ctx, listed)
			require.NoError(t, err)
			assert.True(t, got.Sanctioned(), "a listed address still hits")
			assert.Equal(t, goodList.Source.SHA256, got.List.SHA256)
			assert.Equal(t, before, fileSHA(t, cached), "the cached publication is unchanged")
			assert.Equal(t, res.Current.File, st.Current.File)
			assert.Equal(t, goodList.Source.SHA256, st.Current.SHA256)
			cur, err := f.Current(ctx)
			require.NoError(t, err)
			assert.Equal(t, goodList.Source.SHA256, cur.Source.SHA256)
			leftovers, _ := filepath.Glob(filepath.Join(dir, ".download-*"))
			assert.Empty(t, leftovers, "no temp file is left behind")
		})
	}
}

// TestFetchUpdateKeepsPrevious installs a newer publication over an older one: the new
// one is served from then on, the old one is kept as the previous publication, and the
// server's ETag is sent back on the next request.
func TestFetchUpdateKeepsPrevious(t *testing.T) {
	ctx := context.Background()
	good := excerpt(t)
	older := withDate(t, good, 2025, 11, 18)
	// A newer issue that delists one party (within the 20% limit).
	newer := dropParties(good, func(i int) bool { return i != 0 })
	sw := &switchable{}
	var ifNoneMatch atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ifNoneMatch.Store(r.Header.Get("If-None-Match"))
		sw.ServeHTTP(w, r)
	}))
	defer srv.Close()
	dir := t.TempDir()
	f, err := cache.New(cache.Config{URLs: []string{srv.URL + "/x"}, CacheDir: dir,
		Retries: -1, Logger: testLogger(t)})
	require.NoError(t, err)

	_, err = f.Current(ctx)
	require.ErrorIs(t, err, cache.ErrNoList)

	sw.set(serve(zipped(t, older), `"old"`))
	first, err := f.Update(ctx)
	require.NoError(t, err)
	require.Equal(t, cache.StatusUpdated, first.Status)
	assert.True(t, strings.HasSuffix(first.Current.File, ".zip"), first.Current.File)
	assert.True(t, first.Previous.IsZero())
	assert.Equal(t, "", ifNoneMatch.Load())

	sw.set(serve(newer, `"new"`))
	second, err := f.Update(ctx)
	require.NoError(t, err)
	require.Equal(t, cache.StatusUpdated, second.Status)
	assert.Equal(t, `"old"`, ifNoneMatch.Load(), "the cached ETag is sent")
	assert.Equal(t, first.Current.SHA256, second.Previous.SHA256)
	assert.Equal(t, "2025-11-19", second.Current.Published.Format(time.DateOnly))
	assert.Less(t, second.Current.Values, first.Current.Values)
	require.NotNil(t, second.List)
	// The previous publication is still on disk, unchanged.
	assert.Equal(t, first.Current.FileSHA256, fileSHA(t, filepath.Join(dir, first.Current.File)))
	assert.FileExists(t, filepath.Join(dir, "previous.json"))

	l, err := f.Current(ctx)
	require.NoError(t, err)
	assert.Equal(t, second.Current.SHA256, l.Source.SHA256)

	third, err := f.Update(ctx)
	require.NoError(t, err)
	assert.Equal(t, cache.StatusNotModified, third.Status)
	assert.Equal(t, `"new"`, ifNoneMatch.Load())
}

// TestFetchAllowShrink accepts a large drop when the operator allows it.
func TestFetchAllowShrink(t *testing.T) {
	ctx := context.Background()
	good := excerpt(t)
	sw := &switchable{}
	sw.set(serve(good, ""))
	srv := httptest.NewServer(sw)
	defer srv.Close()
	dir := t.TempDir()
	cfg := cache.Config{URLs: []string{srv.URL}, CacheDir: dir, Retries: -1}
	f, err := cache.New(cfg)
	require.NoError(t, err)
	_, err = f.Update(ctx)
	require.NoError(t, err)

	sw.set(serve(dropParties(good, func(i int) bool { return i%2 == 1 }), ""))
	_, err = f.Update(ctx)
	require.ErrorIs(t, err, sanctions.ErrShrink)

	cfg.AllowShrink = true
	f, err = cache.New(cfg)
	require.NoError(t, err)
	res, err := f.Update(ctx)
	require.NoError(t, err)
	assert.Equal(t, cache.StatusUpdated, res.Status)
	assert.Less(t, res.Current.Values, res.Previous.Values)
}

// TestFetchRetriesAndFallback: transient failures are retried with backoff; a URL that
// keeps failing gives way to the next one.
func TestFetchRetriesAndFallback(t *testing.T) {
	ctx := context.Background()
	good := excerpt(t)
	var calls atomic.Int32
	flaky := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 2 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		serve(good, "")(w, r)
	}))
	defer flaky.Close()
	f, err := cache.New(cache.Config{URLs: []string{flaky.URL}, CacheDir: t.TempDir(),
		Retries: 3, BackoffBase: time.Millisecond, Logger: testLogger(t)})
	require.NoError(t, err)
	res, err := f.Update(ctx)
	require.NoError(t, err)
	assert.Equal(t, cache.StatusUpdated, res.Status)
	assert.Equal(t, int32(3), calls.Load())

	var gone atomic.Int32
	dead := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gone.Add(1)
		http.NotFound(w, r)
	}))
	defer dead.Close()
	backup := httptest.NewServer(serve(zipped(t, good), ""))
	defer backup.Close()
	f, err = cache.New(cache.Config{URLs: []string{dead.URL, backup.URL}, CacheDir: t.TempDir(),
		Retries: 3, BackoffBase: time.Millisecond, Logger: testLogger(t)})
	require.NoError(t, err)
	res, err = f.Update(ctx)
	require.NoError(t, err)
	assert.Equal(t, backup.URL, res.URL)
	assert.Equal(t, int32(1), gone.Load(), "a 404 is not retried")
}

// TestFetchConcurrentUpdates: Updates from many goroutines are serialised; the cache ends
// consistent.
func TestFetchConcurrentUpdates(t *testing.T) {
	ctx := context.Background()
	good := excerpt(t)
	srv := httptest.NewServer(serve(good, `"e"`))
	defer srv.Close()
	f, err := cache.New(cache.Config{URLs: []string{srv.URL}, CacheDir: t.TempDir(), Retries: -1})
	require.NoError(t, err)
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = f.Update(ctx)
		}()
	}
	wg.Wait()
	require.NoError(t, errors.Join(errs...))
	l, err := f.Current(ctx)
	require.NoError(t, err)
	assert.Equal(t, parse(t, good).Source.SHA256, l.Source.SHA256)
}

// TestFetchCurrentDetectsTampering: a cached file that changed after validation is not
// served.
func TestFetchCurrentDetectsTampering(t *testing.T) {
	ctx := context.Background()
	good := excerpt(t)
	srv := httptest.NewServer(serve(good, ""))
	defer srv.Close()
	dir := t.TempDir()
	f, err := cache.New(cache.Config{URLs: []string{srv.URL}, CacheDir: dir, Retries: -1})
	require.NoError(t, err)
	res, err := f.Update(ctx)
	require.NoError(t, err)
	path := filepath.Join(dir, res.Current.File)
	tampered := dropParties(good, func(i int) bool { return i != 3 })
	require.NoError(t, os.WriteFile(path, tampered, 0o644))
	_, err = f.Current(ctx)
	require.ErrorIs(t, err, cache.ErrCorrupt)

	// The next update downloads the publication again instead of trusting the cache.
	again, err := f.Update(ctx)
	require.NoError(t, err)
	assert.Equal(t, cache.StatusUpdated, again.Status)
	l, err := f.Current(ctx)
	require.NoError(t, err)
	assert.Equal(t, res.Current.SHA256, l.Source.SHA256)
}

// TestFetchPrunesOrphans: files no record refers to are removed once they are old
// enough not to belong to an update in progress in another process.
func TestFetchPrunesOrphans(t *testing.T) {
	ctx := context.Background()
	srv := httptest.NewServer(serve(excerpt(t), ""))
	defer srv.Close()
	dir := t.TempDir()
	old := time.Now().Add(-2 * time.Hour)
	for _, n := range []string{"SDN_ADVANCED-2025-01-01-00.xml", "SDN_ADVANCED-2025-01-01-00.xml.snapshot", ".download-123"} {
		p := filepath.Join(dir, n)
		require.NoError(t, os.WriteFile(p, []byte("x"), 0o644))
		require.NoError(t, os.Chtimes(p, old, old))
	}
	recent := filepath.Join(dir, "SDN_ADVANCED-2025-01-02-00.xml")
	require.NoError(t, os.WriteFile(recent, []byte("x"), 0o644))
	mine := filepath.Join(dir, "notes.txt")
	require.NoError(t, os.WriteFile(mine, []byte("x"), 0o644))
	require.NoError(t, os.Chtimes(mine, old, old))

	f, err := cache.New(cache.Config{URLs: []string{srv.URL}, CacheDir: dir, Retries: -1})
	require.NoError(t, err)
	res, err := f.Update(ctx)
	require.NoError(t, err)
	names, err := filepath.Glob(filepath.Join(dir, "*"))
	require.NoError(t, err)
	hidden, _ := filepath.Glob(filepath.Join(dir, ".*"))
	var got []string
	for _, n := range append(names, hidden...) {
		got = append(got, filepath.Base(n))
	}
	assert.ElementsMatch(t, []string{"current.json", res.Current.File, res.Current.File + ".snapshot",
		filepath.Base(recent), "notes.txt"}, got)
}

// TestFetchRetriesCount: Retries is the number of retries after the first attempt of a
// transient failure; a negative value is one attempt only (the CLI's quick refresh).
func TestFetchRetriesCount(t *testing.T) {
	for _, tc := range []struct{ retries, attempts int32 }{{-1, 1}, {2, 3}} {
		var n atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n.Add(1)
			http.Error(w, "down", http.StatusBadGateway)
		}))
		f, err := cache.New(cache.Config{URLs: []string{srv.URL}, CacheDir: t.TempDir(), Retries: int(tc.retries),
			BackoffBase: time.Millisecond, BackoffMax: time.Millisecond})
		require.NoError(t, err)
		_, err = f.Update(context.Background())
		srv.Close()
		require.ErrorIs(t, err, cache.ErrDownload)
		assert.Equal(t, tc.attempts, n.Load(), "Retries %d", tc.retries)
	}
}

// TestUpdateWarnsOnlyWhatItDoesNotReturn: a failed Update returns its error and logs no
// warning (the caller reports it, once); a source that failed before another answered
// is returned to nobody, so it is the one warning.
func TestUpdateWarnsOnlyWhatItDoesNotReturn(t *testing.T) {
	good := excerpt(t)
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "busy", http.StatusServiceUnavailable)
	}))
	defer down.Close()
	up := httptest.NewServer(serve(good, `"g"`))
	defer up.Close()
	for _, c := range []struct {
		name     string
		urls     []string
		wantErr  bool
		warnings int
	}{
		{"every source fails", []string{down.URL + "/a", down.URL + "/b"}, true, 0},
		{"the second source answers", []string{down.URL + "/a", up.URL + "/x"}, false, 1},
		{"the first source answers", []string{up.URL + "/x", down.URL + "/a"}, false, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			var logs bytes.Buffer
			f, err := cache.New(cache.Config{URLs: c.urls, CacheDir: t.TempDir(), Retries: -1,
				Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))})
			require.NoError(t, err)
			_, err = f.Update(context.Background())
			assert.Equal(t, c.wantErr, err != nil, err)
			assert.Equal(t, c.warnings, strings.Count(logs.String(), "level=WARN"), logs.String())
			if c.warnings > 0 {
				assert.Contains(t, logs.String(), "503")
			}
		})
	}
}
