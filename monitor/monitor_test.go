package monitor

import (
	"context"
	"errors"
	"github.com/chainscreen/chainscreen/internal/listtest"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	lazarusETH = "0x098B716B8Aaf21512996dC57EB0615e2383E2f96" // ETH, Lazarus Group
	listedBTC  = "bc1q05aktddf9ce4p7hh3stgsf253m4vweu7nkhtmw" // XBT, P2WPKH
)

// monitorList is an in-memory list with a distinct digest per publication.
func monitorList(t testing.TB, published, sha string, rows ...[3]string) *sanctions.List {
	t.Helper()
	l := listtest.MemList(t, published, rows...)
	l.Source.Name = "OFAC SDN"
	l.Source.SHA256 = sha
	return l
}

func monitorClock() func() time.Time {
	now := time.Date(2025, 11, 20, 8, 0, 0, 0, time.UTC)
	return func() time.Time { now = now.Add(time.Second); return now }
}

func TestMonitorEventsAndBaseline(t *testing.T) {
	ctx := context.Background()
	const other = "0x8589427373D6D84E98730D7795D8f6f8731FDA16"
	var handled []Event
	ch := make(chan Event, 16)
	m := New(NewMemoryStore(), WithClock(monitorClock()),
		WithEventHandler(func(_ context.Context, e Event) { handled = append(handled, e) }),
		WithEventChannel(ch))

	_, err := m.Add(ctx, address.ChainUnknown, lazarusETH, "customer-1 deposit")
	require.NoError(t, err)
	_, err = m.Add(ctx, address.ChainUnknown, " "+other+" ", "customer-2 withdrawal")
	require.NoError(t, err)
	_, err = m.Add(ctx, address.ChainUnknown, listedBTC, "customer-3 deposit")
	require.NoError(t, err)

	// First screening: lazarusETH is listed → NEWLY_SANCTIONED with FirstScreen; the rest is a clean baseline.
	s, err := screen.New([]*sanctions.List{monitorList(t, "2025-01-01", "aa", [3]string{"ETH", lazarusETH, "1"})})
	require.NoError(t, err)
	evs, err := m.OnListChange(ctx, s)
	require.NoError(t, err)
	require.Len(t, evs, 1)
	assert.Equal(t, EventNewlySanctioned, evs[0].Type)
	assert.True(t, evs[0].FirstScreen)
	assert.Equal(t, uint64(1), evs[0].Seq)
	assert.Equal(t, "customer-1 deposit", evs[0].Label)
	assert.Equal(t, "aa", evs[0].Publication.SHA256)
	assert.Nil(t, evs[0].Previous)

	// The same list again: nothing changes.
	evs, err = m.OnListChange(ctx, s)
	require.NoError(t, err)
	assert.Empty(t, evs)

	// New publication: lazarusETH delisted, other and listedBTC newly listed.
	require.NoError(t, s.Swap(monitorList(t, "2025-02-01", "bb",
		[3]string{"ETH", other, "2"}, [3]string{"XBT", listedBTC, "3"})))
	evs, err = m.OnListChange(ctx, s)
	require.NoError(t, err)
	require.Len(t, evs, 3)
	byAddr := map[string]Event{}
	for _, e := range evs {
		byAddr[e.Address] = e
	}
	d := byAddr[lazarusETH]
	assert.Equal(t, EventDelisted, d.Type)
	assert.Equal(t, "bb", d.Publication.SHA256, "a delisting is caused by the new publication")
	require.NotNil(t, d.Previous)
	assert.Equal(t, "aa", d.Previous.SHA256)
	require.Len(t, d.Hits, 1)
	assert.Equal(t, "1", d.Hits[0].Entity.ID, "a delisting names the entity it was listed for")
	n := byAddr[other]
	assert.Equal(t, EventNewlySanctioned, n.Type)
	assert.False(t, n.FirstScreen)
	assert.Equal(t, "customer-2 withdrawal", n.Label)
	assert.Equal(t, "2025-02-01", n.Publication.Published)
	require.NotNil(t, n.Previous)
	assert.Equal(t, "2025-01-01", n.Previous.Published)

	// Handlers and channels saw the committed events, in order.
	require.Len(t, handled, 4)
	for i, e := range handled {
		assert.Equal(t, uint64(i+1), e.Seq)
		assert.Equal(t, e, <-ch)
	}
	all, err := m.Events(ctx, 0, 0)
	require.NoError(t, err)
	assert.Equal(t, handled, all)
	tail, err := m.Events(ctx, 2, 1)
	require.NoError(t, err)
	require.Len(t, tail, 1)
	assert.Equal(t, uint64(3), tail[0].Seq)
}

func TestMonitorRegistrations(t *testing.T) {
	ctx := context.Background()
	m := New(NewMemoryStore(), WithClock(monitorClock()))
	_, err := m.Add(ctx, address.ChainUnknown, "0xnot-an-address", "x")
	assert.ErrorIs(t, err, ErrInvalidRegistration)
	// A mixed-case EVM address that fails EIP-55 is refused, not registered by its bytes.
	_, err = m.Add(ctx, address.ChainUnknown, "0x098b716B8Aaf21512996dC57EB0615e2383E2f96", "x")
	assert.ErrorIs(t, err, ErrInvalidRegistration)

	r, err := m.Add(ctx, address.ChainUnknown, "0x098b716b8aaf21512996dc57eb0615e2383e2f96", "first")
	require.NoError(t, err)
	assert.Equal(t, "evm:"+lazarusETH, r.ID)
	_, err = m.Add(ctx, address.ChainUnknown, lazarusETH, "second") // same address: label replaced
	require.NoError(t, err)
	regs, err := m.List(ctx)
	require.NoError(t, err)
	require.Len(t, regs, 1)
	assert.Equal(t, "second", regs[0].Label)

	require.NoError(t, m.Remove(ctx, address.ChainUnknown, r.ID))
	err = m.Remove(ctx, address.ChainUnknown, lazarusETH)
	assert.ErrorIs(t, err, ErrNotRegistered)
	_, err = m.Add(ctx, address.ChainUnknown, lazarusETH, "again")
	require.NoError(t, err)
	require.NoError(t, m.Remove(ctx, address.ChainUnknown, lazarusETH))
	regs, err = m.List(ctx)
	require.NoError(t, err)
	assert.Empty(t, regs)
}

// A removed and re-registered address starts from a new baseline; an address removed
// between screening and commit gets neither state nor event.
func TestMonitorRemovedAddressHasNoState(t *testing.T) {
	ctx := context.Background()
	st := NewMemoryStore()
	m := New(st)
	r, err := m.Add(ctx, address.ChainUnknown, lazarusETH, "c1")
	require.NoError(t, err)
	s, err := screen.New([]*sanctions.List{monitorList(t, "2025-01-01", "aa", [3]string{"ETH", lazarusETH, "1"})})
	require.NoError(t, err)
	_, err = m.OnListChange(ctx, s)
	require.NoError(t, err)
	require.NoError(t, m.Remove(ctx, address.ChainUnknown, lazarusETH))
	states, err := st.States(ctx)
	require.NoError(t, err)
	assert.Empty(t, states)
	evs, err := st.Commit(ctx, []AddressState{{ID: r.ID, Sanctioned: true}},
		[]Event{{Type: EventDelisted, RegistrationID: r.ID}})
	require.NoError(t, err)
	assert.Empty(t, evs)
	states, err = st.States(ctx)
	require.NoError(t, err)
	assert.Empty(t, states)
}

func TestMonitorDeliverKeepsACursor(t *testing.T) {
	ctx := context.Background()
	m := New(NewMemoryStore())
	for _, a := range []string{lazarusETH, listedBTC} {
		_, err := m.Add(ctx, address.ChainUnknown, a, "")
		require.NoError(t, err)
	}
	s, err := screen.New([]*sanctions.List{monitorList(t, "2025-01-01", "aa",
		[3]string{"ETH", lazarusETH, "1"}, [3]string{"XBT", listedBTC, "2"})})
	require.NoError(t, err)
	evs, err := m.OnListChange(ctx, s)
	require.NoError(t, err)
	require.Len(t, evs, 2)

	// The consumer fails on the second event: the first is delivered, the second waits.
	var got []uint64
	failing := errors.New("webhook down")
	n, err := m.Deliver(ctx, "hook", func(_ context.Context, e Event) error {
		if e.Seq == 2 {
			return failing
		}
		got = append(got, e.Seq)
		return nil
	})
	assert.ErrorIs(t, err, failing)
	assert.Equal(t, 1, n)
	n, err = m.Deliver(ctx, "hook", func(_ context.Context, e Event) error { got = append(got, e.Seq); return nil })
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Equal(t, []uint64{1, 2}, got)
	n, err = m.Deliver(ctx, "hook", func(context.Context, Event) error { t.Fatal("nothing left"); return nil })
	require.NoError(t, err)
	assert.Zero(t, n)
	// Another consumer has its own cursor.
	n, err = m.Deliver(ctx, "other", func(context.Context, Event) error { return nil })
	require.NoError(t, err)
	assert.Equal(t, 2, n)
}

func TestMonitorNoListIsAnError(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	m := New(NewMemoryStore())
	_, err := m.Add(ctx, address.ChainUnknown, lazarusETH, "")
	require.NoError(t, err)
	s, err := screen.New([]*sanctions.List{monitorList(t, "2020-01-01", "aa", [3]string{"ETH", lazarusETH, "1"})},
		screen.WithMaxAge(24*time.Hour), screen.WithStrict(true))
	require.NoError(t, err)
	_, err = m.OnListChange(ctx, s)
	assert.ErrorIs(t, err, screen.ErrStale, "a stale list in strict mode commits nothing")
	states, err := m.Store().States(ctx)
	require.NoError(t, err)
	assert.Empty(t, states)
	cancel()
	_, err = m.OnListChange(ctx, s)
	assert.ErrorIs(t, err, context.Canceled)
}

// Watch re-screens at start and whenever the Screener's lists are swapped (by a
// Refresher, or here by hand).
func TestMonitorWatch(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := make(chan Event, 4)
	m := New(NewMemoryStore(), WithEventChannel(ch))
	_, err := m.Add(ctx, address.ChainUnknown, lazarusETH, "c1")
	require.NoError(t, err)
	s, err := screen.New([]*sanctions.List{monitorList(t, "2025-01-01", "aa", [3]string{"ETH", lazarusETH, "1"})})
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() { done <- m.Watch(ctx, s, time.Millisecond) }()
	e := <-ch
	assert.Equal(t, EventNewlySanctioned, e.Type)
	require.NoError(t, s.Swap(monitorList(t, "2025-02-01", "bb", [3]string{"XBT", listedBTC, "2"})))
	e = <-ch
	assert.Equal(t, EventDelisted, e.Type)
	assert.Equal(t, "bb", e.Publication.SHA256)
	cancel()
	assert.ErrorIs(t, <-done, context.Canceled)
	assert.Empty(t, ch)
}

// Going back to an older publication would report false events: refused unless allowed.
func TestMonitorRefusesAnOlderPublication(t *testing.T) {
	ctx := context.Background()
	st := NewMemoryStore()
	m := New(st)
	_, err := m.Add(ctx, address.ChainUnknown, lazarusETH, "c1")
	require.NoError(t, err)
	s, err := screen.New([]*sanctions.List{monitorList(t, "2025-02-01", "bb", [3]string{"ETH", lazarusETH, "1"})})
	require.NoError(t, err)
	_, err = m.OnListChange(ctx, s)
	require.NoError(t, err)
	require.NoError(t, s.Swap(monitorList(t, "2025-01-01", "aa", [3]string{"XBT", listedBTC, "2"})))
	_, err = m.OnListChange(ctx, s)
	assert.ErrorIs(t, err, ErrOlderPublication)
	evs, err := New(st, WithAllowOlderPublications(true)).OnListChange(ctx, s)
	require.NoError(t, err)
	require.Len(t, evs, 1)
	assert.Equal(t, EventDelisted, evs[0].Type)
}

// A handler may change the watchlist (register a related address) without deadlocking.
func TestMonitorHandlerMayAdd(t *testing.T) {
	l := listtest.MemList(t, "2025-11-19", [3]string{"ETH", lazarusETH, "1"})
	s, err := screen.New([]*sanctions.List{l})
	require.NoError(t, err)
	var m *Monitor
	added := make(chan error, 1)
	m = New(NewMemoryStore(), WithEventHandler(func(ctx context.Context, ev Event) {
		_, err := m.Add(ctx, address.ChainUnknown, "0x52908400098527886E0F7030069857D2E4169EE7", "follow-up")
		added <- err
	}))
	_, err = m.Add(context.Background(), address.ChainUnknown, lazarusETH, "customer-1")
	require.NoError(t, err)
	done := make(chan struct{})
	go func() {
		defer close(done)
		evs, err := m.OnListChange(context.Background(), s)
		assert.NoError(t, err)
		assert.Len(t, evs, 1)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("OnListChange deadlocked with a handler that calls Add")
	}
	require.NoError(t, <-added)
}

// An address that stays sanctioned but whose listings change (another party; a party
// delisted while another remains) raises SANCTIONS_CHANGED, not silence.
func TestMonitorSanctionsChanged(t *testing.T) {
	ctx := context.Background()
	m := New(NewMemoryStore())
	_, err := m.Add(ctx, address.ChainUnknown, lazarusETH, "customer-1")
	require.NoError(t, err)
	screenWith := func(pub string, rows ...[3]string) []Event {
		t.Helper()
		s, err := screen.New([]*sanctions.List{listtest.MemList(t, pub, rows...)})
		require.NoError(t, err)
		evs, err := m.OnListChange(ctx, s)
		require.NoError(t, err)
		return evs
	}
	evs := screenWith("2025-01-01", [3]string{"ETH", lazarusETH, "1"})
	require.Len(t, evs, 1)
	assert.Equal(t, EventNewlySanctioned, evs[0].Type)

	// Re-published with the same listing: nothing.
	assert.Empty(t, screenWith("2025-02-01", [3]string{"ETH", lazarusETH, "1"}))

	// A second party lists the address.
	evs = screenWith("2025-03-01", [3]string{"ETH", lazarusETH, "1"}, [3]string{"ETH", lazarusETH, "2"})
	require.Len(t, evs, 1)
	assert.Equal(t, EventSanctionsChanged, evs[0].Type)
	assert.Len(t, evs[0].Hits, 2)
	assert.Empty(t, evs[0].RemovedHits)

	// The first party is delisted; the second remains.
	evs = screenWith("2025-04-01", [3]string{"ETH", lazarusETH, "2"})
	require.Len(t, evs, 1)
	assert.Equal(t, EventSanctionsChanged, evs[0].Type)
	require.Len(t, evs[0].RemovedHits, 1)
	assert.Equal(t, "1", evs[0].RemovedHits[0].Entity.ID)
	assert.Equal(t, "2025-04-01", evs[0].Publication.Published)
}

// TestMonitorChainNeverHidesAListing: an address registered for the wrong chain is
// watched as given and its listing fires as a listing of another chain.
func TestMonitorChainNeverHidesAListing(t *testing.T) {
	ctx := context.Background()
	m := New(NewMemoryStore(), WithClock(monitorClock()))
	reg, err := m.Add(ctx, address.ChainTron, lazarusETH, "typed into the Tron field")
	require.NoError(t, err)
	assert.Equal(t, address.ChainTron, reg.Chain)
	assert.Equal(t, "tron:"+lazarusETH, reg.ID)
	s, err := screen.New([]*sanctions.List{monitorList(t, "2025-01-01", "aa", [3]string{"ETH", lazarusETH, "1"})})
	require.NoError(t, err)
	evs, err := m.OnListChange(ctx, s)
	require.NoError(t, err)
	require.Len(t, evs, 1)
	assert.Equal(t, EventNewlySanctioned, evs[0].Type)
	require.Len(t, evs[0].Hits, 1)
	assert.True(t, evs[0].Hits[0].OtherChain)
	// Text that is no address at all is still refused.
	_, err = m.Add(ctx, address.ChainTron, "not-an-address", "")
	assert.ErrorIs(t, err, ErrInvalidRegistration)
}

// frozenUSDT is the first USDT address Tether froze on Ethereum
// (lists/usdt_freeze_ethereum/usdt_blacklist_logs.json, the first AddedBlackList log).
const frozenUSDT = "0x9faf5515f177F3A8a845D48C19032b33Cc54C09C"

// TestMonitorFiresForEveryCategory: a terror-financing or freeze hit is a hit for the
// monitor too, and a listing that changes category is a change.
func TestMonitorFiresForEveryCategory(t *testing.T) {
	ctx := context.Background()
	m := New(NewMemoryStore(), WithClock(monitorClock()))
	_, err := m.Add(ctx, address.ChainUnknown, frozenUSDT, "customer-9")
	require.NoError(t, err)
	freeze := listtest.CatList(t, "USDT freezes", "Tether", sanctions.CategoryIssuerFreeze, "2023-02-21",
		sanctions.ListedAddress{Ticker: "USDT", Value: frozenUSDT})
	s, err := screen.New([]*sanctions.List{freeze})
	require.NoError(t, err)
	evs, err := m.OnListChange(ctx, s)
	require.NoError(t, err)
	require.Len(t, evs, 1)
	assert.Equal(t, EventNewlySanctioned, evs[0].Type)
	assert.Equal(t, sanctions.CategoryIssuerFreeze, evs[0].Hits[0].Category)
	assert.Equal(t, "sha-USDT freezes", evs[0].Publication.SHA256)

	// A re-publication (new date and digest) with the same listing is no change.
	again := listtest.CatList(t, "USDT freezes", "Tether", sanctions.CategoryIssuerFreeze, "2023-03-01",
		sanctions.ListedAddress{Ticker: "USDT", Value: frozenUSDT})
	again.Source.SHA256 = "sha-2"
	require.NoError(t, s.Swap(again))
	evs, err = m.OnListChange(ctx, s)
	require.NoError(t, err)
	assert.Empty(t, evs)
}

// With WithDelivery, Watch screens an address registered while it runs (without a list
// change) and delivers the events; a failing sink is retried at a later check, and the
// event it failed on is delivered then, once.
func TestMonitorWatchDelivers(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var fails int
	got := make(chan Event, 8)
	m := New(NewMemoryStore(), WithDelivery("hook", func(_ context.Context, e Event) error {
		if fails < 2 {
			fails++
			return errors.New("sink down")
		}
		got <- e
		return nil
	}))
	s, err := screen.New([]*sanctions.List{monitorList(t, "2025-01-01", "aa", [3]string{"ETH", lazarusETH, "1"})})
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() { done <- m.Watch(ctx, s, time.Millisecond) }()
	_, err = m.Add(ctx, address.ChainUnknown, lazarusETH, "c1")
	require.NoError(t, err)
	select {
	case e := <-got:
		assert.Equal(t, EventNewlySanctioned, e.Type)
		assert.Equal(t, uint64(1), e.Seq)
	case <-time.After(10 * time.Second):
		t.Fatal("the address registered during Watch was not screened and delivered")
	}
	assert.Equal(t, 2, fails)
	cancel()
	assert.ErrorIs(t, <-done, context.Canceled)
	assert.Empty(t, got, "delivered once")
}
