package sanctions

import (
	"fmt"
	"time"
)

// CheckNotOlder is the one rule "a publication never goes back in time": it returns an
// error wrapping ErrOlder when next, a publication of source dated published, is dated
// (by calendar day, UTC) before inService, the date of the newest publication of the same
// source already in service (or screened against). A zero date on either side is not
// compared (nothing is in service yet, or the list carries no date: its reader refuses
// it or dates it otherwise). The Fetcher, the monitor and serve's list refresh all call
// it.
func CheckNotOlder(source string, published, inService time.Time) error {
	if published.IsZero() || inService.IsZero() {
		return nil
	}
	p, s := published.UTC().Format(time.DateOnly), inService.UTC().Format(time.DateOnly)
	if p < s {
		return fmt.Errorf("%w: %s is dated %s, the publication in service %s", ErrOlder, source, p, s)
	}
	return nil
}

// ParseDate parses a publication date in the form the results carry ("2006-01-02",
// or an RFC 3339 time); "" is the zero time.
func ParseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339, s)
}
