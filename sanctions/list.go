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

// Category is what a listing means for the holder of the value. Every category is a hit.
type Category string

// Categories.
const (
	// CategorySanctions: a sanctions designation (OFAC SDN, an OpenSanctions "sanction"
	// topic). Raises SANCTIONED.
	CategorySanctions Category = "sanctions"
	// CategoryTerrorismFinancing: a terror-financing seizure or designation (Israel's
	// NBCTF seizure orders, the FollowTheMoney topic "crime.terror"). Raises
	// TERRORISM_FINANCING.
	CategoryTerrorismFinancing Category = "terrorism_financing"
	// CategoryIssuerFreeze: a stablecoin issuer froze the address (USDT AddedBlackList,
	// USDC Blacklisted). Raises ISSUER_FROZEN.
	CategoryIssuerFreeze Category = "issuer_freeze"
)

// Value kinds (ListedAddress.Kind).
const (
	// ValueAddress: the value is a blockchain address (or is matched as exact text
	// because it does not parse as one; see ListedAddress.Err). The default ("").
	ValueAddress = ""
	// ValueExchangeAccount: the value is an account at an exchange (a numeric user id, a
	// phone-number-like id), listed and matched as exact text, never as an address.
	ValueExchangeAccount = "exchange_account"
)

// Source is the provenance of a list.
type Source struct {
	// Name names the list, e.g. "OFAC SDN". Two publications with the same Name are two
	// issues of the same source and are never merged in one Screener.
	Name string `json:"name"`
	// Publisher is who publishes the list, e.g. "US Treasury OFAC", "Israel NBCTF",
	// "Tether", or an OpenSanctions dataset's publisher. Empty when unknown.
	Publisher string `json:"publisher,omitempty"`
	// Category is the category of the list's values unless a value says otherwise
	// (ListedAddress.Category). Empty means CategorySanctions.
	Category Category `json:"category,omitempty"`
	// Format is the registered format that produced it ("ofac", "ofac-csv", "nbctf",
	// "ftm", "freeze-logs", "custom"); older readers also wrote "ofac-advanced-xml",
	// "custom-csv" and "custom-json".
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
	// Identifiers are the party's identity documents as published (national ID number,
	// passport), when given.
	Identifiers []Identifier `json:"identifiers,omitempty"`
	// BirthDate is the date of birth as published (it is often partial: a year), when given.
	BirthDate string `json:"birth_date,omitempty"`
	// Topics are the risk topics of the party as published (FollowTheMoney topics such as
	// "sanction", "crime.terror").
	Topics []string `json:"topics,omitempty"`
}

// Identifier is an identity document of a listed party.
type Identifier struct {
	// Type is the kind of document: "national_id", "passport", or the list's own name.
	Type string `json:"type"`
	// Value is the number as published.
	Value string `json:"value"`
}

// ListedAddress is one digital-currency address value as published.
type ListedAddress struct {
	// Value is the text as published.
	Value string `json:"value"`
	// Ticker is the currency as published ("XBT", "ETH", "USDT", ...).
	Ticker string `json:"ticker"`
	// Entity is the party the value is listed for.
	Entity *Entity `json:"entity"`
	// Category is the listing's category; empty means the list's Source.Category (NewList
	// fills it in).
	Category Category `json:"category,omitempty"`
	// Kind is ValueAddress (the default) or ValueExchangeAccount.
	Kind string `json:"kind,omitempty"`
	// Tag is set when the value lists ONE account at a shared deposit address (an XRP
	// destination tag, a Stellar or BNB memo): the address with that tag is a hit, the
	// bare address (no tag or another tag) raises LISTED_WITH_TAG.
	Tag string `json:"tag,omitempty"`
	// Reference is the legal act or event behind this listing, when the list gives one
	// per value: a seizure order ("צ.ת 18/26"), the transaction that froze the address.
	Reference string `json:"reference,omitempty"`
	// ListedOn is the date the value was listed, when the list gives one per value (an
	// order's date, the block time of a freeze); zero otherwise (see Entity.ListedOn).
	ListedOn time.Time `json:"listed_on,omitempty"`
	// Until is when the listing stops being in force (a seizure order's validity, the
	// block time of an unfreeze); zero means no end. A value whose Until is on or before
	// the screening time is reported DELISTED, not as an active listing.
	Until time.Time `json:"until,omitempty"`
	// EndedBy says what ended the listing at Until ("order expired", the unfreezing
	// transaction), when Until is set.
	EndedBy string `json:"ended_by,omitempty"`
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
	// Line is the line (or record) number in the file where the problem is, when known.
	Line int `json:"line,omitempty"`
	// Kind classifies the issue so that `lists info` can count each quirk, e.g.
	// "homoglyph", "two_values_in_cell", "placeholder", "empty_cell",
	// "exchange_account", "malformed_row", "not_an_address". Empty for older readers.
	Kind   string `json:"kind,omitempty"`
	Reason string `json:"reason"`
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

// Classify parses every listed value into an address and records the values that are
// not addresses as issues; they stay in Addresses and are matched as exact strings.
// NewList calls it; a reader that builds a List field by field calls it once at the end.
func (l *List) Classify() {
	for i := range l.Addresses {
		la := &l.Addresses[i]
		if la.Category == "" {
			la.Category = l.Source.Category
			if la.Category == "" {
				la.Category = CategorySanctions
			}
		}
		if la.Kind == ValueExchangeAccount {
			// An account at an exchange is exact text by definition, not a failed address.
			la.Addr = address.Address{Input: la.Value, Kind: address.KindExactString,
				Canonical: address.Trim(la.Value), Key: address.ExactKey(la.Value)}
			continue
		}
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
	l.Classify()
	return l
}
