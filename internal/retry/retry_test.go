package retry_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/chainscreen/chainscreen/internal/retry"
)

var errBusy = errors.New("busy")

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2015, 10, 21, 7, 28, 0, 0, time.UTC)
	for _, c := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"120", 120 * time.Second, true},
		{" 0 ", 0, true},
		{"Wed, 21 Oct 2015 07:28:30 GMT", 30 * time.Second, true}, // RFC 9110's example date, +30 s
		{"Wednesday, 21-Oct-15 07:29:00 GMT", time.Minute, true},  // RFC 850 form
		{"Wed Oct 21 07:28:05 2015", 5 * time.Second, true},       // asctime form
		{"Wed, 21 Oct 2015 07:00:00 GMT", 0, true},                // in the past
		{"", 0, false},
		{"-5", 0, false},
		{"1.5", 0, false},
		{"soon", 0, false},
	} {
		got, ok := retry.ParseRetryAfter(c.in, now)
		if got != c.want || ok != c.ok {
			t.Errorf("ParseRetryAfter(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

// TestDoHonoursRetryAfter: the wait is the server's Retry-After when it is longer than
// the backoff (fake time: testing/synctest).
func TestDoHonoursRetryAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		var at, waits []time.Duration
		p := retry.Policy{Retries: 2, Base: time.Millisecond, OnRetry: func(_ int, d time.Duration, _ error) { waits = append(waits, d) }}
		err := retry.Do(context.Background(), p, func(_ context.Context, attempt int) error {
			at = append(at, time.Since(start))
			if attempt < 2 {
				return retry.After(errBusy, 7*time.Second)
			}
			return nil
		})
		if err != nil || len(at) != 3 || at[1] != 7*time.Second || at[2] != 14*time.Second {
			t.Fatalf("err %v, attempts at %v; want 0s, 7s, 14s", err, at)
		}
		if len(waits) != 2 || waits[0] != 7*time.Second {
			t.Errorf("OnRetry saw waits %v", waits)
		}
	})
}

func TestDoBackoffAndGiveUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		var n int
		p := retry.Policy{Retries: 3, Base: time.Second, Max: 3 * time.Second}
		err := retry.Do(context.Background(), p, func(context.Context, int) error { n++; return errBusy })
		took := time.Since(start)
		// Waits: [0.5,1] + [1,2] + [1.5,3] seconds (equal jitter, capped at Max).
		if !errors.Is(err, errBusy) || n != 4 || took < 3*time.Second || took > 6*time.Second {
			t.Fatalf("err %v after %d attempts in %v", err, n, took)
		}
	})
}

func TestDoPermanentAndTooLong(t *testing.T) {
	var n int
	err := retry.Do(context.Background(), retry.Policy{}, func(context.Context, int) error { n++; return retry.Permanent(errBusy) })
	if !errors.Is(err, errBusy) || !retry.IsPermanent(err) || n != 1 {
		t.Errorf("permanent: %v after %d", err, n)
	}
	n = 0
	err = retry.Do(context.Background(), retry.Policy{MaxRetryAfter: time.Minute}, func(context.Context, int) error {
		n++
		return retry.After(errBusy, time.Hour)
	})
	if !errors.Is(err, retry.ErrRetryAfterTooLong) || !errors.Is(err, errBusy) || n != 1 {
		t.Errorf("too long: %v after %d", err, n)
	}
	n = 0
	err = retry.Do(context.Background(), retry.Policy{Retryable: func(error) bool { return false }}, func(context.Context, int) error { n++; return errBusy })
	if !errors.Is(err, errBusy) || n != 1 {
		t.Errorf("not retryable: %v after %d", err, n)
	}
}

// TestDoContext: cancelling the context ends a wait at once.
func TestDoContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		start := time.Now()
		time.AfterFunc(2*time.Second, cancel)
		err := retry.Do(ctx, retry.Policy{Retries: 5}, func(context.Context, int) error { return retry.After(errBusy, time.Minute) })
		if !errors.Is(err, context.Canceled) || time.Since(start) != 2*time.Second {
			t.Fatalf("err %v after %v", err, time.Since(start))
		}
	})
}

// TestDoHTTP: a real server answers 503 with Retry-After: 1, then 200; the client
// comes back no earlier than it was told.
func TestDoHTTP(t *testing.T) {
	var calls atomic.Int32
	var first time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			first = time.Now()
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		if d := time.Since(first); d < time.Second {
			t.Errorf("retried after %v, before the Retry-After of 1 s", d)
		}
	}))
	defer srv.Close()
	err := retry.Do(context.Background(), retry.Policy{Base: time.Millisecond}, func(ctx context.Context, _ int) error {
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			return retry.After(fmt.Errorf("status %d", resp.StatusCode), retry.FromResponse(resp, time.Now()))
		}
		return nil
	})
	if err != nil || calls.Load() != 2 {
		t.Fatalf("err %v, %d calls", err, calls.Load())
	}
}

func ExampleDo() {
	var n int
	err := retry.Do(context.Background(), retry.Policy{Base: time.Millisecond}, func(context.Context, int) error {
		n++
		if n < 3 {
			return errBusy
		}
		return nil
	})
	fmt.Println(n, err)
	// Output: 3 <nil>
}

// TestDoAttemptTimeout: an attempt that ran into its own deadline (a per-attempt
// timeout, not the caller's context) is retried when Retryable says so, and not by
// default.
func TestDoAttemptTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		attempt := func(ctx context.Context, _ int) error {
			ctx, cancel := context.WithTimeout(ctx, time.Second)
			defer cancel()
			<-ctx.Done()
			return fmt.Errorf("GET: %w", ctx.Err())
		}
		var n int
		p := retry.Policy{Retries: 2, Retryable: func(err error) bool { return errors.Is(err, context.DeadlineExceeded) }}
		err := retry.Do(context.Background(), p, func(ctx context.Context, i int) error { n++; return attempt(ctx, i) })
		if !errors.Is(err, context.DeadlineExceeded) || n != 3 {
			t.Errorf("with Retryable: %v after %d attempts, want 3", err, n)
		}
		n = 0
		err = retry.Do(context.Background(), retry.Policy{Retries: 2}, func(ctx context.Context, i int) error { n++; return attempt(ctx, i) })
		if !errors.Is(err, context.DeadlineExceeded) || n != 1 {
			t.Errorf("default: %v after %d attempts, want 1", err, n)
		}
	})
}
