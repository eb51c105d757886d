package retry

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Policy says how often and how long to retry. The zero value retries 3 times with a
// 1 s base delay, a 30 s cap and a 5 min cap on Retry-After.
type Policy struct {
	// Retries is the number of retries after the first attempt (0: 3; negative: none).
	Retries int
	// Base is the delay before the first retry; it doubles per retry (0: 1 s).
	Base time.Duration
	// Max caps the backoff delay (0: 30 s).
	Max time.Duration
	// MaxRetryAfter caps a server's Retry-After: a longer wait is not made, the error
	// is returned instead (0: 5 min).
	MaxRetryAfter time.Duration
	// Retryable reports whether err is worth another attempt (nil: every error but a
	// context error). An error marked Permanent is never retried.
	Retryable func(err error) bool
	// Now is the clock for HTTP-date Retry-After values (nil: time.Now).
	Now func() time.Time
	// OnRetry, when set, is called before each wait (for a log line): the attempt that
	// failed (0-based), the wait and its error.
	OnRetry func(attempt int, wait time.Duration, err error)
}

// ErrRetryAfterTooLong is returned (wrapping the attempt's error) when the server asks
// to wait longer than Policy.MaxRetryAfter.
var ErrRetryAfterTooLong = errors.New("retry: server asked to wait longer than the limit")

// AfterError is an error that carries the server's Retry-After.
type AfterError interface {
	error
	// RetryAfter is the wait the server asked for (0: none).
	RetryAfter() time.Duration
}

// After wraps err with the wait d the server asked for (a parsed Retry-After).
func After(err error, d time.Duration) error {
	if err == nil {
		return nil
	}
	return &afterError{err: err, d: d}
}

type afterError struct {
	err error
	d   time.Duration
}

func (e *afterError) Error() string             { return e.err.Error() }
func (e *afterError) Unwrap() error             { return e.err }
func (e *afterError) RetryAfter() time.Duration { return e.d }

// Permanent marks err as not worth retrying.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err}
}

type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// IsPermanent reports whether err was marked with Permanent.
func IsPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}

// ParseRetryAfter parses a Retry-After header value: delay-seconds ("120") or an
// HTTP-date ("Wed, 21 Oct 2015 07:28:00 GMT", relative to now). It returns 0 and false
// for an empty or malformed value; a date in the past is 0 and true.
func ParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > int64(365*24*time.Hour/time.Second) {
			n = int64(365 * 24 * time.Hour / time.Second)
		}
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	if d := t.Sub(now); d > 0 {
		return d, true
	}
	return 0, true
}

// FromResponse returns the Retry-After of resp (0 when it has none).
func FromResponse(resp *http.Response, now time.Time) time.Duration {
	if resp == nil {
		return 0
	}
	d, _ := ParseRetryAfter(resp.Header.Get("Retry-After"), now)
	return d
}

func (p Policy) withDefaults() Policy {
	if p.Retries == 0 {
		p.Retries = 3
	}
	if p.Base <= 0 {
		p.Base = time.Second
	}
	if p.Max <= 0 {
		p.Max = 30 * time.Second
	}
	if p.MaxRetryAfter <= 0 {
		p.MaxRetryAfter = 5 * time.Minute
	}
	if p.Now == nil {
		p.Now = time.Now
	}
	return p
}

// Backoff is the delay before retry number attempt (0-based): Base·2^attempt capped at
// Max, with "equal jitter" (a random value in [d/2, d]).
func (p Policy) Backoff(attempt int) time.Duration {
	p = p.withDefaults()
	d := p.Max
	if attempt < 30 {
		if e := p.Base << attempt; e > 0 && e < p.Max {
			d = e
		}
	}
	half := d / 2
	return half + rand.N(d-half+1)
}

// Do calls op until it succeeds, returns a non-retryable error, the retries are spent,
// or ctx is done; it returns op's last error (or ctx's error, wrapping nothing else,
// when ctx ends a wait). Between attempts it waits the backoff, or the server's
// Retry-After when op's error carries one (AfterError) and it is longer: never earlier
// than the server asked. attempt is 0 for the first call.
func Do(ctx context.Context, p Policy, op func(ctx context.Context, attempt int) error) error {
	p = p.withDefaults()
	for attempt := 0; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		err := op(ctx, attempt)
		if err == nil {
			return nil
		}
		if attempt >= p.Retries || !p.retryable(err) || ctx.Err() != nil {
			return err
		}
		wait := p.Backoff(attempt)
		var ae AfterError
		if errors.As(err, &ae) && ae.RetryAfter() > 0 {
			if ra := ae.RetryAfter(); ra > p.MaxRetryAfter {
				return errors.Join(ErrRetryAfterTooLong, err)
			} else if ra > wait {
				wait = ra
			}
		}
		if p.OnRetry != nil {
			p.OnRetry(attempt, wait, err)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

func (p Policy) retryable(err error) bool {
	if IsPermanent(err) {
		return false
	}
	if p.Retryable != nil {
		// The caller decides, also for an attempt's own timeout (a context error of a
		// per-attempt deadline); Do stops by itself when its ctx is done.
		return p.Retryable(err)
	}
	return !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
}
