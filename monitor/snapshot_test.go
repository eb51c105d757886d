package monitor

import (
	"context"
	"testing"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/sanctions"
	_ "github.com/chainscreen/chainscreen/sanctions/all"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Expected counts from monitor/testdata/count_tornado.py: the 2024-12-19 excerpt lists
// all 90 Tornado Cash addresses of the address file, the 2025-11-19 excerpt none.
const (
	tornadoAddresses   = 90
	tornadoListed20241 = 90
)

func openExcerpt(t testing.TB, name string) *sanctions.List {
	t.Helper()
	l, err := sanctions.Open(context.Background(), testdata.Path(t, "ofac", "excerpts", name))
	require.NoError(t, err)
	return l
}

// The lists are swapped in the middle of a pass (after half of the watchlist was
// screened, from inside the pass): every result of that pass still comes from the one
// snapshot pinned at its start, so every event names the 2024-12-19 publication and
// every state was screened against it; the next pass sees the new publication. A
// monitor that screened each address against the lists in service would report only
// the first half as listed and record the second half as clean against 2025-11-19.
func TestMonitorPassUsesOneSnapshot(t *testing.T) {
	ctx := context.Background()
	old := openExcerpt(t, "sdn_advanced_excerpt_2024-12-19_tornado_cash.xml")
	cur := openExcerpt(t, "sdn_advanced_excerpt_2025-11-19.xml")
	s, err := screen.New([]*sanctions.List{old})
	require.NoError(t, err)

	st := NewMemoryStore()
	m := New(st, WithClock(monitorClock()))
	addrs := testdata.Lines(t, "lists", "tornado_cash", "ofac_tornado_cash_eth_addresses_2024-12-19.txt")
	require.Len(t, addrs, tornadoAddresses)
	for _, a := range addrs {
		_, err := m.Add(ctx, address.ChainEVM, a, "customer")
		require.NoError(t, err)
	}

	swappedAt := -1
	m.screened = func(i int) {
		if i == len(addrs)/2 && swappedAt < 0 {
			require.NoError(t, s.Swap(cur))
			swappedAt = i
		}
	}
	evs, err := m.OnListChange(ctx, s)
	require.NoError(t, err)
	require.Equal(t, len(addrs)/2, swappedAt, "the lists were swapped mid-pass")
	require.Equal(t, cur.Source.SHA256, s.Lists()[0].SHA256, "the new lists are in service after the pass")

	require.Equal(t, tornadoListed20241, len(evs), "every address of the pass was screened against 2024-12-19")
	for _, e := range evs {
		assert.Equal(t, EventNewlySanctioned, e.Type, e.Address)
		assert.Equal(t, old.Source.SHA256, e.Publication.SHA256, e.Address)
		assert.Equal(t, "2024-12-19", e.Publication.Published, e.Address)
		for _, h := range e.Hits {
			assert.Equal(t, "2024-12-19", h.List.Published.String(), e.Address)
		}
	}
	states, err := st.States(ctx)
	require.NoError(t, err)
	require.Len(t, states, tornadoAddresses)
	for id, state := range states {
		require.Len(t, state.Lists, 1, id)
		assert.Equal(t, old.Source.SHA256, state.Lists[0].SHA256, id)
		assert.True(t, state.Sanctioned, id)
	}

	// The next pass pins the new publication: every address is delisted by it.
	m.screened = nil
	evs, err = m.OnListChange(ctx, s)
	require.NoError(t, err)
	require.Equal(t, tornadoListed20241, len(evs))
	for _, e := range evs {
		assert.Equal(t, EventDelisted, e.Type, e.Address)
		assert.Equal(t, cur.Source.SHA256, e.Publication.SHA256, e.Address)
		require.NotNil(t, e.Previous)
		assert.Equal(t, old.Source.SHA256, e.Previous.SHA256, e.Address)
	}
}
