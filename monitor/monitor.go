package monitor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
)

// Errors returned by the Monitor and its stores. Test with errors.Is.
var (
	// ErrNotRegistered: the address is not on the watchlist.
	ErrNotRegistered = errors.New("monitor: address is not registered")
	// ErrInvalidRegistration: the address of a registration does not parse (or fails its
	// checksum) on the chain given.
	ErrInvalidRegistration = errors.New("monitor: invalid registration")
	// ErrOlderPublication: OnListChange was given a publication older than one the
	// watchlist was already screened against (a rollback would report false DELISTED and
	// NEWLY_SANCTIONED events). WithAllowOlderPublications permits it.
	ErrOlderPublication = errors.New("monitor: publication is older than the one last screened against")
)

// EventType is the kind of a monitoring event. Its values are part of the JSON output
// and never change.
type EventType string

// Event types.
const (
	// EventNewlySanctioned: a registered address has sanctions hits now and had none at
	// its previous screening (or, with FirstScreen set, it was listed when first screened).
	EventNewlySanctioned EventType = "NEWLY_SANCTIONED"
	// EventDelisted: a registered address had sanctions hits at its previous screening and
	// has none now.
	EventDelisted EventType = "DELISTED"
	// EventSanctionsChanged: a registered address is sanctioned at both screenings, but
	// its listings changed: another party or ticker, a party delisted while another
	// remains. Hits are the listings now; RemovedHits the listings that went away.
	EventSanctionsChanged EventType = "SANCTIONS_CHANGED"
)

// Registration is an address on the watchlist, with the caller's label (a customer id,
// "deposit", "withdrawal", ...).
type Registration struct {
	// ID identifies the registration: chain ":" canonical address. Registering the same
	// address again on the same chain replaces its label.
	ID string `json:"id"`
	// Address is the canonical address text.
	Address string `json:"address"`
	// Input is the address as the caller gave it.
	Input string `json:"input,omitempty"`
	// Chain is the chain the address is screened for.
	Chain address.Chain `json:"chain"`
	// Label is the caller's label: a customer id, an account, a purpose.
	Label string `json:"label,omitempty"`
	// AddedAt is when the address was registered (or its label last replaced).
	AddedAt time.Time `json:"added_at"`
}

// AddressState is the last-seen screening state of a registered address: what the
// Monitor compares the next screening against.
type AddressState struct {
	// ID is the registration ID.
	ID string `json:"id"`
	// Sanctioned is true when the address had at least one hit.
	Sanctioned bool `json:"sanctioned"`
	// Hits are the hits of that screening.
	Hits []screen.Hit `json:"hits"`
	// Lists are the publications the address was screened against.
	Lists []screen.ListInfo `json:"lists"`
	// ScreenedAt is when it was screened.
	ScreenedAt time.Time `json:"screened_at"`
}

// Event is a change of a registered address's sanctions status between two screenings.
type Event struct {
	// Seq is the event's position in the store's event log (1, 2, ...); it is assigned
	// when the event is committed and never reused.
	Seq uint64 `json:"seq"`
	// Type is NEWLY_SANCTIONED, DELISTED or SANCTIONS_CHANGED.
	Type EventType `json:"type"`
	// RegistrationID, Address, Chain and Label identify the registered address.
	RegistrationID string        `json:"registration_id"`
	Address        string        `json:"address"`
	Chain          address.Chain `json:"chain"`
	Label          string        `json:"label,omitempty"`
	// Hits are, for NEWLY_SANCTIONED, the hits now; for DELISTED, the hits the address
	// had before (the entity it was listed for).
	Hits []screen.Hit `json:"hits"`
	// RemovedHits are, for SANCTIONS_CHANGED, the listings of the previous screening that
	// are no longer there.
	RemovedHits []screen.Hit `json:"removed_hits,omitempty"`
	// FirstScreen is true when the address was listed the first time it was screened
	// after registration: it may have been listed for a while.
	FirstScreen bool `json:"first_screen,omitempty"`
	// Publication is the publication that caused the event: for NEWLY_SANCTIONED the one
	// that lists the address, for DELISTED the one that no longer lists it.
	Publication screen.ListInfo `json:"publication"`
	// Previous is the publication of the previous screening (absent on a first screen).
	Previous *screen.ListInfo `json:"previous_publication,omitempty"`
	// DetectedAt is when the change was detected.
	DetectedAt time.Time `json:"detected_at"`
}

// Store persists a Monitor's watchlist, the last-seen state of every registered address
// and the event log. Implementations must be safe for concurrent use. The package has an
// in-memory store (NewMemoryStore); packages monitor/boltstore (an embedded file) and
// monitor/pgstore (PostgreSQL, shared by several processes) have persistent ones.
type Store interface {
	// PutRegistration adds a registration or replaces the one with the same ID (keeping
	// its state).
	PutRegistration(ctx context.Context, r Registration) error
	// DeleteRegistration removes a registration and its state; ErrNotRegistered when
	// there is none with that ID. Its events stay in the log.
	DeleteRegistration(ctx context.Context, id string) error
	// Registrations returns every registration, ordered by ID.
	Registrations(ctx context.Context) ([]Registration, error)
	// States returns the last-seen state of every registration that has one, by ID.
	States(ctx context.Context) (map[string]AddressState, error)
	// Commit stores the states and appends the events in one atomic step: either all of
	// them are stored or none. States and events of IDs that are no longer registered
	// are dropped. It returns the events as stored, with Seq assigned.
	Commit(ctx context.Context, states []AddressState, events []Event) ([]Event, error)
	// Events returns up to limit events with Seq > after, in Seq order (limit <= 0: all).
	Events(ctx context.Context, after uint64, limit int) ([]Event, error)
	// Cursor returns a consumer's delivery cursor: the Seq of the last event it was
	// delivered (0 when it has none).
	Cursor(ctx context.Context, consumer string) (uint64, error)
	// SetCursor records that a consumer was delivered every event up to seq.
	SetCursor(ctx context.Context, consumer string, seq uint64) error
}

// StoreLocker is implemented by stores that several processes share (the PostgreSQL
// store): Lock serialises re-screenings across them, so that one list change produces
// each event once. It returns when the lock is held, or ctx's error.
type StoreLocker interface {
	Lock(ctx context.Context) (unlock func(), err error)
}

// DeliveryLocker is implemented by stores that several processes share (the PostgreSQL
// store): LockDelivery serialises Deliver calls for one consumer across them, so that
// instances delivering to the same consumer do not each send the same events. It
// returns when the lock is held, or ctx's error.
type DeliveryLocker interface {
	LockDelivery(ctx context.Context, consumer string) (unlock func(), err error)
}

// Option configures a Monitor.
type Option func(*Monitor)

// WithEventHandler adds a function called for every new event, in Seq order, after the
// event is committed to the store. It runs on the goroutine of OnListChange; a handler
// that must not lose events should use Monitor.Deliver instead, which keeps a cursor.
func WithEventHandler(fn func(context.Context, Event)) Option {
	return func(m *Monitor) { m.handlers = append(m.handlers, fn) }
}

// WithEventChannel sends every new event on ch, after it is committed. The send blocks
// until it is received or the context of OnListChange ends.
func WithEventChannel(ch chan<- Event) Option {
	return func(m *Monitor) { m.chans = append(m.chans, ch) }
}

// WithClock sets the clock that stamps registrations, states and events (tests).
func WithClock(now func() time.Time) Option {
	return func(m *Monitor) { m.now = now }
}

// WithAllowOlderPublications lets OnListChange re-screen against a publication older
// than the last one seen (a deliberate rollback); by default that is ErrOlderPublication.
func WithAllowOlderPublications(allow bool) Option {
	return func(m *Monitor) { m.allowOlder = allow }
}

// WithDelivery makes Watch deliver the events to send, through Deliver with consumer's
// cursor: after every re-screening, and at every check while events are pending (those
// committed by another instance sharing the store included). A failed delivery is
// logged and tried again later, with a growing delay of at most a minute.
func WithDelivery(consumer string, send func(context.Context, Event) error) Option {
	return func(m *Monitor) { m.consumer, m.send = consumer, send }
}

// WithLogger sets the logger (default: slog.Default()).
func WithLogger(l *slog.Logger) Option {
	return func(m *Monitor) { m.logger = l }
}

// Monitor re-screens a watchlist of registered addresses whenever the sanctions list
// changes and reports the changes as events: NEWLY_SANCTIONED, DELISTED and
// SANCTIONS_CHANGED.
//
// State lives in the Store: the last-seen state of each address and the event log are
// committed together, so after a restart the Monitor neither repeats old events nor
// misses a change that happened while it was down (the first OnListChange after the
// restart compares against the state persisted before).
//
// A Monitor is safe for concurrent use; re-screenings are serialised.
type Monitor struct {
	store      Store
	handlers   []func(context.Context, Event)
	chans      []chan<- Event
	allowOlder bool
	now        func() time.Time
	logger     *slog.Logger
	mu         sync.Mutex // serialises re-screening and watchlist changes
	deliverMu  sync.Mutex // keeps deliveries in commit order, without holding mu

	consumer string                             // WithDelivery
	send     func(context.Context, Event) error // WithDelivery
	dirty    atomic.Bool                        // Add registered an address not yet screened

	// screened, when set (by tests of this package), is called after the i-th
	// registration of a pass is screened: it lets a test swap the lists mid-pass.
	screened func(i int)
}

// New returns a Monitor over store.
func New(store Store, opts ...Option) *Monitor {
	m := &Monitor{store: store, now: time.Now, logger: slog.Default()}
	for _, o := range opts {
		o(m)
	}
	return m
}

// Store returns the monitor's store.
func (m *Monitor) Store() Store { return m.store }

// RegistrationID returns the ID a registration of input on chain (ChainUnknown: detect)
// gets, or ErrInvalidRegistration. A valid address of another chain than the one named
// is accepted for the named chain (a customer's address typed into the wrong network's
// field): it is screened as such, so that a listing on its own chain is reported as a
// listing of another chain, never hidden.
func RegistrationID(chain address.Chain, input string) (string, address.Address, error) {
	a, err := address.ParseAs(chain, input)
	if err != nil && chain != address.ChainUnknown && errors.Is(err, address.ErrWrongChain) {
		if o, oerr := address.Parse(input); oerr == nil {
			o.AlsoValidOn = nil
			o.Chain = chain
			return string(chain) + ":" + o.Canonical, o, nil
		}
	}
	if err != nil {
		return "", a, fmt.Errorf("%w: %q: %v", ErrInvalidRegistration, input, err)
	}
	return string(a.Chain) + ":" + a.Canonical, a, nil
}

// Add registers an address (chain ChainUnknown: detected from the text) with a label. An
// address that does not parse, or fails its checksum, is ErrInvalidRegistration.
// Registering an address again replaces its label and keeps its state. The address is
// screened at the next OnListChange (under Watch: at its next check).
func (m *Monitor) Add(ctx context.Context, chain address.Chain, input, label string) (Registration, error) {
	id, a, err := RegistrationID(chain, input)
	if err != nil {
		return Registration{}, err
	}
	r := Registration{ID: id, Address: a.Canonical, Input: input, Chain: a.Chain, Label: label,
		AddedAt: m.now().UTC()}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.store.PutRegistration(ctx, r); err != nil {
		return Registration{}, err
	}
	m.dirty.Store(true)
	m.logger.Debug("monitor: registered", "id", id, "label", label)
	return r, nil
}

// Remove unregisters an address, given as an ID or as address text (chain ChainUnknown:
// detected). It is ErrNotRegistered when the address is not on the watchlist.
func (m *Monitor) Remove(ctx context.Context, chain address.Chain, input string) error {
	id, _, err := RegistrationID(chain, input)
	if err != nil {
		if chain != address.ChainUnknown || !strings.Contains(input, ":") {
			return err
		}
		id = input // an ID such as "evm:0x…"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.store.DeleteRegistration(ctx, id); err != nil {
		return err
	}
	m.logger.Debug("monitor: unregistered", "id", id)
	return nil
}

// List returns the watchlist, ordered by ID.
func (m *Monitor) List(ctx context.Context) ([]Registration, error) {
	return m.store.Registrations(ctx)
}

// Events returns up to limit events with Seq > after (limit <= 0: all).
func (m *Monitor) Events(ctx context.Context, after uint64, limit int) ([]Event, error) {
	return m.store.Events(ctx, after, limit)
}

// OnListChange re-screens every registered address against the lists now in s,
// compares each result with the address's last-seen state, and commits the new states
// and the events in one step. It then hands the events to the handlers and channels and
// returns them. An address screened for the first time sets its baseline: no event when
// it is clear, a NEWLY_SANCTIONED event with FirstScreen when it is listed.
//
// Call it whenever the screen.Screener's lists change (and once at start-up, to catch up with
// changes made while the process was down); calling it without a change is harmless.
func (m *Monitor) OnListChange(ctx context.Context, s *screen.Screener) ([]Event, error) {
	m.mu.Lock()
	var unlock func()
	if l, ok := m.store.(StoreLocker); ok {
		// Instances sharing the store re-screen one at a time: the second one reads the
		// states the first committed and has nothing left to report.
		var err error
		if unlock, err = l.Lock(ctx); err != nil {
			m.mu.Unlock()
			return nil, err
		}
	}
	stored, err := m.rescreenLocked(ctx, s)
	if unlock != nil {
		unlock()
	}
	if err != nil {
		m.mu.Unlock()
		return nil, err
	}
	// Hand over to delivery: handlers may call Add or Remove (which take mu), and a slow
	// consumer does not block the watchlist; the next re-screening waits for this
	// delivery, so events arrive in the order they were committed.
	m.deliverMu.Lock()
	m.mu.Unlock()
	defer m.deliverMu.Unlock()
	for _, ev := range stored {
		for _, h := range m.handlers {
			h(ctx, ev)
		}
		for _, ch := range m.chans {
			select {
			case ch <- ev:
			case <-ctx.Done():
				return stored, ctx.Err()
			}
		}
	}
	return stored, nil
}

// rescreenLocked re-screens the watchlist and commits the states and events; m.mu is held.
func (m *Monitor) rescreenLocked(ctx context.Context, s *screen.Screener) ([]Event, error) {
	start := m.now()
	regs, err := m.store.Registrations(ctx)
	if err != nil {
		return nil, fmt.Errorf("monitor: reading the watchlist: %w", err)
	}
	prev, err := m.store.States(ctx)
	if err != nil {
		return nil, fmt.Errorf("monitor: reading the last-seen states: %w", err)
	}
	results, lists, err := screenSnapshot(ctx, s, regs, m.screened)
	if err != nil {
		return nil, err
	}
	if !m.allowOlder {
		if err := checkNotOlder(prev, lists); err != nil {
			return nil, err
		}
	}
	now := m.now().UTC()
	states := make([]AddressState, 0, len(regs))
	var events []Event
	for i, reg := range regs {
		r := results[i]
		st := AddressState{ID: reg.ID, Sanctioned: r.Sanctioned(), Hits: r.Hits, Lists: lists, ScreenedAt: now}
		states = append(states, st)
		old, seen := prev[reg.ID]
		ev := Event{RegistrationID: reg.ID, Address: reg.Address, Chain: reg.Chain, Label: reg.Label, DetectedAt: now}
		switch {
		case st.Sanctioned && (!seen || !old.Sanctioned):
			ev.Type = EventNewlySanctioned
			ev.Hits = st.Hits
			ev.FirstScreen = !seen
			ev.Publication = publicationOf(st.Hits, lists)
			if seen {
				ev.Previous = previousPublication(st.Hits, old.Lists)
			}
		case seen && old.Sanctioned && !st.Sanctioned:
			ev.Type = EventDelisted
			ev.Hits = old.Hits
			ev.Publication = publicationOf(old.Hits, lists)
			ev.Previous = previousPublication(old.Hits, old.Lists)
		case seen && old.Sanctioned && st.Sanctioned && listingsChanged(old.Hits, st.Hits):
			ev.Type = EventSanctionsChanged
			ev.Hits = st.Hits
			ev.RemovedHits = missingListings(old.Hits, st.Hits)
			ev.Publication = publicationOf(st.Hits, lists)
			ev.Previous = previousPublication(old.Hits, old.Lists)
		default:
			continue
		}
		events = append(events, ev)
	}
	stored, err := m.store.Commit(ctx, states, events)
	if err != nil {
		return nil, fmt.Errorf("monitor: committing %d states and %d events: %w", len(states), len(events), err)
	}
	m.logger.Info("monitor: re-screened the watchlist", "addresses", len(regs), "events", len(stored),
		"lists", listNames(lists), "took", m.now().Sub(start))
	return stored, nil
}

// Watch keeps the watchlist in step with s: it calls OnListChange at once (to catch up
// with changes made while the process was down), then again whenever the publications
// in s change or Add registered an address, checked every interval, until ctx ends; it
// returns ctx's error. Use it beside a Refresher, which swaps new lists into s. With
// WithDelivery it also delivers the pending events at every check. A failed
// re-screening or delivery is logged and tried again at a later check, waiting twice as
// long after each failure in a row (at most a minute).
func (m *Monitor) Watch(ctx context.Context, s *screen.Screener, interval time.Duration) error {
	if interval <= 0 {
		interval = time.Second
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	var seen []screen.ListInfo
	var rescreen, deliver backoff
	for {
		now := time.Now()
		cur := s.Lists()
		if (seen == nil || !sameLists(seen, cur) || m.dirty.Load()) && rescreen.due(now) {
			m.dirty.Store(false)
			if _, err := m.OnListChange(ctx, s); err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				m.dirty.Store(true)
				d := rescreen.fail(now, interval)
				m.logger.Warn("monitor: re-screening failed; retrying", "error", err, "after", d)
			} else {
				seen = cur
				rescreen.ok()
			}
		}
		if m.send != nil && deliver.due(now) {
			if n, err := m.Deliver(ctx, m.consumer, m.send); err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				d := deliver.fail(now, interval)
				m.logger.Warn("monitor: delivery failed; the undelivered events stay pending", "consumer", m.consumer,
					"delivered", n, "error", err, "retry_after", d)
			} else {
				if n > 0 {
					m.logger.Info("monitor: delivered events", "consumer", m.consumer, "events", n)
				}
				deliver.ok()
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// backoff spaces out the retries of a failing step of Watch.
type backoff struct {
	failures int
	next     time.Time
}

func (b *backoff) due(now time.Time) bool { return !now.Before(b.next) }

func (b *backoff) ok() { b.failures, b.next = 0, time.Time{} }

// fail records a failure and returns the delay before the next attempt: interval,
// doubled per failure in a row, at most a minute.
func (b *backoff) fail(now time.Time, interval time.Duration) time.Duration {
	d := interval
	for i := 0; i < b.failures && d < time.Minute; i++ {
		d *= 2
	}
	d = min(d, time.Minute)
	b.failures++
	b.next = now.Add(d)
	return d
}

func sameLists(a, b []screen.ListInfo) bool {
	return slices.EqualFunc(a, b, func(x, y screen.ListInfo) bool { return x.SHA256 == y.SHA256 && x.Source == y.Source })
}

// Deliver hands every event that consumer has not yet been delivered to fn, in Seq
// order, and advances the consumer's cursor after each event fn accepts. It stops at the
// first error (that event is delivered again on the next call), so delivery is at least
// once, in order, across restarts. It returns the number of events delivered.
//
// When the store is shared by several processes (a DeliveryLocker), deliveries to one
// consumer are serialised across them: an event is sent by one instance, and sent again
// only when that instance failed before it recorded the delivery.
func (m *Monitor) Deliver(ctx context.Context, consumer string, fn func(context.Context, Event) error) (int, error) {
	if l, ok := m.store.(DeliveryLocker); ok {
		unlock, err := l.LockDelivery(ctx, consumer)
		if err != nil {
			return 0, err
		}
		defer unlock()
	}
	cur, err := m.store.Cursor(ctx, consumer)
	if err != nil {
		return 0, err
	}
	n := 0
	for {
		evs, err := m.store.Events(ctx, cur, 256)
		if err != nil {
			return n, err
		}
		if len(evs) == 0 {
			return n, nil
		}
		for _, ev := range evs {
			if err := ctx.Err(); err != nil {
				return n, err
			}
			if err := fn(ctx, ev); err != nil {
				return n, fmt.Errorf("delivering event %d to %s: %w", ev.Seq, consumer, err)
			}
			cur = ev.Seq
			if err := m.store.SetCursor(ctx, consumer, cur); err != nil {
				return n, err
			}
			n++
		}
	}
}

// screenSnapshot screens every registration against ONE pinned snapshot of s's lists:
// all results of a pass come from the same publications, even while a refresh swaps
// new lists into s, and the provenance returned is that snapshot's.
func screenSnapshot(ctx context.Context, s *screen.Screener, regs []Registration, screened func(int)) ([]screen.Result, []screen.ListInfo, error) {
	if s == nil {
		return nil, nil, screen.ErrNoList
	}
	snap, err := s.Snapshot()
	if err != nil {
		return nil, nil, fmt.Errorf("monitor: %w", err)
	}
	results := make([]screen.Result, len(regs))
	for i, reg := range regs {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
		}
		results[i] = snap.ScreenAddressAs(reg.Chain, reg.Address)
		if screened != nil {
			screened(i)
		}
	}
	return results, snap.Lists(), nil
}

// checkNotOlder returns ErrOlderPublication (and sanctions.ErrOlder) when a list is
// older than the newest publication of the same source that an address was last
// screened against. The rule itself is sanctions.CheckNotOlder.
func checkNotOlder(prev map[string]AddressState, lists []screen.ListInfo) error {
	newest := map[string]time.Time{}
	for _, st := range prev {
		for _, l := range st.Lists {
			if t, err := sanctions.ParseDate(l.Published); err == nil && t.After(newest[l.Source]) {
				newest[l.Source] = t
			}
		}
	}
	for _, l := range lists {
		t, err := sanctions.ParseDate(l.Published)
		if err != nil {
			continue
		}
		if err := sanctions.CheckNotOlder(l.Source, t, newest[l.Source]); err != nil {
			return fmt.Errorf("%w: the watchlist was screened against a newer publication: %w", ErrOlderPublication, err)
		}
	}
	return nil
}

// hitSource is the human "<name> <published>" text of a list (screen.Hit.Source).
func hitSource(l screen.ListInfo) string {
	if l.Published == "" {
		return l.Source
	}
	return l.Source + " " + l.Published
}

// publicationOf picks, among lists, the publication an event is due to: the one the hits
// come from (screen.Hit.List), else the one of the same list name, else the first.
func publicationOf(hits []screen.Hit, lists []screen.ListInfo) screen.ListInfo {
	if len(lists) == 0 {
		return screen.ListInfo{}
	}
	for _, h := range hits {
		for _, l := range lists {
			if h.List.Name != "" && h.List.Matches(l) {
				return l
			}
			if h.List.Name == "" && h.Source == hitSource(l) { // a state stored before screen.Hit.List
				return l
			}
		}
	}
	for _, h := range hits {
		for _, l := range lists {
			if name := listName(h); name != "" && name == l.Source {
				return l
			}
		}
	}
	return lists[0]
}

func previousPublication(hits []screen.Hit, lists []screen.ListInfo) *screen.ListInfo {
	if len(lists) == 0 {
		return nil
	}
	p := publicationOf(hits, lists)
	return &p
}

func listNames(lists []screen.ListInfo) string {
	names := make([]string, len(lists))
	for i, l := range lists {
		names[i] = hitSource(l)
	}
	return strings.Join(names, ", ")
}

// MemoryStore is a Store that keeps everything in memory: for tests, and for callers
// who persist nothing (after a restart, every address is screened as new).
type MemoryStore struct {
	mu      sync.Mutex
	regs    map[string]Registration
	states  map[string]AddressState
	events  []Event
	cursors map[string]uint64
}

// NewMemoryStore returns an empty in-memory Store.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{regs: map[string]Registration{}, states: map[string]AddressState{}, cursors: map[string]uint64{}}
}

// PutRegistration implements Store.
func (s *MemoryStore) PutRegistration(ctx context.Context, r Registration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.regs[r.ID] = r
	return nil
}

// DeleteRegistration implements Store.
func (s *MemoryStore) DeleteRegistration(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.regs[id]; !ok {
		return fmt.Errorf("%w: %s", ErrNotRegistered, id)
	}
	delete(s.regs, id)
	delete(s.states, id)
	return nil
}

// Registrations implements Store.
func (s *MemoryStore) Registrations(ctx context.Context) ([]Registration, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Registration, 0, len(s.regs))
	for _, r := range s.regs {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// States implements Store.
func (s *MemoryStore) States(ctx context.Context) (map[string]AddressState, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]AddressState, len(s.states))
	for k, v := range s.states {
		out[k] = v
	}
	return out, nil
}

// Commit implements Store.
func (s *MemoryStore) Commit(ctx context.Context, states []AddressState, events []Event) ([]Event, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range states {
		if _, ok := s.regs[st.ID]; ok {
			s.states[st.ID] = st
		}
	}
	var out []Event
	for _, ev := range events {
		if _, ok := s.regs[ev.RegistrationID]; !ok {
			continue
		}
		ev.Seq = uint64(len(s.events)) + 1
		s.events = append(s.events, ev)
		out = append(out, ev)
	}
	return out, nil
}

// Events implements Store.
func (s *MemoryStore) Events(ctx context.Context, after uint64, limit int) ([]Event, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if after >= uint64(len(s.events)) {
		return nil, nil
	}
	evs := s.events[after:]
	if limit > 0 && len(evs) > limit {
		evs = evs[:limit]
	}
	return slices.Clone(evs), nil
}

// Cursor implements Store.
func (s *MemoryStore) Cursor(ctx context.Context, consumer string) (uint64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cursors[consumer], nil
}

// SetCursor implements Store.
func (s *MemoryStore) SetCursor(ctx context.Context, consumer string, seq uint64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cursors[consumer] = seq
	return nil
}

// listing identifies a hit's listing: which value, under which ticker and tag, for
// which party, on which list, in which category (the publication date is left out: a
// re-publication is no change).
func listing(h screen.Hit) string {
	cat := h.Category
	if cat == "" {
		cat = sanctions.CategorySanctions // states stored before categories
	}
	return h.ListedValue + "\x00" + h.Ticker + "\x00" + h.Tag + "\x00" + h.Entity.ID + "\x00" + listName(h) +
		"\x00" + string(cat)
}

// listName is the name of the list of h. Hits stored before screen.Hit.List carry only the
// human Source text "<name> <YYYY-MM-DD>": for them, and only them, the date is cut off.
func listName(h screen.Hit) string {
	if h.List.Name != "" {
		return h.List.Name
	}
	src := h.Source
	if i := strings.LastIndexByte(src, ' '); i > 0 {
		if _, err := time.Parse(time.DateOnly, src[i+1:]); err == nil {
			src = src[:i]
		}
	}
	return src
}

// missingListings returns the hits of old whose listing is not among now.
func missingListings(old, now []screen.Hit) []screen.Hit {
	have := make(map[string]bool, len(now))
	for _, h := range now {
		have[listing(h)] = true
	}
	var out []screen.Hit
	for _, h := range old {
		if !have[listing(h)] {
			out = append(out, h)
		}
	}
	return out
}

// listingsChanged reports whether the two sets of hits differ by listing.
func listingsChanged(old, now []screen.Hit) bool {
	return len(missingListings(old, now)) > 0 || len(missingListings(now, old)) > 0
}
