package sanctions

import (
	"errors"
	"fmt"
	"strings"
)

// ErrShrink: a publication lists far fewer address values than the one of the same
// source in service (see CheckShrink) and shrinking was not allowed.
var ErrShrink = errors.New("sanctions: publication drops too many addresses")

// DefaultMaxShrink is the largest drop of unique address values accepted by default
// (a fraction: 20%).
const DefaultMaxShrink = 0.20

// UniqueValues is the number of distinct address values of l (trimmed text), the
// measure CheckShrink compares.
func UniqueValues(l *List) int {
	if l == nil {
		return 0
	}
	seen := make(map[string]struct{}, len(l.Addresses))
	for _, a := range l.Addresses {
		seen[strings.TrimSpace(a.Value)] = struct{}{}
	}
	return len(seen)
}

// CheckShrink is the one rule "a publication does not silently drop many addresses":
// it returns an error wrapping ErrShrink when next, a publication of source listing
// values unique address values, has lost more than maxShrink (a fraction: 0.2 is 20%)
// of the inService values of the publication it would replace. inService <= 0 (nothing
// in service) is not compared; maxShrink >= 1 accepts any drop. The Fetcher (lists
// update) and every hot swap of the Refresher (serve --refresh) call it.
func CheckShrink(source string, values, inService int, maxShrink float64) error {
	if inService <= 0 || values >= inService {
		return nil
	}
	drop := float64(inService-values) / float64(inService)
	if drop <= maxShrink {
		return nil
	}
	return fmt.Errorf("%w: %s lists %d unique address values, the publication in service %d (-%.0f%%, limit %.0f%%)",
		ErrShrink, source, values, inService, 100*drop, 100*maxShrink)
}
