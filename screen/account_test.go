package screen

import (
	"context"
	"github.com/chainscreen/chainscreen/internal/listtest"
	"strings"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExchangeAccountHits: a screened text equal to a listed exchange account id is a hit
// of kind exchange_account with its category; INVALID_ADDRESS only when nothing matched.
func TestExchangeAccountHits(t *testing.T) {
	ctx := context.Background()
	l := listtest.CatList(t, "NBCTF", "Israel NBCTF", sanctions.CategoryTerrorismFinancing, "2025-10-01",
		sanctions.ListedAddress{Ticker: "BINANCE", Value: "123456789", Kind: sanctions.ValueExchangeAccount, Reference: "צ.ת 18/26"},
		sanctions.ListedAddress{Ticker: "", Value: "+972-50-000-0000", Kind: sanctions.ValueExchangeAccount})
	s, err := New([]*sanctions.List{publication(t, "2025-11-19b"), l})
	require.NoError(t, err)

	for _, in := range []string{"123456789", " 123456789\n", "+972-50-000-0000"} {
		r, err := s.ScreenAddress(ctx, in)
		require.NoError(t, err)
		require.Len(t, r.Hits, 1, in)
		h := r.Hits[0]
		assert.Equal(t, sanctions.ValueExchangeAccount, h.Kind)
		assert.Equal(t, sanctions.CategoryTerrorismFinancing, h.Category)
		assert.Equal(t, address.Trim(in), h.Address)
		assert.Contains(t, r.Flags, FlagTerrorismFinancing)
		assert.NotContains(t, r.Flags, FlagInvalidAddress, "%q matched: not INVALID_ADDRESS", in)
	}
	// The same text screened with a chain: still a hit (exact text knows no chain).
	r, err := s.ScreenAddressAs(ctx, address.ChainTron, "123456789")
	require.NoError(t, err)
	assert.Equal(t, []Flag{FlagTerrorismFinancing}, r.Flags)
	// Another number: nothing matched, INVALID_ADDRESS.
	r, err = s.ScreenAddress(ctx, "123456780")
	require.NoError(t, err)
	assert.Equal(t, []Flag{FlagInvalidAddress}, r.Flags)
	assert.Empty(t, r.Hits)
	// A real address is not compared as text to an account id of another value.
	r, err = s.ScreenAddress(ctx, lazarusETH)
	require.NoError(t, err)
	for _, h := range r.Hits {
		assert.Empty(t, h.Kind)
	}
}

// TestStalePerSource: with several lists, LIST_STALE names each stale source; a fresh
// one is not named.
func TestStalePerSource(t *testing.T) {
	ctx := context.Background()
	ofac := listtest.Embedded(t) // the 2025-11-19b publication
	fresh := listtest.CatList(t, "USDT freezes", "Tether", sanctions.CategoryIssuerFreeze, "2026-12-01",
		sanctions.ListedAddress{Ticker: "USDT", Value: frozenUSDT})
	old := listtest.CatList(t, "NBCTF", "Israel NBCTF", sanctions.CategoryTerrorismFinancing, "2026-06-01",
		sanctions.ListedAddress{Ticker: "XBT", Value: listedBTC})
	now := func() time.Time { return time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC) }
	s, err := New([]*sanctions.List{fresh, ofac, old}, WithMaxAge(30*24*time.Hour), WithClock(now))
	require.NoError(t, err)
	r, err := s.ScreenAddress(ctx, frozenUSDT)
	require.NoError(t, err)
	assert.Contains(t, r.Flags, FlagListStale)
	notes := strings.Join(r.Notes, "\n")
	assert.Contains(t, notes, "list "+ofac.Source.Name+" published 2025-11-19")
	assert.Contains(t, notes, "list NBCTF published 2026-06-01")
	assert.NotContains(t, notes, "USDT freezes")
	// Strict: the error names them too.
	strict, err := New([]*sanctions.List{fresh, old}, WithMaxAge(30*24*time.Hour), WithClock(now), WithStrict(true))
	require.NoError(t, err)
	_, err = strict.ScreenAddress(ctx, frozenUSDT)
	require.ErrorIs(t, err, ErrStale)
	assert.Contains(t, err.Error(), "NBCTF")
	assert.NotContains(t, err.Error(), "USDT freezes")
	// Only fresh lists: no flag.
	ok, err := New([]*sanctions.List{fresh}, WithMaxAge(30*24*time.Hour), WithClock(now))
	require.NoError(t, err)
	r, err = ok.ScreenAddress(ctx, frozenUSDT)
	require.NoError(t, err)
	assert.NotContains(t, r.Flags, FlagListStale)
}
