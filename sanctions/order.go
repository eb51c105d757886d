package sanctions

import (
	"errors"
	"fmt"
	"time"
)

// ErrOlder: a publication is older than the one of the same source in service (see
// CheckNotOlder and CheckNotEarlierIssue).
var ErrOlder = errors.New("sanctions: publication is older than the current one")

// The rule "a publication never goes back in time" is this file: CheckNotOlder compares
// the dates of issue, and CheckNotEarlierIssue breaks the tie of a same-day re-issue
// when both publications are at hand. The cache layer (sanctions/cache) calls both; the
// monitor and serve's list refresh, which hold the dates of what they screened against,
// call CheckNotOlder.

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

// CheckNotEarlierIssue is the same-day half of the rule: OFAC re-issues publications on
// the same day (2025-11-19 has two), and a stale mirror serving the earlier issue after
// the later one must not win. When next has the date of issue of inService and, compared
// with it, only removes values (none added, at least one removed), it is taken for the
// earlier issue: the error wraps ErrOlder. Different dates, different sources or a nil
// list are not compared here (CheckNotOlder orders dates).
func CheckNotEarlierIssue(inService, next *List) error {
	if inService == nil || next == nil || inService.Source.Name != next.Source.Name ||
		!inService.Source.Published.Equal(next.Source.Published) {
		return nil
	}
	if d := Diff(inService, next); len(d.Added) == 0 && len(d.Removed) > 0 {
		return fmt.Errorf("%w: %s has the date of issue of the publication in service (%s) but only removes %d values: an earlier issue of that day?",
			ErrOlder, next.Source.Name, next.Source.Published.Format(time.DateOnly), len(d.Removed))
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
