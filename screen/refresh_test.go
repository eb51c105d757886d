package screen

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Two real listed values (OFAC SDN 2025-11-19b) for the two test lists of this file.
const (
	refreshETH = "0x098B716B8Aaf21512996dC57EB0615e2383E2f96"
	refreshBTC = "bc1q05aktddf9ce4p7hh3stgsf253m4vweu7nkhtmw"
)

// refreshList is an in-memory list that lists one value, with its own sha256.
func refreshList(t testing.TB, published, sha, ticker, value string) *sanctions.List {
	t.Helper()
	pub, err := time.Parse(time.DateOnly, published)
	require.NoError(t, err)
	e := &sanctions.Entity{ID: sha, Name: "PARTY " + sha, Type: "entity", Programs: []string{"CYBER2"}}
	return sanctions.NewList(sanctions.Source{Name: "TEST", Format: "test", Published: pub, SHA256: sha},
		[]sanctions.ListedAddress{{Ticker: ticker, Value: value, Entity: e}})
}

// quiet discards the Refresher's log.
func quiet() RefreshOption { return WithRefreshLogger(slog.New(slog.DiscardHandler)) }

func loadOf(lists ...*sanctions.List) func(context.Context) ([]*sanctions.List, error) {
	return func(context.Context) ([]*sanctions.List, error) { return lists, nil }
}

func TestRefreshSwapsOnlyOnSuccess(t *testing.T) {
	ctx := context.Background()
	a := refreshList(t, "2025-11-19", "aa", "ETH", refreshETH)
	b := refreshList(t, "2025-11-20", "bb", "XBT", refreshBTC)
	s, err := New([]*sanctions.List{a})
	require.NoError(t, err)

	var next atomic.Pointer[func(context.Context) ([]*sanctions.List, error)]
	set := func(f func(context.Context) ([]*sanctions.List, error)) { next.Store(&f) }
	r := NewRefresher(s, func(ctx context.Context) ([]*sanctions.List, error) { return (*next.Load())(ctx) }, 0, quiet())
	defer r.Stop()

	set(loadOf(b))
	require.NoError(t, r.Trigger(ctx))
	res, err := s.ScreenAddress(ctx, refreshBTC)
	require.NoError(t, err)
	assert.True(t, res.Sanctioned())
	assert.Equal(t, "bb", res.List.SHA256)
	st := r.Status()
	assert.NoError(t, st.LastError)
	assert.False(t, st.LastSuccess.IsZero())
	assert.Equal(t, "bb", st.Lists[0].SHA256)

	boom := errors.New("download failed")
	set(func(context.Context) ([]*sanctions.List, error) { return nil, boom })
	require.ErrorIs(t, r.Trigger(ctx), boom)
	set(loadOf()) // no list: Swap refuses, the lists in service stay
	require.ErrorIs(t, r.Trigger(ctx), ErrNoList)
	set(loadOf(nil))
	require.ErrorIs(t, r.Trigger(ctx), ErrNoList)

	res, err = s.ScreenAddress(ctx, refreshBTC)
	require.NoError(t, err)
	assert.True(t, res.Sanctioned(), "the last good list stays in service")
	st = r.Status()
	assert.ErrorIs(t, st.LastError, ErrNoList)
	assert.Equal(t, 3, st.ConsecutiveFailures)
	assert.Equal(t, 3, st.Failures)
	assert.Equal(t, 4, st.Refreshes)
}

func TestRefreshSingleFlight(t *testing.T) {
	a := refreshList(t, "2025-11-19", "aa", "ETH", refreshETH)
	s, err := New([]*sanctions.List{a})
	require.NoError(t, err)
	var calls atomic.Int32
	release := make(chan struct{})
	started := make(chan struct{}, 1)
	r := NewRefresher(s, func(ctx context.Context) ([]*sanctions.List, error) {
		calls.Add(1)
		started <- struct{}{}
		<-release
		return []*sanctions.List{a}, nil
	}, 0, quiet())
	defer r.Stop()

	const n = 16
	errs := make(chan error, n)
	go func() { errs <- r.Trigger(context.Background()) }()
	<-started // the first refresh is in flight
	for range n - 1 {
		go func() { errs <- r.Trigger(context.Background()) }()
	}
	assert.Eventually(t, func() bool { return r.Status().Running }, time.Second, time.Millisecond)
	// A caller that stops waiting does not cancel the shared refresh.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, r.Trigger(ctx), context.Canceled)
	// Screening does not wait for the refresh.
	res, err := s.ScreenAddress(context.Background(), refreshETH)
	require.NoError(t, err)
	assert.True(t, res.Sanctioned())

	time.Sleep(20 * time.Millisecond) // let the joiners queue up behind the flight
	close(release)
	for range n {
		require.NoError(t, <-errs)
	}
	// Every caller that arrived during the flight shared it; none started a second one,
	// except possibly joiners that arrived after it ended.
	assert.LessOrEqual(t, calls.Load(), int32(2))
	assert.Equal(t, int(calls.Load()), r.Status().Refreshes)
}

func TestRefreshLoopAndStop(t *testing.T) {
	a := refreshList(t, "2025-11-19", "aa", "ETH", refreshETH)
	s, err := New([]*sanctions.List{a})
	require.NoError(t, err)
	var calls atomic.Int32
	r := NewRefresher(s, func(ctx context.Context) ([]*sanctions.List, error) {
		calls.Add(1)
		return []*sanctions.List{a}, nil
	}, 5*time.Millisecond, quiet())
	r.Start(context.Background())
	r.Start(context.Background()) // no second loop
	assert.Eventually(t, func() bool { return calls.Load() >= 3 }, 5*time.Second, time.Millisecond)
	r.Stop()
	n := calls.Load()
	time.Sleep(30 * time.Millisecond)
	assert.Equal(t, n, calls.Load(), "no refresh after Stop")
	assert.ErrorIs(t, r.Trigger(context.Background()), ErrRefresherStopped)
}

func TestRefreshStopCancelsLoad(t *testing.T) {
	a := refreshList(t, "2025-11-19", "aa", "ETH", refreshETH)
	s, err := New([]*sanctions.List{a})
	require.NoError(t, err)
	started := make(chan struct{})
	r := NewRefresher(s, func(ctx context.Context) ([]*sanctions.List, error) {
		close(started)
		<-ctx.Done()
		return nil, ctx.Err()
	}, 0, quiet())
	errc := make(chan error, 1)
	go func() { errc <- r.Trigger(context.Background()) }()
	<-started
	r.Stop()
	assert.ErrorIs(t, <-errc, context.Canceled)
	res, err := s.ScreenAddress(context.Background(), refreshETH)
	require.NoError(t, err)
	assert.True(t, res.Sanctioned())
}

// TestRefreshRace screens from many goroutines while the Refresher swaps two lists back
// and forth. Every result must be exactly the answer of one of the two lists, as named in
// its provenance: list "aa" lists refreshETH only, list "bb" refreshBTC only. Run with
// -race.
func TestRefreshRace(t *testing.T) {
	ctx := context.Background()
	a := refreshList(t, "2025-11-19", "aa", "ETH", refreshETH)
	b := refreshList(t, "2025-11-20", "bb", "XBT", refreshBTC)
	s, err := New([]*sanctions.List{a})
	require.NoError(t, err)
	var flip atomic.Int32
	r := NewRefresher(s, func(context.Context) ([]*sanctions.List, error) {
		if flip.Add(1)%2 == 1 {
			return []*sanctions.List{b}, nil
		}
		return []*sanctions.List{a}, nil
	}, time.Millisecond, quiet())
	r.Start(ctx)
	defer r.Stop()

	stop := make(chan struct{})
	var swaps sync.WaitGroup
	swaps.Add(1)
	go func() { // manual triggers on top of the loop
		defer swaps.Done()
		for {
			select {
			case <-stop:
				return
			default:
				_ = r.Trigger(ctx)
			}
		}
	}()

	const workers = 8
	var wg sync.WaitGroup
	var seen [2]atomic.Int64
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 2000 {
				in := refreshETH
				if (i+w)%2 == 1 {
					in = refreshBTC
				}
				res, err := s.ScreenAddress(ctx, in)
				if err != nil {
					errs <- err
					return
				}
				var want bool
				switch res.List.SHA256 {
				case "aa":
					want = in == refreshETH
					seen[0].Add(1)
				case "bb":
					want = in == refreshBTC
					seen[1].Add(1)
				default:
					errs <- fmt.Errorf("result against an unknown list %q", res.List.SHA256)
					return
				}
				if res.Sanctioned() != want || (want && res.Hits[0].Entity.ID != res.List.SHA256) {
					errs <- fmt.Errorf("%s against list %s: sanctioned=%v hits=%v", in, res.List.SHA256, res.Sanctioned(), res.Hits)
					return
				}
				// A batch is screened against one list.
				rs, err := s.ScreenAddresses(ctx, []string{refreshETH, refreshBTC})
				if err != nil {
					errs <- err
					return
				}
				if rs[0].List.SHA256 != rs[1].List.SHA256 || rs[0].Sanctioned() == rs[1].Sanctioned() {
					errs <- fmt.Errorf("a batch saw two lists or a half state: %+v", rs)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	swaps.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	st := r.Status()
	t.Logf("refreshes %d; results against list aa %d, bb %d", st.Refreshes, seen[0].Load(), seen[1].Load())
	assert.Greater(t, st.Refreshes, 1)
	assert.Zero(t, st.Failures)
}

// TestRefreshStrictMaxAge: in strict mode a list older than the maximum age is an error
// (fail closed), and a refresh that brings a fresh list ends it.
func TestRefreshStrictMaxAge(t *testing.T) {
	ctx := context.Background()
	old := refreshList(t, "2025-11-19", "aa", "ETH", refreshETH)
	fresh := refreshList(t, "2026-01-10", "bb", "ETH", refreshETH)
	now := func() time.Time { return time.Date(2026, 1, 12, 0, 0, 0, 0, time.UTC) }
	s, err := New([]*sanctions.List{old}, WithMaxAge(7*24*time.Hour), WithStrict(true), WithClock(now))
	require.NoError(t, err)
	_, err = s.ScreenAddress(ctx, refreshETH)
	require.ErrorIs(t, err, ErrStale)
	_, err = s.ScreenAddress(ctx, "0x0000000000000000000000000000000000000001")
	require.ErrorIs(t, err, ErrStale, "a stale list never answers clean")

	var fail atomic.Bool
	fail.Store(true)
	r := NewRefresher(s, func(context.Context) ([]*sanctions.List, error) {
		if fail.Load() {
			return nil, errors.New("offline")
		}
		return []*sanctions.List{fresh}, nil
	}, 0, WithRefreshClock(now), quiet())
	defer r.Stop()
	require.Error(t, r.Trigger(ctx))
	_, err = s.ScreenAddress(ctx, refreshETH)
	require.ErrorIs(t, err, ErrStale, "a failed refresh does not make a stale list usable")

	fail.Store(false)
	require.NoError(t, r.Trigger(ctx))
	res, err := s.ScreenAddress(ctx, refreshETH)
	require.NoError(t, err)
	assert.True(t, res.Sanctioned())
	assert.False(t, res.Has(FlagListStale))
	assert.Equal(t, now(), r.Status().LastSuccess)
}
