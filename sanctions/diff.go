package sanctions

import (
	"slices"

	"github.com/chainscreen/chainscreen/address"
)

// DiffItem is one listed value that one publication has and the other has not.
type DiffItem struct {
	// Value is the text as published (in the publication that has it).
	Value string `json:"value"`
	// Ticker is the currency as published.
	Ticker string `json:"ticker"`
	// Entity is the party the value is listed for.
	Entity *Entity `json:"entity"`
}

// EntityChange is a party present in both publications (same ID) whose name,
// programmes, type or listing date changed.
type EntityChange struct {
	// ID is the party's identifier.
	ID string `json:"id"`
	// Fields names what changed: "name", "type", "programs", "listed_on".
	Fields []string `json:"fields"`
	// Old and New are the party in each publication.
	Old *Entity `json:"old"`
	New *Entity `json:"new"`
}

// DiffResult is what changed between two publications.
type DiffResult struct {
	// Old and New are the provenance of the two publications.
	Old Source `json:"old"`
	New Source `json:"new"`
	// Added are the values listed in New and not in Old, in New's order.
	Added []DiffItem `json:"added"`
	// Removed are the values listed in Old and not in New, in Old's order.
	Removed []DiffItem `json:"removed"`
	// ChangedEntities are the parties with addresses in both publications whose name,
	// programmes, type or listing date changed, ordered by ID.
	ChangedEntities []EntityChange `json:"changed_entities"`
}

// diffKey identifies one listing: the address key of the value (so that two spellings of
// one address, such as two letter cases of a 0x address, are the same value), the
// ticker as published and the party's ID.
type diffKey struct {
	key    address.Key
	ticker string
	entity string
}

func keyOf(la *ListedAddress) diffKey {
	k := la.Addr.Key
	if k == "" {
		// A list built without Classify: compare as exact text.
		if a, _ := address.ParseListed(la.Ticker, la.Value); a.Key != "" {
			k = a.Key
		} else {
			k = address.ExactKey(la.Value)
		}
	}
	id := ""
	if la.Entity != nil {
		id = la.Entity.ID
	}
	return diffKey{key: k, ticker: la.Ticker, entity: id}
}

// Diff compares two publications of a list. A listed value is identified by its address
// key (decoded bytes; a value that is not an address by its exact text), its ticker as
// published, and its party's ID: a value moved from one party to another is both
// removed and added, and a 0x value re-published in another letter case is unchanged.
// A value listed twice for the same party and ticker counts once. Either list may be nil
// (an empty publication).
func Diff(old, new *List) DiffResult {
	var r DiffResult
	if old != nil {
		r.Old = old.Source
	}
	if new != nil {
		r.New = new.Source
	}
	oldKeys := keySet(old)
	newKeys := keySet(new)
	r.Added = missingFrom(new, oldKeys)
	r.Removed = missingFrom(old, newKeys)
	if old != nil && new != nil {
		for id, o := range old.Entities {
			n, ok := new.Entities[id]
			if !ok || o == nil || n == nil {
				continue
			}
			if f := entityChanges(o, n); len(f) > 0 {
				r.ChangedEntities = append(r.ChangedEntities, EntityChange{ID: id, Fields: f, Old: o, New: n})
			}
		}
		slices.SortFunc(r.ChangedEntities, func(a, b EntityChange) int {
			if a.ID < b.ID {
				return -1
			} else if a.ID > b.ID {
				return 1
			}
			return 0
		})
	}
	if r.Added == nil {
		r.Added = []DiffItem{}
	}
	if r.Removed == nil {
		r.Removed = []DiffItem{}
	}
	if r.ChangedEntities == nil {
		r.ChangedEntities = []EntityChange{}
	}
	return r
}

func keySet(l *List) map[diffKey]bool {
	if l == nil {
		return nil
	}
	m := make(map[diffKey]bool, len(l.Addresses))
	for i := range l.Addresses {
		m[keyOf(&l.Addresses[i])] = true
	}
	return m
}

// missingFrom returns l's values whose key is not in other, once per key, in l's order.
func missingFrom(l *List, other map[diffKey]bool) []DiffItem {
	if l == nil {
		return nil
	}
	var out []DiffItem
	seen := map[diffKey]bool{}
	for i := range l.Addresses {
		la := &l.Addresses[i]
		k := keyOf(la)
		if other[k] || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, DiffItem{Value: la.Value, Ticker: la.Ticker, Entity: la.Entity})
	}
	return out
}

func entityChanges(o, n *Entity) []string {
	var f []string
	if o.Name != n.Name {
		f = append(f, "name")
	}
	if o.Type != n.Type {
		f = append(f, "type")
	}
	if !sameSet(o.Programs, n.Programs) {
		f = append(f, "programs")
	}
	if !o.ListedOn.Equal(n.ListedOn) {
		f = append(f, "listed_on")
	}
	return f
}

// sameSet compares programme lists as sets (publication order is not meaningful).
func sameSet(a, b []string) bool {
	as := slices.Clone(a)
	bs := slices.Clone(b)
	slices.Sort(as)
	slices.Sort(bs)
	return slices.Equal(slices.Compact(as), slices.Compact(bs))
}
