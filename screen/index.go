package screen

import (
	"encoding/hex"
	"strings"
	"time"

	"github.com/btcsuite/btcd/btcutil/base58"
	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/sanctions"
)

// entry is one listed value in the index, with its precomputed hit template.
type entry struct {
	chain address.Chain
	hit   Hit // Role, Index, TxID, Address, OtherChain and TagMismatch are filled per lookup
	// until and endedBy: the listing's validity (ListedAddress.Until), zero for none.
	until   time.Time
	endedBy string
}

// index is an immutable lookup table from address key to listed values. It is built
// once per set of lists and replaced as a whole, never modified.
type index struct {
	byKey map[address.Key][]entry
	// byText is looked up by an input's trimmed text: the values matched as exact text
	// and the listed texts whose decode is kept (see textEntry).
	byText    map[string]textEntry
	lists     []*sanctions.List
	infos     []ListInfo
	oldest    time.Time // the oldest publication date among the lists
	undated   bool      // some list has no date of issue: its age is unknown
	values    int
	exactKeys int
	// Set for an index built from an archive as of a date (see NewFromArchive); nil
	// and empty otherwise.
	delisted map[address.Key][]Delisting
	asOf     Date
	notes    []string
	// now is the screening clock (the Screener's clock, or the as-of instant of an
	// archive Screener): listings whose validity ended by then are not active.
	now func() time.Time
	// timed is set when some entry has a validity end (until): only then does a match
	// need the screening clock.
	timed bool
}

func buildIndex(lists []*sanctions.List) *index {
	n := 0
	for _, l := range lists {
		n += len(l.Addresses)
	}
	ix := &index{byKey: make(map[address.Key][]entry, n), byText: make(map[string]textEntry, n), lists: lists, now: time.Now}
	for _, l := range lists {
		info := listInfo(l)
		ix.infos = append(ix.infos, info)
		switch pub := l.Source.Published; {
		case pub.IsZero():
			ix.undated = true
		case ix.oldest.IsZero() || pub.Before(ix.oldest):
			ix.oldest = pub
		}
		ref := listRef(l.Source)
		source := ref.String()
		for i := range l.Addresses {
			la := &l.Addresses[i]
			key := la.Addr.Key
			if key == "" {
				key = address.ExactKey(la.Value)
			}
			cat := la.Category
			if cat == "" {
				cat = l.Source.Category
			}
			if cat == "" {
				cat = sanctions.CategorySanctions
			}
			e := entry{chain: la.Addr.Chain, until: la.Until, endedBy: la.EndedBy, hit: Hit{
				ListedValue: la.Value, Ticker: la.Ticker, ListedChain: la.Addr.Chain,
				Category: cat, Kind: la.Kind, Tag: la.Tag, Reference: la.Reference,
				ListedOn: DateOf(la.ListedOn), Until: DateOf(la.Until),
				Entity: entityInfo(la.Entity), List: ref, Source: source,
			}}
			if dup(ix.byKey[key], e) {
				continue
			}
			var detected address.Address // the value's text parsed without its ticker
			var detectErr error
			if la.Addr.Key != "" {
				detected, detectErr = address.Parse(la.Value)
				ix.rememberParse(la.Value, detected, detectErr)
			}
			ix.timed = ix.timed || !e.until.IsZero()
			ix.byKey[key] = append(ix.byKey[key], e)
			ix.values++
			if la.Addr.Kind == address.KindExactString || key == address.ExactKey(la.Value) || tickerOnly(la, detected, detectErr) {
				ix.exactKeys++
				t := address.Trim(la.Value)
				te := ix.byText[t]
				te.exact = append(te.exact, e)
				ix.byText[t] = te
			}
			// Tron and EVM addresses are the same 20 bytes of one secp256k1 key: the value
			// is also found under its twin's key, as a listing of another chain.
			if twin := twinKey(la.Addr); twin != "" && !dup(ix.byKey[twin], e) {
				ix.byKey[twin] = append(ix.byKey[twin], e)
			}
		}
	}
	return ix
}

// tickerOnly reports whether a listed value is an address only under the ticker it is
// listed with (an IOST account name, a value whose text detects as another chain): its
// text as given must still hit when screened without that chain.
// a, err are address.Parse of the value's text.
func tickerOnly(la *sanctions.ListedAddress, a address.Address, err error) bool {
	if la.Ticker == "" || la.Addr.Key == "" {
		return false
	}
	return (err != nil && a.Key == "") || a.Key != la.Addr.Key
}

// textEntry is what the index holds for one text.
type textEntry struct {
	// exact are the values matched as this exact text (not addresses, exchange accounts).
	exact []entry
	// addr is address.Parse of the text, kept (non-nil) when the text is a listed value
	// (or the canonical text of one) that parses as given: no error, nothing normalised.
	// A screened input equal to the text takes its Address from here instead of decoding
	// it again. Parse depends on nothing but its text, so addr is what a new decode would
	// give, checksum included (verified when the index was built).
	addr *address.Address
}

// rememberParse keeps a, the address.Parse of text, when text parsed as given, and the
// parse of its canonical text too when that is another text.
func (ix *index) rememberParse(text string, a address.Address, err error) {
	if err != nil || len(a.Normalised) > 0 || a.Input != text || ix.byText[text].addr != nil {
		return
	}
	te := ix.byText[text]
	te.addr = &a
	ix.byText[text] = te
	if c := a.Canonical; c != text && c != "" && ix.byText[c].addr == nil {
		if ca, cerr := address.Parse(c); cerr == nil && len(ca.Normalised) == 0 && ca.Input == c {
			ce := ix.byText[c]
			ce.addr = &ca
			ix.byText[c] = ce
		}
	}
}

// twinKey is the key of the same 20 bytes on the other of Tron and EVM ("" for other
// chains): a listed Tron address is found when its EVM form is screened, and the reverse.
func twinKey(a address.Address) address.Key {
	switch a.Chain {
	case address.ChainTron:
		payload, version, err := base58.CheckDecode(a.Canonical)
		if err != nil || version != 0x41 || len(payload) != 20 {
			return ""
		}
		return address.EVMKey([20]byte(payload))
	case address.ChainEVM:
		b, err := hex.DecodeString(strings.TrimPrefix(strings.TrimPrefix(a.Canonical, "0x"), "0X"))
		if err != nil || len(b) != 20 {
			return ""
		}
		t, err := address.ParseAs(address.ChainTron, base58.CheckEncode(b, 0x41))
		if err != nil {
			return ""
		}
		return t.Key
	}
	return ""
}

// dup reports whether the same value is already indexed for the same party, ticker and source.
func dup(es []entry, e entry) bool {
	for _, o := range es {
		if o.hit.ListedValue == e.hit.ListedValue && o.hit.Ticker == e.hit.Ticker &&
			o.hit.Entity.ID == e.hit.Entity.ID && o.hit.Source == e.hit.Source && o.hit.Tag == e.hit.Tag {
			return true
		}
	}
	return false
}

// categoryFlag is the flag a hit of category c raises, on the screened chain or (other)
// under another chain.
func categoryFlag(c sanctions.Category, other bool) Flag {
	switch c {
	case sanctions.CategoryTerrorismFinancing:
		if other {
			return FlagTerrorismFinancingOtherChain
		}
		return FlagTerrorismFinancing
	case sanctions.CategoryIssuerFreeze:
		if other {
			return FlagIssuerFrozenOtherChain
		}
		return FlagIssuerFrozen
	}
	// sanctions, and any category this version does not know: never weaker than a sanction.
	if other {
		return FlagSanctionedOtherChain
	}
	return FlagSanctioned
}

// tags are the destination tags or memos the screened input carries.
type tags []string

func (ts tags) has(t string) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}

// lookup returns the active hits for an address screened on chain (an input without a
// tag: a tagged listing is a TagMismatch hit). Listings whose validity has ended are left
// out (see match for the delistings). The cost of a miss is one map lookup.
func (ix *index) lookup(key address.Key, chain address.Chain, canonical string, role Role) (hits []Hit, fs flagSet) {
	es := ix.byKey[key]
	if len(es) == 0 {
		return nil, 0
	}
	hits, _, fs = ix.matchEntries(es, chain, canonical, role, nil, ix.now(), false)
	return hits, fs
}

// matchEntries turns the entries found for one screened input into hits (active
// listings) and delistings (validity ended by now). otherChain marks every hit as a
// listing of another chain (the input is not an address of the chain screened).
func (ix *index) matchEntries(es []entry, chain address.Chain, canonical string, role Role,
	inTags tags, now time.Time, otherChain bool) (hits []Hit, ds []Delisting, fs flagSet) {
	hits = make([]Hit, 0, len(es))
	for i := range es {
		e := &es[i] // entries are large: no copy per entry
		if !e.until.IsZero() && !e.until.After(now) {
			ds = append(ds, Delisting{ListedValue: e.hit.ListedValue, Ticker: e.hit.Ticker,
				Category: e.hit.Category, Reference: e.hit.Reference, Entity: e.hit.Entity,
				Source: e.hit.List.Name, List: e.hit.List, FirstListed: e.hit.ListedOn,
				LastListed: e.hit.List.Published, DelistedOn: DateOf(e.until), EndedBy: e.endedBy})
			continue
		}
		hits = append(hits, e.hit) // built in place: one copy of the template
		h := &hits[len(hits)-1]
		h.Role = role
		h.Address = canonical
		h.OtherChain = otherChain || (e.chain != chain && e.chain != "" && chain != "")
		if h.Tag != "" && !inTags.has(h.Tag) {
			h.TagMismatch = true
			fs.add(FlagListedWithTag)
		} else {
			fs.add(categoryFlag(h.Category, h.OtherChain))
		}
	}
	if len(hits) == 0 {
		hits = nil
	}
	return hits, ds, fs
}
