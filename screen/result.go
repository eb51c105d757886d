package screen

import (
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

// EntityInfo is the listed party behind a hit.
type EntityInfo struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	Programs []string `json:"programs"`
	// ListedOn is the party's listing date (YYYY-MM-DD), empty when unknown.
	ListedOn string `json:"listed_on,omitempty"`
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
	// screened (same bytes): the hit raises SANCTIONED_OTHER_CHAIN, not SANCTIONED.
	OtherChain bool `json:"other_chain,omitempty"`
	// Entity is the listed party.
	Entity EntityInfo `json:"entity"`
	// Source names the list and publication, e.g. "OFAC SDN 2025-11-19".
	Source string `json:"source"`
}

// ListInfo is the provenance of a list a result was computed against.
type ListInfo struct {
	Source    string    `json:"source"`
	Format    string    `json:"format,omitempty"`
	Location  string    `json:"location,omitempty"`
	Published string    `json:"published"`
	SHA256    string    `json:"sha256"`
	LoadedAt  time.Time `json:"loaded_at"`
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
	// AsOf is the date (YYYY-MM-DD, UTC) the address was screened as of, when screening
	// against an archive of publications (NewFromArchive); empty for the current list.
	AsOf string `json:"as_of,omitempty"`
	// Delisted are the listings of the address that had ended by the as-of date: listed
	// in an earlier publication of the archive, no longer in the one in force. They raise
	// DELISTED when the address has no current hit.
	Delisted []Delisting `json:"delisted,omitempty"`
}

// Delisting is a listing of a value that an archive shows ended: the value was listed
// for a party up to one publication and absent from the next one.
type Delisting struct {
	// ListedValue and Ticker are the value as it was last published.
	ListedValue string `json:"listed_value"`
	Ticker      string `json:"ticker"`
	// Entity is the party it was listed for.
	Entity EntityInfo `json:"entity"`
	// Source names the list, e.g. "OFAC SDN".
	Source string `json:"source"`
	// FirstListed is the date of issue of the first publication in the archive that lists
	// the value (the value may have been listed earlier; see Entity.ListedOn).
	FirstListed string `json:"first_listed"`
	// LastListed is the date of issue of the last publication that lists it.
	LastListed string `json:"last_listed"`
	// DelistedOn is the date of issue of the first later publication that no longer lists
	// it. The actual delisting happened after LastListed and on or before DelistedOn.
	DelistedOn string `json:"delisted_on"`
	// DelistedBy is the sha256 of that publication.
	DelistedBy string `json:"delisted_by,omitempty"`
}

// Sanctioned reports whether the result has a sanctions hit on any chain.
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
	return ListInfo{Source: src.Name, Format: src.Format, Location: src.Location, Published: pub,
		SHA256: src.SHA256, LoadedAt: src.LoadedAt}
}

func entityInfo(e *sanctions.Entity) EntityInfo {
	if e == nil {
		return EntityInfo{}
	}
	info := EntityInfo{ID: e.ID, Name: e.Name, Type: e.Type, Programs: e.Programs}
	if info.Programs == nil {
		info.Programs = []string{}
	}
	if !e.ListedOn.IsZero() {
		info.ListedOn = e.ListedOn.Format(time.DateOnly)
	}
	return info
}
