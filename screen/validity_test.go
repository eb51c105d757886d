package screen

import (
	"context"
	"github.com/chainscreen/chainscreen/internal/listtest"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestListingValidity: a listing whose Until is on or before the screening time (the
// Screener's clock, or an archive Screener's as-of date) is DELISTED with what ended it,
// not an active hit; before Until it is a hit that shows Until.
func TestListingValidity(t *testing.T) {
	ctx := context.Background()
	until := time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)
	ordered := time.Date(2025, 1, 5, 0, 0, 0, 0, time.UTC)
	l := listtest.CatList(t, "NBCTF", "Israel NBCTF", sanctions.CategoryTerrorismFinancing, "2025-10-01",
		sanctions.ListedAddress{Ticker: "ETH", Value: lazarusETH, Reference: "צ.ת 7/25", ListedOn: ordered,
			Until: until, EndedBy: "order expired"},
		sanctions.ListedAddress{Ticker: "XBT", Value: listedBTC, Reference: "צו חילוט"}) // forfeiture: permanent
	at := func(t time.Time) Option { return WithClock(func() time.Time { return t }) }

	for _, tc := range []struct {
		name   string
		now    time.Time
		active bool
	}{
		{"the day before it ends", until.Add(-time.Second), true},
		{"the instant it ends", until, false},
		{"after it ended", until.AddDate(0, 3, 0), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := New([]*sanctions.List{l}, at(tc.now))
			require.NoError(t, err)
			r, err := s.ScreenAddress(ctx, lazarusETH)
			require.NoError(t, err)
			if tc.active {
				assert.Equal(t, []Flag{FlagTerrorismFinancing}, r.Flags)
				require.Len(t, r.Hits, 1)
				assert.Equal(t, "2025-06-30", r.Hits[0].Until.String())
				assert.Equal(t, "2025-01-05", r.Hits[0].ListedOn.String())
				assert.Empty(t, r.Delisted)
				return
			}
			assert.Equal(t, []Flag{FlagDelisted}, r.Flags)
			assert.Empty(t, r.Hits)
			assert.False(t, r.Sanctioned())
			require.Len(t, r.Delisted, 1)
			d := r.Delisted[0]
			assert.Equal(t, "order expired", d.EndedBy)
			assert.Equal(t, "צ.ת 7/25", d.Reference)
			assert.Equal(t, "2025-06-30", d.DelistedOn.String())
			assert.Equal(t, "2025-01-05", d.FirstListed.String())
			assert.Equal(t, sanctions.CategoryTerrorismFinancing, d.Category)
			assert.Equal(t, "NBCTF", d.List.Name)
			// The permanent listing of the same list stays a hit.
			r, err = s.ScreenAddress(ctx, listedBTC)
			require.NoError(t, err)
			assert.Equal(t, []Flag{FlagTerrorismFinancing}, r.Flags)
		})
	}

	// An archive Screener judges validity as of its date, not now.
	a, err := sanctions.NewArchive(l)
	require.NoError(t, err)
	for asOf, want := range map[time.Time]Flag{
		time.Date(2025, 10, 2, 0, 0, 0, 0, time.UTC): FlagDelisted,
	} {
		s, err := NewFromArchive(a, asOf)
		require.NoError(t, err)
		r, err := s.ScreenAddress(ctx, lazarusETH)
		require.NoError(t, err)
		assert.Equal(t, []Flag{want}, r.Flags, asOf)
	}
	s, err := NewFromArchive(a, time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC), WithBeforeArchive(true))
	require.NoError(t, err)
	r, err := s.ScreenAddress(ctx, lazarusETH)
	require.NoError(t, err)
	assert.Contains(t, r.Flags, FlagTerrorismFinancing, "as of May 2025 the order was in force")
	assert.Equal(t, "2025-05-01", r.AsOf.String())

	// Transaction lookups leave an ended listing out too.
	s, err = New([]*sanctions.List{l}, at(until.AddDate(0, 0, 1)))
	require.NoError(t, err)
	pa, err := s.ScreenAddress(ctx, lazarusETH)
	require.NoError(t, err)
	require.Empty(t, pa.Hits)
	hits, fs := s.ix.Load().lookup(s.ix.Load().lists[0].Addresses[0].Addr.Key, "evm", lazarusETH, RoleRecipient)
	assert.Empty(t, hits)
	assert.Equal(t, flagSet(0), fs)
}
