package screen

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
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

// WithClock sets the clock used for list age (tests).
func WithClock(now func() time.Time) Option { return func(c *config) { c.now = now } }

// WithLogger sets the logger (default: slog.Default()).
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

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
		o(&s.cfg)
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
	if s.cfg.maxAge > 0 && ix.undated {
		// A list without a date of issue cannot be shown to be fresh.
		if strict {
			return nil, true, fmt.Errorf("%w: a list has no date of issue, its age is unknown", ErrStale)
		}
		return ix, true, nil
	}
	if s.cfg.maxAge > 0 && !ix.oldest.IsZero() {
		age := s.cfg.now().Sub(ix.oldest)
		if age > s.cfg.maxAge {
			if strict {
				return nil, true, fmt.Errorf("%w: published %s, %s old, maximum %s", ErrStale,
					ix.oldest.Format(time.DateOnly), age.Round(time.Hour), s.cfg.maxAge)
			}
			return ix, true, nil
		}
	}
	return ix, false, nil
}

// ScreenAddress screens one address; its chain is detected from the text.
func (s *Screener) ScreenAddress(ctx context.Context, input string) (Result, error) {
	return s.ScreenAddressAs(ctx, address.ChainUnknown, input)
}

// ScreenAddressAs screens one address for the named chain (ChainUnknown: detect).
// Invalid input gives a Result flagged INVALID_ADDRESS or CHECKSUM_MISMATCH, not an error;
// errors are reserved for "nothing could be screened" (no list, stale list in strict
// mode, cancelled context).
func (s *Screener) ScreenAddressAs(ctx context.Context, chain address.Chain, input string) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	ix, stale, err := s.current()
	if err != nil {
		return Result{}, err
	}
	return ix.screen(chain, input, stale), nil
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
		out[i] = ix.screen(chain, in, stale)
	}
	return out, nil
}

func (ix *index) screen(chain address.Chain, input string, stale bool) Result {
	r := Result{Input: input, List: ix.infos[0]}
	if len(ix.infos) > 1 {
		r.Lists = ix.infos
	}
	var fs flagSet
	if stale {
		fs.add(FlagListStale)
	}
	r.AsOf = ix.asOf
	r.Notes = append(r.Notes, ix.notes...)
	var key address.Key // the key looked up
	a, err := address.ParseAs(chain, input)
	if len(a.Normalised) > 0 {
		fs.add(FlagNormalisedInput)
		r.Notes = append(r.Notes, a.Normalised...)
	}
	switch {
	case err == nil:
		r.Chain, r.Kind, r.Canonical = a.Chain, a.Kind, a.Canonical
		if a.Privacy {
			fs.add(FlagPrivacyCoin)
		}
		var hfs flagSet
		key = a.Key
		r.Hits, hfs = ix.lookup(a.Key, a.Chain, a.Canonical, RoleAddress)
		fs |= hfs
	case a.Key != "" && errors.Is(err, address.ErrChecksum):
		// Decodes but fails its case checksum (EIP-55): flag it and still look the bytes up.
		r.Chain, r.Kind, r.Canonical = a.Chain, a.Kind, a.Canonical
		fs.add(FlagChecksumMismatch)
		r.Notes = append(r.Notes, err.Error())
		var hfs flagSet
		key = a.Key
		r.Hits, hfs = ix.lookup(a.Key, a.Chain, a.Canonical, RoleAddress)
		fs |= hfs
	default:
		fs.add(FlagInvalidAddress)
		if errors.Is(err, address.ErrChecksum) {
			fs.add(FlagChecksumMismatch)
		}
		r.Notes = append(r.Notes, err.Error())
		// Values on the list that are not addresses are matched as exact text.
		var hfs flagSet
		key = address.ExactKey(input)
		r.Hits, hfs = ix.lookup(key, "", address.Trim(input), RoleAddress)
		fs |= hfs
	}
	if ds := ix.delisted[key]; len(ds) > 0 {
		r.Delisted = append([]Delisting(nil), ds...)
		if len(r.Hits) == 0 {
			fs.add(FlagDelisted)
		}
	}
	if r.Hits == nil {
		r.Hits = []Hit{}
	}
	r.Flags = fs.list()
	for _, f := range r.Flags {
		if sv := f.Severity(); sv > r.Severity {
			r.Severity = sv
		}
	}
	return r
}
