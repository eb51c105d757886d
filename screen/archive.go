package screen

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/sanctions"
)

// ErrNotCovered: the as-of date precedes every publication of the archive, so the
// archive cannot say what was listed then (see WithBeforeArchive).
var ErrNotCovered = errors.New("screen: the archive holds no publication issued by the as-of date")

// WithBeforeArchive makes NewFromArchive accept an as-of date earlier than the archive's
// first publication: it then screens against that first publication reduced to the
// parties listed by the date (their listing date is in the publication), and every result
// says so in its notes. Values that were listed and removed before the first publication
// cannot be known. Without this option such a date is ErrNotCovered (fail closed).
func WithBeforeArchive(allow bool) Option { return func(c *config) { c.beforeArchive = allow } }

// NewFromArchive builds a Screener that screens as of instant asOf against an archive of
// publications of one list:
//
//   - the list in force is the newest publication issued on or before asOf, without the
//     values of parties listed after asOf (sanctions.Archive.AsOf);
//   - an address that an earlier publication listed and the one in force no longer
//     lists carries its Delisted periods (value, party, last publication listing it,
//     first publication without it) and, when it has no current hit, DELISTED;
//   - every result carries AsOf; list age (WithMaxAge) is measured at asOf, not now.
//
// A date before the first publication is ErrNotCovered unless WithBeforeArchive(true).
// The Screener answers for that one date; Swap on it replaces the lists and drops the
// archive view.
func NewFromArchive(a *sanctions.Archive, asOf time.Time, opts ...Option) (*Screener, error) {
	if a == nil {
		return nil, ErrNoList
	}
	s := &Screener{cfg: config{now: time.Now, logger: slog.Default()}}
	for _, o := range opts {
		if o != nil {
			o(&s.cfg)
		}
	}
	s.cfg.now = func() time.Time { return asOf }
	var notes []string
	l, ok := a.AsOf(asOf)
	if !ok {
		first := a.Earliest()
		if !s.cfg.beforeArchive {
			return nil, fmt.Errorf("%w: as of %s, first publication %s", ErrNotCovered,
				asOf.UTC().Format(time.RFC3339), first.Source.Published.Format(time.DateOnly))
		}
		l = first.ListedBy(asOf)
		notes = append(notes, fmt.Sprintf("as-of date %s precedes the archive's first publication (%s): "+
			"screened against it, reduced to the parties listed by that date; values removed before it are unknown",
			asOf.UTC().Format(time.DateOnly), first.Source.Published.Format(time.DateOnly)))
	}
	ix := buildIndex([]*sanctions.List{l})
	ix.asOf = DateOf(asOf)
	ix.now = s.cfg.now
	ix.notes = notes
	ix.delisted = delistings(a, asOf)
	s.ix.Store(ix)
	s.cfg.logger.Debug("screen: archive index built", "as_of", ix.asOf.String(),
		"published", l.Source.Published.Format(time.DateOnly), "values", ix.values, "delisted_keys", len(ix.delisted))
	return s, nil
}

// delistings collects, per address key, the listing periods that had ended by asOf and
// were not resumed (a value delisted and listed again is not delisted).
func delistings(a *sanctions.Archive, asOf time.Time) map[address.Key][]Delisting {
	out := map[address.Key][]Delisting{}
	seen := map[address.Key]bool{}
	for _, pub := range a.Publications() {
		if pub.Source.Published.After(asOf) {
			break
		}
		for i := range pub.Addresses {
			key := pub.Addresses[i].Addr.Key
			if key == "" || seen[key] {
				continue
			}
			seen[key] = true
			hist := a.History(key)
			for j, p := range hist {
				if !p.DelistedAt(asOf) || resumed(hist[j+1:], p, asOf) {
					continue
				}
				if p.Entity != nil && !p.Entity.ListedOn.IsZero() && p.Entity.ListedOn.After(asOf) {
					continue
				}
				d := Delisting{ListedValue: p.Value, Ticker: p.Ticker, Entity: entityInfo(p.Entity),
					Source:      p.Last.Name,
					List:        listRef(p.Last),
					FirstListed: DateOf(p.First.Published),
					LastListed:  DateOf(p.Last.Published),
					DelistedOn:  DateOf(p.RemovedBy.Published),
					DelistedBy:  p.RemovedBy.SHA256}
				out[key] = append(out[key], d)
			}
		}
	}
	return out
}

// resumed reports whether a later period of the same value, ticker and party is in
// force at asOf.
func resumed(later []sanctions.Listing, p sanctions.Listing, asOf time.Time) bool {
	for _, q := range later {
		if q.Ticker == p.Ticker && sameEntity(q.Entity, p.Entity) && q.ListedAt(asOf) {
			return true
		}
	}
	return false
}

func sameEntity(a, b *sanctions.Entity) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.ID == b.ID
}
