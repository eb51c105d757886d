package boltstore

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/monitor"
	"github.com/chainscreen/chainscreen/sanctions"
	_ "github.com/chainscreen/chainscreen/sanctions/all" // the list formats read by these tests
	"github.com/chainscreen/chainscreen/screen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// publications are read once per test binary: unpacking a .bz2 costs about 1.8 s.
type publications struct {
	mu    sync.Mutex
	lists map[string]*sanctions.List
}

func (p *publications) get(t testing.TB, name string) *sanctions.List {
	t.Helper()
	dir := testdata.Dir(t)
	p.mu.Lock()
	defer p.mu.Unlock()
	if l, ok := p.lists[name]; ok {
		return l
	}
	l, err := sanctions.Open(context.Background(), filepath.Join(dir, "ofac", "sdn_advanced", name+".xml.bz2"))
	require.NoError(t, err)
	if p.lists == nil {
		p.lists = map[string]*sanctions.List{}
	}
	p.lists[name] = l
	return l
}

var ofac publications

func readLines(t testing.TB, rel ...string) []string {
	t.Helper()
	f, err := os.Open(filepath.Join(append([]string{testdata.Dir(t)}, rel...)...))
	require.NoError(t, err)
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" {
			out = append(out, s)
		}
	}
	require.NoError(t, sc.Err())
	return out
}

func screener(t testing.TB, pub string) *screen.Screener {
	t.Helper()
	s, err := screen.New([]*sanctions.List{ofac.get(t, pub)})
	require.NoError(t, err)
	return s
}

func open(t testing.TB, path string) *Store {
	t.Helper()
	st, err := Open(context.Background(), path, 0)
	require.NoError(t, err)
	return st
}

// Tornado Cash: listed on 2024-12-19, delisted on 2025-03-21. Registered addresses give
// NEWLY_SANCTIONED (first screen) on 2024-12-19 and DELISTED when the list moves to
// 2025-11-19b, across a restart (the store is closed and reopened in between).
func TestTornadoCashDelistedAcrossRestart(t *testing.T) {
	ctx := context.Background()
	tornado := readLines(t, "lists", "tornado_cash", "ofac_tornado_cash_eth_addresses_2024-12-19.txt")
	require.Len(t, tornado, 90)
	path := filepath.Join(t.TempDir(), "monitor.db")

	st := open(t, path)
	m := monitor.New(st)
	for i, a := range tornado {
		_, err := m.Add(ctx, address.ChainUnknown, a, "customer-"+string(rune('A'+i%26)))
		require.NoError(t, err)
	}
	evs, err := m.OnListChange(ctx, screener(t, "2024-12-19"))
	require.NoError(t, err)
	require.Len(t, evs, 90)
	for _, e := range evs {
		assert.Equal(t, monitor.EventNewlySanctioned, e.Type)
		assert.True(t, e.FirstScreen)
		assert.Equal(t, "TORNADO CASH", e.Hits[0].Entity.Name)
	}
	require.NoError(t, st.Close())

	// Restart: the list moved on while the process was down.
	st = open(t, path)
	m = monitor.New(st)
	regs, err := m.List(ctx)
	require.NoError(t, err)
	require.Len(t, regs, 90)
	var handled int
	m = monitor.New(st, monitor.WithEventHandler(func(context.Context, monitor.Event) { handled++ }))
	evs, err = m.OnListChange(ctx, screener(t, "2025-11-19b"))
	require.NoError(t, err)
	require.Len(t, evs, 90)
	assert.Equal(t, 90, handled)
	for i, e := range evs {
		assert.Equal(t, uint64(91+i), e.Seq, "sequence numbers continue after the restart")
		assert.Equal(t, monitor.EventDelisted, e.Type)
		assert.Equal(t, "TORNADO CASH", e.Hits[0].Entity.Name)
		assert.Equal(t, "2025-11-19", e.Publication.Published)
		assert.True(t, strings.HasPrefix(e.Publication.SHA256, "36c517bd264d8d97"), e.Publication.SHA256)
		require.NotNil(t, e.Previous)
		assert.Equal(t, "2024-12-19", e.Previous.Published)
		assert.True(t, strings.HasPrefix(e.Previous.SHA256, "4e12399275d07f9b"), e.Previous.SHA256)
	}
	require.NoError(t, st.Close())

	// Another restart against the same list: no event is repeated; the log holds 180.
	st = open(t, path)
	defer st.Close()
	m = monitor.New(st)
	evs, err = m.OnListChange(ctx, screener(t, "2025-11-19b"))
	require.NoError(t, err)
	assert.Empty(t, evs)
	all, err := m.Events(ctx, 0, 0)
	require.NoError(t, err)
	assert.Len(t, all, 180)
}

// SOL and BNB values arrived in the re-issue 2025-11-19b; they were absent from
// 2025-11-19a. Registered before, they give NEWLY_SANCTIONED when the list moves.
func TestSolBnbNewlySanctioned(t *testing.T) {
	ctx := context.Background()
	sol := readLines(t, "lists", "brave-intl", "sanctioned_addresses_SOL.txt")
	bnb := readLines(t, "lists", "brave-intl", "sanctioned_addresses_BNB.txt")
	added := append(append([]string{}, sol...), bnb...)
	require.Len(t, added, 2)
	path := filepath.Join(t.TempDir(), "monitor.db")

	st := open(t, path)
	m := monitor.New(st)
	for _, a := range added {
		_, err := m.Add(ctx, address.ChainUnknown, a, "exchange-customer "+a[:6])
		require.NoError(t, err)
	}
	// A clean control address.
	_, err := m.Add(ctx, address.ChainUnknown, "0x0000000000000000000000000000000000000001", "control")
	require.NoError(t, err)
	evs, err := m.OnListChange(ctx, screener(t, "2025-11-19a"))
	require.NoError(t, err)
	assert.Empty(t, evs, "not listed in 2025-11-19a: a clean baseline")
	require.NoError(t, st.Close())

	st = open(t, path)
	defer st.Close()
	ch := make(chan monitor.Event, 8)
	m = monitor.New(st, monitor.WithEventChannel(ch))
	evs, err = m.OnListChange(ctx, screener(t, "2025-11-19b"))
	require.NoError(t, err)
	require.Len(t, evs, 2)
	got := map[address.Chain]monitor.Event{}
	for _, e := range evs {
		assert.Equal(t, e, <-ch)
		assert.Equal(t, monitor.EventNewlySanctioned, e.Type)
		assert.False(t, e.FirstScreen)
		assert.True(t, strings.HasPrefix(e.Publication.SHA256, "36c517bd264d8d97"), e.Publication.SHA256)
		require.NotNil(t, e.Previous)
		assert.True(t, strings.HasPrefix(e.Previous.SHA256, "93fe9a1bf57c91bf"), e.Previous.SHA256)
		require.NotEmpty(t, e.Hits)
		assert.NotEmpty(t, e.Hits[0].Entity.ID)
		got[e.Chain] = e
	}
	assert.Equal(t, sol[0], got[address.ChainSolana].Address)
	assert.Equal(t, "SOL", got[address.ChainSolana].Hits[0].Ticker)
	assert.Equal(t, bnb[0], got[address.ChainBNBBeacon].Address)
	assert.Equal(t, "BNB", got[address.ChainBNBBeacon].Hits[0].Ticker)
}

// The store on its own: persistence of every part across a reopen, the atomic commit,
// and the file lock.
func TestStorePersists(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sub", "monitor.db")
	st := open(t, path)
	reg := monitor.Registration{ID: "evm:0xabc", Address: "0xabc", Chain: address.ChainEVM, Label: "c1",
		AddedAt: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}
	require.NoError(t, st.PutRegistration(ctx, reg))
	evs, err := st.Commit(ctx,
		[]monitor.AddressState{{ID: reg.ID, Sanctioned: true, Hits: []screen.Hit{{Address: "0xabc"}}},
			{ID: "evm:unregistered"}},
		[]monitor.Event{{Type: monitor.EventNewlySanctioned, RegistrationID: reg.ID, Address: "0xabc"},
			{Type: monitor.EventDelisted, RegistrationID: "evm:unregistered"}})
	require.NoError(t, err)
	require.Len(t, evs, 1)
	assert.Equal(t, uint64(1), evs[0].Seq)
	require.NoError(t, st.SetCursor(ctx, "hook", 1))

	// A second open of the same file waits for the lock and fails.
	_, err = Open(ctx, path, 50*time.Millisecond)
	assert.Error(t, err)
	require.NoError(t, st.Close())

	st = open(t, path)
	defer st.Close()
	regs, err := st.Registrations(ctx)
	require.NoError(t, err)
	assert.Equal(t, []monitor.Registration{reg}, regs)
	states, err := st.States(ctx)
	require.NoError(t, err)
	require.Len(t, states, 1)
	assert.True(t, states[reg.ID].Sanctioned)
	all, err := st.Events(ctx, 0, 0)
	require.NoError(t, err)
	assert.Equal(t, evs, all)
	cur, err := st.Cursor(ctx, "hook")
	require.NoError(t, err)
	assert.Equal(t, uint64(1), cur)
	cur, err = st.Cursor(ctx, "new")
	require.NoError(t, err)
	assert.Zero(t, cur)

	require.NoError(t, st.DeleteRegistration(ctx, reg.ID))
	assert.ErrorIs(t, st.DeleteRegistration(ctx, reg.ID), monitor.ErrNotRegistered)
	states, err = st.States(ctx)
	require.NoError(t, err)
	assert.Empty(t, states)
	all, err = st.Events(ctx, 0, 0)
	require.NoError(t, err)
	assert.Len(t, all, 1, "events outlive their registration")
}
