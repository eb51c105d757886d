package screen

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/sanctions"
)

// Errors returned by the Screener. Test with errors.Is.
var (
	// ErrNoList: no list is loaded; nothing can be screened.
	ErrNoList = errors.New("screen: no sanctions list loaded")
	// ErrStale: in strict mode, the list is older than the maximum age.
	ErrStale = errors.New("screen: sanctions list is older than the maximum age")
)

// Option configures a Screener.
type Option func(*config)

type config struct {
	maxAge time.Duration
	strict bool
	now    func() time.Time
	logger *slog.Logger
	// beforeArchive: see WithBeforeArchive.
	beforeArchive bool
}

// WithMaxAge sets the maximum age of a publication (from its date of issue). Results
// against an older list carry LIST_STALE; in strict mode screening returns ErrStale.
func WithMaxAge(d time.Duration) Option { return func(c *config) { c.maxAge = d } }

// WithStrict makes a stale list an error (fail closed) instead of a LIST_STALE flag.
func WithStrict(strict bool) Option { return func(c *config) { c.strict = strict } }

// WithClock sets the clock used for list age (tests); nil keeps time.Now.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.now = now
		}
	}
}

// WithLogger sets the logger (default: slog.Default()); nil keeps the default.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) {
		if l != nil {
			c.logger = l
		}
	}
}

// Screener screens addresses against an immutable index of one or more lists. It is
// safe for concurrent use; Swap replaces the index atomically.
type Screener struct {
	cfg config
	ix  atomic.Pointer[index]
}

// New builds a Screener from one or more lists. At least one list is required.
func New(lists []*sanctions.List, opts ...Option) (*Screener, error) {
	s := &Screener{cfg: config{now: time.Now, logger: slog.Default()}}
	for _, o := range opts {
		if o != nil {
			o(&s.cfg)
		}
	}
	if err := s.Swap(lists...); err != nil {
		return nil, err
	}
	return s, nil
}

// Swap replaces the lists. Screening in flight finishes on the old index; later calls
// see the new one. Swapping in no list is ErrNoList and keeps the current lists.
func (s *Screener) Swap(lists ...*sanctions.List) error {
	var nonNil []*sanctions.List
	for _, l := range lists {
		if l != nil {
			nonNil = append(nonNil, l)
		}
	}
	if len(nonNil) == 0 {
		return ErrNoList
	}
	ix := buildIndex(nonNil)
	ix.now = s.cfg.now
	s.ix.Store(ix)
	s.cfg.logger.Debug("screen: index built", "lists", len(nonNil), "values", ix.values, "exact_text_values", ix.exactKeys)
	return nil
}

// Lists returns the provenance of the lists in service.
func (s *Screener) Lists() []ListInfo {
	ix := s.ix.Load()
	if ix == nil {
		return nil
	}
	return append([]ListInfo(nil), ix.infos...)
}

// Check reports whether the lists in service are usable without reservation: nil, or
// an error wrapping ErrNoList, or ErrStale when a list is older than the maximum age
// (whether or not the Screener is strict: a non-strict Screener flags LIST_STALE).
func (s *Screener) Check() error {
	_, _, err := s.currentStrict(true)
	return err
}

// current returns the index in service and whether it is stale; in strict mode a stale
// index is ErrStale.
func (s *Screener) current() (*index, bool, error) {
	return s.currentStrict(s.cfg.strict)
}

func (s *Screener) currentStrict(strict bool) (*index, bool, error) {
	ix := s.ix.Load()
	if ix == nil {
		return nil, false, ErrNoList
	}
	notes := s.staleNotes(ix)
	if len(notes) == 0 {
		return ix, false, nil
	}
	if strict {
		return nil, true, fmt.Errorf("%w: %s", ErrStale, strings.Join(notes, "; "))
	}
	return ix, true, nil
}

// staleNotes names every list in ix that is older than the maximum age, or has no date
// of issue while a maximum age is set (its age cannot be shown); nil when none is.
func (s *Screener) staleNotes(ix *index) []string {
	if s.cfg.maxAge <= 0 {
		return nil
	}
	var notes []string
	now := s.cfg.now()
	for _, l := range ix.lists {
		pub := l.Source.Published
		if pub.IsZero() {
			notes = append(notes, fmt.Sprintf("list %s has no date of issue, its age is unknown", l.Source.Name))
			continue
		}
		if age := now.Sub(pub); age > s.cfg.maxAge {
			notes = append(notes, fmt.Sprintf("list %s published %s is %s old, maximum %s", l.Source.Name,
				pub.Format(time.DateOnly), ageText(age), ageText(s.cfg.maxAge)))
		}
	}
	return notes
}

// ScreenAddress screens one address; its chain is detected from the text.
func (s *Screener) ScreenAddress(ctx context.Context, input string) (Result, error) {
	return s.ScreenAddressTag(ctx, address.ChainUnknown, input, "")
}

// ScreenAddressAs screens one address for the named chain (ChainUnknown: detect).
// Invalid input gives a Result flagged INVALID_ADDRESS or CHECKSUM_MISMATCH, not an error;
// errors are reserved for "nothing could be screened" (no list, stale list in strict
// mode, cancelled context).
func (s *Screener) ScreenAddressAs(ctx context.Context, chain address.Chain, input string) (Result, error) {
	return s.ScreenAddressTag(ctx, chain, input, "")
}

// ScreenAddressTag screens one address for the named chain (ChainUnknown: detect) with
// the destination tag or memo given beside it (tag "" for none). A listing of ONE
// account at a shared deposit address (sanctions.ListedAddress.Tag) is a hit with its
// category's flag when the input carries that tag, here, in an XRP X-address, or in the
// input text as "ADDRESS?dt=TAG" (or "?memo=TEXT"); otherwise it is a hit with
// TagMismatch that raises LISTED_WITH_TAG (never clean).
func (s *Screener) ScreenAddressTag(ctx context.Context, chain address.Chain, input, tag string) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	ix, stale, err := s.current()
	if err != nil {
		return Result{}, err
	}
	at := screenTime{clock: s.cfg.now, stale: stale} // the clock is read only for a match
	if stale {
		at.staleNotes = s.staleNotes(ix)
	}
	return ix.screen(at, chain, input, tag), nil
}

// screenTime is what one screening needs from the Screener besides the index.
type screenTime struct {
	// now is the screening instant; when it is zero, clock gives it, read only when an
	// entry is matched (a miss never needs it).
	now        time.Time
	clock      func() time.Time
	stale      bool
	staleNotes []string
}

// time returns the screening instant for matching entries of ix, reading the clock at
// most once, and not at all when no entry of ix has a validity end (the instant is then
// never compared with anything).
func (at *screenTime) time(ix *index) time.Time {
	if at.now.IsZero() && at.clock != nil && ix.timed {
		at.now = at.clock()
	}
	return at.now
}

func (s *Screener) at(ix *index, stale bool) screenTime {
	st := screenTime{now: s.cfg.now(), stale: stale}
	if stale {
		st.staleNotes = s.staleNotes(ix)
	}
	return st
}

// ScreenAddresses screens many addresses against one snapshot of the lists; results are
// in input order.
func (s *Screener) ScreenAddresses(ctx context.Context, inputs []string) ([]Result, error) {
	return s.ScreenAddressesAs(ctx, nil, inputs)
}

// ScreenAddressesAs is ScreenAddresses with a chain per input (chains[i] for inputs[i];
// ChainUnknown, or a nil chains, detects). Every input is screened against the same
// snapshot of the lists, even while a refresh swaps them.
func (s *Screener) ScreenAddressesAs(ctx context.Context, chains []address.Chain, inputs []string) ([]Result, error) {
	if chains != nil && len(chains) != len(inputs) {
		return nil, fmt.Errorf("screen: %d chains for %d inputs", len(chains), len(inputs))
	}
	ix, stale, err := s.current()
	if err != nil {
		return nil, err
	}
	at := s.at(ix, stale)
	out := make([]Result, len(inputs))
	for i, in := range inputs {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		chain := address.ChainUnknown
		if chains != nil {
			chain = chains[i]
		}
		out[i] = ix.screen(at, chain, in, "")
	}
	return out, nil
}

// splitTag splits "ADDRESS?dt=N" (the XRP URI convention) or "ADDRESS?memo=TEXT" into
// the address and the tag; ok is false when the input has no such suffix.
func splitTag(input string) (addr, tag string, ok bool) {
	if strings.IndexByte(input, '?') < 0 { // the usual case, found with one vector scan
		return input, "", false
	}
	i := strings.LastIndexByte(input, '?')
	if i <= 0 {
		return input, "", false
	}
	for _, p := range []string{"dt=", "memo=", "tag="} {
		if rest, found := strings.CutPrefix(input[i+1:], p); found {
			return input[:i], address.Trim(rest), true
		}
	}
	return input, "", false
}

// bareEVMHex reports whether s is exactly 40 hex digits (an EVM address written
// without 0x: no other chain writes 40 hex digits).
func bareEVMHex(s string) bool {
	if len(s) != 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// hasListing reports whether hits already hold h's listing (value, party, list).
func hasListing(hits []Hit, h Hit) bool {
	for _, o := range hits {
		if o.ListedValue == h.ListedValue && o.Entity.ID == h.Entity.ID && o.Source == h.Source {
			return true
		}
	}
	return false
}

func (ix *index) screen(at screenTime, chain address.Chain, input, tag string) Result {
	r := Result{Input: input, List: ix.infos[0]}
	if len(ix.infos) > 1 {
		r.Lists = ix.infos
	}
	var fs flagSet
	if at.stale {
		fs.add(FlagListStale)
		r.Notes = append(r.Notes, at.staleNotes...)
	}
	r.AsOf = ix.asOf
	r.Notes = append(r.Notes, ix.notes...)
	var inTags tags
	if tag != "" {
		inTags = append(inTags, tag)
	}
	text := input
	if a, t, ok := splitTag(input); ok {
		text = a
		if t != "" {
			inTags = append(inTags, t)
			r.Notes = append(r.Notes, "tag "+t+" read from the input")
		}
	}
	trimmed := address.Trim(text)
	te := ix.byText[trimmed]
	var key address.Key // the key looked up
	var a address.Address
	var err error
	if chain == address.ChainUnknown && bareEVMHex(trimmed) {
		a, err = address.ParseAs(address.ChainEVM, text)
		if err == nil || a.Key != "" {
			fs.add(FlagNormalisedInput)
			r.Notes = append(r.Notes, "40 hex digits without 0x read as an EVM address")
		}
	} else if chain == address.ChainUnknown && te.addr != nil && trimmed == text {
		a = *te.addr // a listed text: decoded and verified when the index was built
	} else {
		a, err = address.ParseAs(chain, text)
	}
	if len(a.Normalised) > 0 {
		fs.add(FlagNormalisedInput)
		r.Notes = append(r.Notes, a.Normalised...)
	}
	if a.Tag != "" {
		if len(inTags) > 0 && !inTags.has(a.Tag) {
			r.Notes = append(r.Notes, "the X-address encodes tag "+a.Tag+", the input also names tag "+strings.Join(inTags, ", "))
		}
		inTags = append(inTags, a.Tag)
	}
	var es []entry
	lookChain, canonical := a.Chain, a.Canonical
	invalid, otherChain := false, false
	switch {
	case err == nil:
		r.Chain, r.Kind, r.Canonical = a.Chain, a.Kind, a.Canonical
		if a.Privacy {
			fs.add(FlagPrivacyCoin)
		}
		key = a.Key
		es = ix.byKey[key]
	case a.Key != "" && errors.Is(err, address.ErrChecksum):
		// Decodes but fails its case checksum (EIP-55): flag it and still look the bytes up.
		r.Chain, r.Kind, r.Canonical = a.Chain, a.Kind, a.Canonical
		fs.add(FlagChecksumMismatch)
		r.Notes = append(r.Notes, err.Error())
		key = a.Key
		es = ix.byKey[key]
	default:
		invalid = true
		if errors.Is(err, address.ErrChecksum) {
			fs.add(FlagChecksumMismatch)
		}
		r.Notes = append(r.Notes, err.Error())
		if chain != address.ChainUnknown {
			// Never hide a listed value behind the caller's chain: when the text is an
			// address of another chain, look its bytes up as a listing of another chain.
			if o, oerr := address.Parse(text); (oerr == nil || o.Key != "") && o.Key != "" {
				if oes := ix.byKey[o.Key]; len(oes) > 0 {
					es, key = oes, o.Key
					r.Chain, r.Kind, r.Canonical = chain, o.Kind, o.Canonical
					canonical, otherChain = o.Canonical, true
					r.Notes = append(r.Notes, fmt.Sprintf("the chain did not match: the input is a %s address, not %s; "+
						"its bytes are listed, reported as a listing of another chain", o.Chain, chain))
				}
			}
		}
		if es == nil {
			key = address.ExactKey(text)
			canonical, lookChain = address.Trim(text), ""
		}
	}
	var ds []Delisting
	if len(es) > 0 {
		r.Hits, ds, fs = ix.collect(es, lookChain, canonical, inTags, at.time(ix), otherChain, fs)
	}
	// Values on the list that are not addresses (exchange accounts, malformed values) are
	// matched as the exact text, whether or not the input parses as an address.
	if xs := te.exact; len(xs) > 0 {
		var xh []Hit
		var xd []Delisting
		xh, xd, fs = ix.collect(xs, "", trimmed, inTags, at.time(ix), false, fs)
		for _, h := range xh {
			if !hasListing(r.Hits, h) {
				r.Hits = append(r.Hits, h)
			}
		}
		ds = append(ds, xd...)
	}
	if invalid && len(r.Hits) == 0 {
		fs.add(FlagInvalidAddress)
	}
	r.Delisted = append(r.Delisted, ds...)
	if d := ix.delisted[key]; len(d) > 0 {
		r.Delisted = append(r.Delisted, d...)
	}
	if len(r.Delisted) > 0 && len(r.Hits) == 0 {
		fs.add(FlagDelisted)
	}
	if r.Hits == nil {
		r.Hits = []Hit{}
	}
	r.Flags = fs.list()
	r.Severity = maxSeverity(r.Flags)
	return r
}

// collect matches entries es (nil: none) and adds their flags to fs.
func (ix *index) collect(es []entry, chain address.Chain, canonical string, inTags tags, now time.Time,
	otherChain bool, fs flagSet) ([]Hit, []Delisting, flagSet) {
	if len(es) == 0 {
		return nil, nil, fs
	}
	hits, ds, hfs := ix.matchEntries(es, chain, canonical, RoleAddress, inTags, now, otherChain)
	return hits, ds, fs | hfs
}

// ageText writes an age in days ("379 days"), or in hours under two days.
func ageText(d time.Duration) string {
	if d < 48*time.Hour {
		return d.Round(time.Hour).String()
	}
	return fmt.Sprintf("%d days", int(d/(24*time.Hour)))
}
