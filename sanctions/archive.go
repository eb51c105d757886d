package sanctions

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chainscreen/chainscreen/address"
)

// Archive is a series of publications of one list, ordered by date of issue, that
// answers questions about the past: which publication was in force on a date
// (AsOf), and when a value was listed and delisted (History). It is immutable and safe
// for concurrent use.
//
// Order: publications are sorted by Source.Published; publications issued on the same
// day (OFAC re-issued the list on 2025-11-19) keep the order they were given in, the
// later one being the later issue. OpenArchive gives them in file-name order, so
// "2025-11-19a.xml.bz2" comes before "2025-11-19b.xml.bz2".
type Archive struct {
	pubs    []*List
	skipped []string
	// periods are every listing period; byKey indexes them by address key.
	periods []Listing
	byKey   map[address.Key][]int
}

// Listing is one period during which a value was listed for a party, as seen in the
// archive's publications: from the First publication that lists it to the Last one,
// ending with the publication that no longer lists it (RemovedBy). A value that is
// delisted and later listed again has two periods.
type Listing struct {
	// Value, Ticker and Entity are as published in the Last publication of the period.
	Value  string  `json:"value"`
	Ticker string  `json:"ticker"`
	Entity *Entity `json:"entity"`
	// First and Last are the first and the last publication of the period that list the value.
	First Source `json:"first"`
	Last  Source `json:"last"`
	// RemovedBy is the first publication after Last that no longer lists the value for
	// this party and ticker; nil when the newest publication still lists it. The actual
	// delisting happened after Last was issued and on or before RemovedBy was.
	RemovedBy *Source `json:"removed_by,omitempty"`
}

// ListedAt reports whether the period covers instant t: a publication of the period was
// in force at t (First issued on or before t, RemovedBy not yet issued) and the party
// was listed by then (Entity.ListedOn on or before t, when known).
func (l Listing) ListedAt(t time.Time) bool {
	if l.First.Published.After(t) {
		return false
	}
	if l.RemovedBy != nil && !l.RemovedBy.Published.After(t) {
		return false
	}
	return l.Entity == nil || l.Entity.ListedOn.IsZero() || !l.Entity.ListedOn.After(t)
}

// DelistedAt reports whether the period had ended by instant t: the value was listed in
// a publication issued on or before t and a later publication, also issued on or before
// t, no longer lists it.
func (l Listing) DelistedAt(t time.Time) bool {
	return l.RemovedBy != nil && !l.RemovedBy.Published.After(t) && !l.First.Published.After(t)
}

// NewArchive builds an archive from publications of one list. Nil lists are ignored.
// Errors: ErrEmpty when no list is given, ErrNoDate when a list has no date of issue.
func NewArchive(lists ...*List) (*Archive, error) {
	var pubs []*List
	for _, l := range lists {
		if l == nil {
			continue
		}
		if l.Source.Published.IsZero() {
			return nil, fmt.Errorf("%w: archive: publication %q (%s)", ErrNoDate, l.Source.Name, l.Source.Location)
		}
		pubs = append(pubs, l)
	}
	if len(pubs) == 0 {
		return nil, fmt.Errorf("%w: archive holds no publication", ErrEmpty)
	}
	slices.SortStableFunc(pubs, func(a, b *List) int { return a.Source.Published.Compare(b.Source.Published) })
	a := &Archive{pubs: pubs, byKey: map[address.Key][]int{}}
	a.buildHistory()
	return a, nil
}

// publicationExts are the file name endings OpenArchive reads (case-insensitive).
var publicationExts = []string{".xml", ".xml.bz2", ".xml.gz", ".zip"}

// IsPublicationFile reports whether OpenArchive reads a file of this name: an OFAC
// SDN_ADVANCED.XML publication as .xml, .xml.bz2, .xml.gz or .zip.
func IsPublicationFile(name string) bool {
	n := strings.ToLower(name)
	for _, ext := range publicationExts {
		if strings.HasSuffix(n, ext) {
			return true
		}
	}
	return false
}

// OpenArchive reads every publication file in dir (see IsPublicationFile; OFAC
// SDN_ADVANCED.XML in any form Open reads) into an archive. Files are taken in name
// order, which decides the order of same-day re-issues. Other files and sub-directories
// are not read; Skipped names them. Any publication that fails to read fails the whole
// archive (the error names the file): an archive with a hole would give wrong answers
// about the past. Symbolic links to files are followed.
func OpenArchive(ctx context.Context, dir string, opts ...Option) (*Archive, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var paths, skipped []string
	for _, e := range ents { // os.ReadDir sorts by name
		regular := e.Type().IsRegular()
		if e.Type()&fs.ModeSymlink != 0 {
			st, err := os.Stat(filepath.Join(dir, e.Name()))
			regular = err == nil && st.Mode().IsRegular()
		}
		if regular && IsPublicationFile(e.Name()) {
			paths = append(paths, filepath.Join(dir, e.Name()))
		} else {
			skipped = append(skipped, e.Name())
		}
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("%w: no publication file (%s) in %s", ErrEmpty, strings.Join(publicationExts, ", "), dir)
	}
	lists := make([]*List, len(paths))
	errs := make([]error, len(paths))
	// Unpacking is CPU-bound (bzip2): read a few files at once.
	sem := make(chan struct{}, min(runtime.GOMAXPROCS(0), 4))
	var wg sync.WaitGroup
	for i, p := range paths {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := ctx.Err(); err != nil {
				errs[i] = err
				return
			}
			lists[i], errs[i] = Open(ctx, p, opts...)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("archive %s: %s: %w", dir, filepath.Base(paths[i]), err)
		}
	}
	a, err := NewArchive(lists...)
	if err != nil {
		return nil, err
	}
	a.skipped = skipped
	return a, nil
}

// Publications returns the publications, oldest first.
func (a *Archive) Publications() []*List { return slices.Clone(a.pubs) }

// Skipped names the directory entries OpenArchive did not read (not publication files).
func (a *Archive) Skipped() []string { return slices.Clone(a.skipped) }

// Earliest and Latest return the oldest and the newest publication.
func (a *Archive) Earliest() *List { return a.pubs[0] }

// Latest returns the newest publication (for same-day re-issues: the later issue).
func (a *Archive) Latest() *List { return a.pubs[len(a.pubs)-1] }

// AsOf returns the list as it stood at instant t: the newest publication issued on or
// before t (dates of issue are midnight UTC, so any time on the day of issue counts),
// without the values of parties whose listing date (Entity.ListedOn) is after t. It
// returns false when every publication was issued after t.
//
// The returned list shares its entities and values with the publication; do not modify
// it. When no party is filtered out it is the publication itself.
func (a *Archive) AsOf(t time.Time) (*List, bool) {
	i := a.inForce(t)
	if i < 0 {
		return nil, false
	}
	return a.pubs[i].ListedBy(t), true
}

// inForce is the index of the newest publication issued on or before t, or -1.
func (a *Archive) inForce(t time.Time) int {
	for i := len(a.pubs) - 1; i >= 0; i-- {
		if !a.pubs[i].Source.Published.After(t) {
			return i
		}
	}
	return -1
}

// History returns every listing period of the address key (see address.Parse and
// ListedAddress.Addr.Key; a value that is not an address has address.ExactKey), ordered
// by the first publication that lists it. Use Listing.ListedAt and Listing.DelistedAt to
// ask "was this value listed on date D, and by which publication?".
func (a *Archive) History(key address.Key) []Listing {
	idx := a.byKey[key]
	out := make([]Listing, len(idx))
	for i, j := range idx {
		out[i] = a.periods[j]
	}
	return out
}

// ListedBy returns the list as it stood at instant t for its parties: the same
// publication without the values of parties whose listing date is after t (a party
// listed later was not sanctioned at t). Values of parties without a listing date are
// kept. When nothing is filtered out, ListedBy returns l itself; otherwise a shallow
// copy whose Source is l's and whose Issues are l's.
func (l *List) ListedBy(t time.Time) *List {
	later := func(e *Entity) bool { return e != nil && !e.ListedOn.IsZero() && e.ListedOn.After(t) }
	n := 0
	for i := range l.Addresses {
		if later(l.Addresses[i].Entity) {
			n++
		}
	}
	if n == 0 {
		return l
	}
	v := &List{Source: l.Source, Issues: l.Issues, Tickers: l.Tickers,
		Entities:  make(map[string]*Entity, len(l.Entities)),
		Addresses: make([]ListedAddress, 0, len(l.Addresses)-n)}
	for id, e := range l.Entities {
		if !later(e) {
			v.Entities[id] = e
		}
	}
	for _, la := range l.Addresses {
		if !later(la.Entity) {
			v.Addresses = append(v.Addresses, la)
		}
	}
	v.EntityCount = l.EntityCount - (len(l.Entities) - len(v.Entities))
	return v
}

func (a *Archive) buildHistory() {
	open := map[diffKey]int{} // listing key -> index in periods of its open period
	for _, pub := range a.pubs {
		present := make(map[diffKey]bool, len(pub.Addresses))
		for i := range pub.Addresses {
			la := &pub.Addresses[i]
			k := keyOf(la)
			if present[k] {
				continue
			}
			present[k] = true
			if j, ok := open[k]; ok {
				p := &a.periods[j]
				p.Value, p.Ticker, p.Entity, p.Last = la.Value, la.Ticker, la.Entity, pub.Source
				continue
			}
			a.periods = append(a.periods, Listing{Value: la.Value, Ticker: la.Ticker, Entity: la.Entity,
				First: pub.Source, Last: pub.Source})
			j := len(a.periods) - 1
			open[k] = j
			a.byKey[k.key] = append(a.byKey[k.key], j)
		}
		for k, j := range open {
			if !present[k] {
				src := pub.Source
				a.periods[j].RemovedBy = &src
				delete(open, k)
			}
		}
	}
}
