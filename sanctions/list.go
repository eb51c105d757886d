package sanctions

import (
	"errors"
	"time"

	"github.com/chainscreen/chainscreen/address"
)

// Errors returned by the readers. They are wrapped with detail; test with errors.Is.
var (
	// ErrFormat: the input is not a publication of the expected format (not XML, wrong root,
	// truncated, corrupt archive).
	ErrFormat = errors.New("sanctions: malformed list")
	// ErrNoDate: the publication has no date of issue.
	ErrNoDate = errors.New("sanctions: publication has no date of issue")
	// ErrEmpty: the publication holds no entities.
	ErrEmpty = errors.New("sanctions: list is empty")
)

// Source is the provenance of a list.
type Source struct {
	// Name names the list, e.g. "OFAC SDN".
	Name string `json:"name"`
	// Format is the reader that produced it: "ofac-advanced-xml", "ofac-csv", "custom-csv", "custom-json".
	Format string `json:"format"`
	// Location is the path or URL the publication was read from.
	Location string `json:"location"`
	// Published is the publication's date of issue (UTC, midnight).
	Published time.Time `json:"published"`
	// SHA256 is the hex sha256 of the publication's bytes (for archives: of the unpacked file).
	SHA256 string `json:"sha256"`
	// LoadedAt is when the list was read.
	LoadedAt time.Time `json:"loaded_at"`
}

// Entity is a listed party.
type Entity struct {
	// ID is the list's identifier of the party (OFAC: the DistinctParty FixedRef).
	ID string `json:"id"`
	// Name is the primary name.
	Name string `json:"name"`
	// Type is "individual", "entity", "vessel", "aircraft" (lower case), or "" when unknown.
	Type string `json:"type"`
	// Programs are the sanctions programmes (OFAC: "CYBER2", "DPRK3", ...).
	Programs []string `json:"programs"`
	// ListedOn is the date the party was listed (zero when the list does not say).
	ListedOn time.Time `json:"listed_on"`
}

// ListedAddress is one digital-currency address value as published.
type ListedAddress struct {
	// Value is the text as published.
	Value string `json:"value"`
	// Ticker is the currency as published ("XBT", "ETH", "USDT", ...).
	Ticker string `json:"ticker"`
	// Entity is the party the value is listed for.
	Entity *Entity `json:"entity"`
	// Addr is the parsed address; when the value is not a valid address, Addr.Kind is
	// address.KindExactString and Addr.Key is address.ExactKey of the value.
	Addr address.Address `json:"-"`
	// Err is why the value did not parse as an address (nil when it did).
	Err error `json:"-"`
}

// Issue is a problem found in a list: a value that is not a valid address, a reference
// that does not resolve, a truncated remark.
type Issue struct {
	Value    string `json:"value,omitempty"`
	Ticker   string `json:"ticker,omitempty"`
	EntityID string `json:"entity_id,omitempty"`
	Reason   string `json:"reason"`
}

// List is one parsed publication.
type List struct {
	Source Source
	// Entities are the listed parties that have at least one address value, by ID.
	Entities map[string]*Entity
	// Addresses are every digital-currency address value, in publication order. A value
	// listed for two parties appears twice.
	Addresses []ListedAddress
	// Issues are the problems found while reading.
	Issues []Issue
	// Tickers maps the list's own feature-type identifiers to tickers, as read from the
	// publication (OFAC: FeatureType 344 → "XBT").
	Tickers map[string]string
	// EntityCount is the number of parties in the publication (with or without addresses).
	EntityCount int
}

// classify parses every listed value into an address and records the values that are
// not addresses as issues; they stay in Addresses and are matched as exact strings.
func (l *List) classify() {
	for i := range l.Addresses {
		la := &l.Addresses[i]
		a, err := address.ParseListed(la.Ticker, la.Value)
		if err != nil && a.Key == "" {
			la.Err = err
			a = address.Address{Input: la.Value, Kind: address.KindExactString,
				Canonical: address.Trim(la.Value), Key: address.ExactKey(la.Value)}
			id := ""
			if la.Entity != nil {
				id = la.Entity.ID
			}
			l.Issues = append(l.Issues, Issue{Value: la.Value, Ticker: la.Ticker, EntityID: id,
				Reason: "not a valid address, matched as exact text: " + err.Error()})
		} else if err != nil {
			// Decodes, but fails a case checksum (EIP-55): kept with its key, reported.
			la.Err = err
			id := ""
			if la.Entity != nil {
				id = la.Entity.ID
			}
			l.Issues = append(l.Issues, Issue{Value: la.Value, Ticker: la.Ticker, EntityID: id,
				Reason: "indexed by its bytes despite: " + err.Error()})
		}
		la.Addr = a
	}
}

// NewList builds a List from listed values (Value, Ticker and Entity set): it collects
// the entities, parses every value into an address and records the values that are not
// addresses as issues. Readers of every format end with it; callers can use it for lists
// they build in code.
func NewList(src Source, addrs []ListedAddress) *List {
	l := &List{Source: src, Entities: map[string]*Entity{}, Addresses: addrs}
	for _, la := range addrs {
		if la.Entity != nil {
			l.Entities[la.Entity.ID] = la.Entity
		}
	}
	l.EntityCount = len(l.Entities)
	l.classify()
	return l
}
