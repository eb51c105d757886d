package cache_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/sanctions/cache"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFetchHonoursRetryAfter: a 429 with Retry-After is retried no earlier than the
// server asked (the backoff alone would retry after about a millisecond).
func TestFetchHonoursRetryAfter(t *testing.T) {
	good := excerpt(t)
	var mu sync.Mutex
	var at []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		at = append(at, time.Now())
		n := len(at)
		mu.Unlock()
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		serve(good, "")(w, r)
	}))
	defer srv.Close()
	f, err := cache.New(cache.Config{URLs: []string{srv.URL}, CacheDir: t.TempDir(),
		Retries: 2, BackoffBase: time.Millisecond, BackoffMax: 2 * time.Millisecond, Logger: testLogger(t)})
	require.NoError(t, err)
	_, err = f.Update(context.Background())
	require.NoError(t, err)
	require.Len(t, at, 2)
	assert.GreaterOrEqual(t, at[1].Sub(at[0]), time.Second, "waited for Retry-After")
}

// TestFetchSeed: `lists update --from FILE` installs a real publication offline, refuses
// an older one (the cache is unchanged), and seeds a custom list in its own cache.
func TestFetchSeed(t *testing.T) {
	if testing.Short() {
		t.Skip("parses two full publications")
	}
	ctx := context.Background()
	dir := t.TempDir()
	f, err := cache.New(cache.Config{CacheDir: dir, Logger: testLogger(t)})
	require.NoError(t, err)
	newer := testdata.Path(t, "ofac", "sdn_advanced", "2025-11-19b.xml.bz2")
	res, err := f.Seed(ctx, newer)
	require.NoError(t, err)
	assert.Equal(t, cache.StatusUpdated, res.Status)
	assert.Equal(t, "2025-11-19", res.Current.Published.Format(time.DateOnly))
	assert.Equal(t, "file://"+newer, res.Current.URL)

	_, err = f.Seed(ctx, testdata.Path(t, "ofac", "sdn_advanced", "2024-12-19.xml.bz2"))
	require.ErrorIs(t, err, sanctions.ErrOlder)
	l, err := f.Current(ctx)
	require.NoError(t, err)
	assert.Equal(t, res.Current.SHA256, l.Source.SHA256, "the refused seed left the cache as it was")

	_, err = f.Seed(ctx, filepath.Join(dir, "missing.xml"))
	require.ErrorIs(t, err, os.ErrNotExist)

	custom := filepath.Join(t.TempDir(), "own.csv")
	require.NoError(t, os.WriteFile(custom, []byte("address,name\n0x098B716B8Aaf21512996dC57EB0615e2383E2f96,Own\n"), 0o644))
	cf, err := cache.New(cache.Config{Format: "custom", CacheDir: filepath.Join(dir, "custom")})
	require.NoError(t, err)
	_, err = cf.Seed(ctx, custom)
	require.NoError(t, err)
	cl, err := cf.Current(ctx)
	require.NoError(t, err)
	require.Len(t, cl.Addresses, 1)
	assert.Equal(t, "own.csv", cl.Source.Name, "the custom list is named after the seeded file")
}
