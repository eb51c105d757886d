package retry_test

import (
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/internal/retry"
)

// FuzzParseRetryAfter: any header value parses or is refused, never panics, and a
// parsed wait is never negative nor longer than a year (seeds: RFC 9110's forms).
func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"120", "0", "Wed, 21 Oct 2015 07:28:00 GMT", "Wednesday, 21-Oct-15 07:28:00 GMT",
		"Wed Oct 21 07:28:00 2015", "-1", "99999999999999999999", "", " 5 "} {
		f.Add(s)
	}
	now := time.Date(2015, 10, 21, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := retry.ParseRetryAfter(s, now)
		if d < 0 || (!ok && d != 0) {
			t.Fatalf("ParseRetryAfter(%q) = %v, %v", s, d, ok)
		}
		if ok && d > 366*24*time.Hour && len(s) < 40 {
			// an HTTP-date far in the future may be long; delay-seconds is capped
			if _, err := time.ParseDuration(s + "s"); err == nil {
				t.Fatalf("delay-seconds %q not capped: %v", s, d)
			}
		}
	})
}
