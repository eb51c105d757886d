package screen

import (
	"time"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/sanctions"
)

// entry is one listed value in the index, with its precomputed hit template.
type entry struct {
	chain address.Chain
	hit   Hit // Role, Index, TxID, Address and OtherChain are filled per lookup
}

// index is an immutable lookup table from address key to listed values. It is built
// once per set of lists and replaced as a whole, never modified.
type index struct {
	byKey     map[address.Key][]entry
	lists     []*sanctions.List
	infos     []ListInfo
	oldest    time.Time // the oldest publication date among the lists
	undated   bool      // some list has no date of issue: its age is unknown
	values    int
	exactKeys int
	// Set for an index built from an archive as of a date (see NewFromArchive); nil
	// and empty otherwise.
	delisted map[address.Key][]Delisting
	asOf     string
	notes    []string
}

func buildIndex(lists []*sanctions.List) *index {
	n := 0
	for _, l := range lists {
		n += len(l.Addresses)
	}
	ix := &index{byKey: make(map[address.Key][]entry, n), lists: lists}
	for _, l := range lists {
		info := listInfo(l)
		ix.infos = append(ix.infos, info)
		switch pub := l.Source.Published; {
		case pub.IsZero():
			ix.undated = true
		case ix.oldest.IsZero() || pub.Before(ix.oldest):
			ix.oldest = pub
		}
		source := info.Source
		if info.Published != "" {
			source += " " + info.Published
		}
		for i := range l.Addresses {
			la := &l.Addresses[i]
			key := la.Addr.Key
			if key == "" {
				key = address.ExactKey(la.Value)
			}
			if la.Addr.Kind == address.KindExactString {
				ix.exactKeys++
			}
			e := entry{chain: la.Addr.Chain, hit: Hit{
				ListedValue: la.Value, Ticker: la.Ticker, ListedChain: la.Addr.Chain,
				Entity: entityInfo(la.Entity), Source: source,
			}}
			if dup(ix.byKey[key], e) {
				continue
			}
			ix.byKey[key] = append(ix.byKey[key], e)
			ix.values++
		}
	}
	return ix
}

// dup reports whether the same value is already indexed for the same party, ticker and source.
func dup(es []entry, e entry) bool {
	for _, o := range es {
		if o.hit.ListedValue == e.hit.ListedValue && o.hit.Ticker == e.hit.Ticker &&
			o.hit.Entity.ID == e.hit.Entity.ID && o.hit.Source == e.hit.Source {
			return true
		}
	}
	return false
}

// lookup returns the hits for an address screened on chain. The cost of a miss is one
// map lookup, the same as the first step of a hit.
func (ix *index) lookup(key address.Key, chain address.Chain, canonical string, role Role) (hits []Hit, fs flagSet) {
	es := ix.byKey[key]
	if len(es) == 0 {
		return nil, 0
	}
	hits = make([]Hit, len(es))
	for i, e := range es {
		h := e.hit
		h.Role = role
		h.Address = canonical
		if e.chain != chain && e.chain != "" && chain != "" {
			h.OtherChain = true
			fs.add(FlagSanctionedOtherChain)
		} else {
			fs.add(FlagSanctioned)
		}
		hits[i] = h
	}
	return hits, fs
}
