package screen

import (
	"fmt"
	"time"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/sanctions"
)

// Role says where in the screened object a hit was found.
type Role string

// Roles.
const (
	RoleAddress         Role = "address"
	RoleSender          Role = "sender"
	RoleRecipient       Role = "recipient"
	RoleInput           Role = "input"
	RoleOutput          Role = "output"
	RoleTokenRecipient  Role = "token_recipient"
	RoleSpender         Role = "spender"
	RoleContract        Role = "contract"
	RoleAuthority       Role = "authority"
	RoleDelegate        Role = "delegate"
	RoleLogTransferFrom Role = "log_transfer_from"
	RoleLogTransferTo   Role = "log_transfer_to"
)

// Date is a civil date (a day, UTC). It is written "YYYY-MM-DD" in JSON; the zero Date
// (unknown) is written "" and left out of fields tagged omitzero.
type Date struct{ t time.Time }

// DateOf returns the UTC day of t (the zero Date for the zero time).
func DateOf(t time.Time) Date {
	if t.IsZero() {
		return Date{}
	}
	y, m, d := t.UTC().Date()
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// ParseDate parses "YYYY-MM-DD"; the empty string is the zero Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("screen: date %q: %w", s, err)
	}
	return Date{t}, nil
}

// Time returns the date as midnight UTC (the zero time for the zero Date).
func (d Date) Time() time.Time { return d.t }

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d.t.IsZero() }

// String returns "YYYY-MM-DD", or "" for the zero Date.
func (d Date) String() string {
	if d.t.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

// MarshalText encodes the date as "YYYY-MM-DD" ("" for the zero Date).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText decodes "YYYY-MM-DD" or "".
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// EntityInfo is the listed party behind a hit.
type EntityInfo struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	Programs []string `json:"programs"`
	// ListedOn is the party's listing date, zero when unknown.
	ListedOn Date `json:"listed_on,omitzero"`
}

// ListRef identifies the publication a hit or delisting comes from: it names the list
// without the formatted text a program would have to parse back.
type ListRef struct {
	// Publisher is who publishes the list ("US Treasury OFAC", "Israel NBCTF"), when known.
	Publisher string `json:"publisher,omitempty"`
	// Name is the list's name (sanctions.Source.Name, e.g. "OFAC SDN").
	Name string `json:"name"`
	// Format is the registered format the publication was read with ("ofac", "nbctf", ...).
	Format string `json:"format,omitempty"`
	// Published is the publication's date of issue, zero when it has none.
	Published Date `json:"published,omitzero"`
	// SHA256 is the hex sha256 of the publication.
	SHA256 string `json:"sha256,omitempty"`
}

// String is the human form "<name> <published>", e.g. "OFAC SDN 2025-11-19".
func (r ListRef) String() string {
	if r.Published.IsZero() {
		return r.Name
	}
	return r.Name + " " + r.Published.String()
}

// Matches reports whether l is the publication r refers to.
func (r ListRef) Matches(l ListInfo) bool {
	return r.Name == l.Source && r.Published.String() == l.Published && (r.SHA256 == "" || r.SHA256 == l.SHA256)
}

// Hit is one match of a screened address against one listed value.
type Hit struct {
	// Role is where the address was found (RoleAddress for a plain address check).
	Role Role `json:"role"`
	// Index is the input, output or log index for transaction roles.
	Index *int `json:"index,omitempty"`
	// TxID is the transaction of the hit, for transaction and block screening.
	TxID string `json:"txid,omitempty"`
	// Address is the canonical form of the screened address that matched.
	Address string `json:"address"`
	// ListedValue is the value exactly as published.
	ListedValue string `json:"listed_value"`
	// Ticker is the currency the value is listed under, as published.
	Ticker string `json:"ticker"`
	// ListedChain is the chain of the listed value (detected from the value itself).
	ListedChain address.Chain `json:"listed_chain,omitempty"`
	// OtherChain is true when the listed value belongs to another chain than the one
	// screened (same key bytes): the hit raises the category's _OTHER_CHAIN flag
	// (SANCTIONED_OTHER_CHAIN, not SANCTIONED).
	OtherChain bool `json:"other_chain,omitempty"`
	// Category is the listing's category; it decides the flag (sanctions: SANCTIONED,
	// terrorism_financing: TERRORISM_FINANCING, issuer_freeze: ISSUER_FROZEN).
	Category sanctions.Category `json:"category"`
	// Kind is the listed value's kind: "" for an address (or a value matched as exact
	// text), sanctions.ValueExchangeAccount for an account id at an exchange.
	Kind string `json:"kind,omitempty"`
	// Tag is the destination tag or memo the listing names, when it lists ONE account at
	// a shared deposit address.
	Tag string `json:"tag,omitempty"`
	// TagMismatch is true when the listing names a Tag and the screened input carried no
	// tag or another one: the hit raises LISTED_WITH_TAG instead of its category's flag.
	TagMismatch bool `json:"tag_mismatch,omitempty"`
	// Reference is the legal act or event behind the listing of this value, when the
	// list gives one: a seizure order number, the freezing transaction.
	Reference string `json:"reference,omitempty"`
	// ListedOn is the date the value was listed, when the list gives one per value.
	ListedOn Date `json:"listed_on,omitzero"`
	// Until is when the listing stops being in force, zero when it has no end.
	Until Date `json:"until,omitzero"`
	// Entity is the listed party.
	Entity EntityInfo `json:"entity"`
	// List is the publication the hit comes from.
	List ListRef `json:"list"`
	// Source is List in human form, e.g. "OFAC SDN 2025-11-19" (kept for readers of the
	// earlier output; programs use List).
	Source string `json:"source"`
}

// ListInfo is the provenance of a list a result was computed against.
type ListInfo struct {
	Source    string             `json:"source"`
	Publisher string             `json:"publisher,omitempty"`
	Category  sanctions.Category `json:"category,omitempty"`
	Format    string             `json:"format,omitempty"`
	Location  string             `json:"location,omitempty"`
	Published string             `json:"published"`
	SHA256    string             `json:"sha256"`
	LoadedAt  time.Time          `json:"loaded_at"`
}

// Result is the answer for one screened address.
type Result struct {
	// Input is the text as given.
	Input string `json:"input"`
	// Chain is the chain the address was screened for (detected or named by the caller).
	Chain address.Chain `json:"chain,omitempty"`
	// Kind is the address type.
	Kind address.Kind `json:"kind,omitempty"`
	// Canonical is the canonical address text (empty when the input is invalid).
	Canonical string `json:"canonical,omitempty"`
	// Flags are the result flags, in the stable order of Flags().
	Flags []Flag `json:"flags"`
	// Severity is the highest severity among Flags (info when there is none).
	Severity Severity `json:"severity"`
	// Hits are the matches, one per listed value and party.
	Hits []Hit `json:"hits"`
	// Notes explain flags: what was stripped, why the input is invalid.
	Notes []string `json:"notes,omitempty"`
	// List is the provenance of the (first) list; Lists has every list when several are merged.
	List  ListInfo   `json:"list"`
	Lists []ListInfo `json:"lists,omitempty"`
	// AsOf is the date the address was screened as of, when screening against an
	// archive of publications (NewFromArchive); zero for the current list.
	AsOf Date `json:"as_of,omitzero"`
	// Delisted are the listings of the address that had ended by the screening time:
	// listed in an earlier publication of the archive and no longer in the one in force,
	// or listed with a validity (ListedAddress.Until) that has run out. They raise
	// DELISTED when the address has no current hit.
	Delisted []Delisting `json:"delisted,omitempty"`
}

// Delisting is a listing of a value that ended by the screening time: either an archive
// shows the value listed for a party up to one publication and absent from the next one,
// or the publication in force gives the listing a validity (Until) that has run out.
type Delisting struct {
	// ListedValue and Ticker are the value as it was last published.
	ListedValue string `json:"listed_value"`
	Ticker      string `json:"ticker"`
	// Category is the category the listing had.
	Category sanctions.Category `json:"category,omitempty"`
	// Reference is the act behind the listing (an order number), when given.
	Reference string `json:"reference,omitempty"`
	// Entity is the party it was listed for.
	Entity EntityInfo `json:"entity"`
	// Source names the list, e.g. "OFAC SDN".
	Source string `json:"source"`
	// List is the publication that last listed the value.
	List ListRef `json:"list"`
	// FirstListed is the date of issue of the first publication in the archive that lists
	// the value (the value may have been listed earlier; see Entity.ListedOn), or the
	// value's own listing date for a validity that ran out; zero when unknown.
	FirstListed Date `json:"first_listed,omitzero"`
	// LastListed is the date of issue of the last publication that lists it.
	LastListed Date `json:"last_listed,omitzero"`
	// DelistedOn is the date of issue of the first later publication that no longer lists
	// it (the actual delisting happened after LastListed and on or before DelistedOn), or
	// the day the listing's validity ended (ListedAddress.Until).
	DelistedOn Date `json:"delisted_on"`
	// DelistedBy is the sha256 of that publication (archive delistings).
	DelistedBy string `json:"delisted_by,omitempty"`
	// EndedBy says what ended a listing whose validity ran out ("order expired", the
	// unfreezing transaction), when the list says.
	EndedBy string `json:"ended_by,omitempty"`
}

// Sanctioned reports whether the result has a hit of any category, on any chain,
// including a listing of one tagged account at the address (LISTED_WITH_TAG): every hit
// is a reason to act (CLI exit code 1, monitor events).
func (r Result) Sanctioned() bool {
	return len(r.Hits) > 0
}

// Has reports whether the result carries flag f.
func (r Result) Has(f Flag) bool {
	for _, g := range r.Flags {
		if g == f {
			return true
		}
	}
	return false
}

func listInfo(l *sanctions.List) ListInfo {
	src := l.Source
	pub := ""
	if !src.Published.IsZero() {
		pub = src.Published.Format(time.DateOnly)
	}
	cat := src.Category
	if cat == "" {
		cat = sanctions.CategorySanctions
	}
	return ListInfo{Source: src.Name, Publisher: src.Publisher, Category: cat, Format: src.Format,
		Location: src.Location, Published: pub, SHA256: src.SHA256, LoadedAt: src.LoadedAt}
}

func listRef(src sanctions.Source) ListRef {
	return ListRef{Publisher: src.Publisher, Name: src.Name, Format: src.Format,
		Published: DateOf(src.Published), SHA256: src.SHA256}
}

func entityInfo(e *sanctions.Entity) EntityInfo {
	if e == nil {
		return EntityInfo{}
	}
	info := EntityInfo{ID: e.ID, Name: e.Name, Type: e.Type, Programs: e.Programs}
	if info.Programs == nil {
		info.Programs = []string{}
	}
	info.ListedOn = DateOf(e.ListedOn)
	return info
}
