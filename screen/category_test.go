package screen

import (
	"context"
	"encoding/json"
	"github.com/chainscreen/chainscreen/internal/listtest"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Real values from the shared data: the first USDT address Tether froze on Ethereum
// (lists/usdt_freeze_ethereum/usdt_blacklist_logs.json, the first AddedBlackList log) and
// a legacy Bitcoin address that is valid on Bitcoin, Bitcoin Cash and Bitcoin SV.
const (
	frozenUSDT = "0x9faf5515f177F3A8a845D48C19032b33Cc54C09C"
	legacyBTC  = "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu" // CashAddr spec example (bitcoincash:qpm2q…)
)

func TestCategoryFlags(t *testing.T) {
	ctx := context.Background()
	terror := listtest.CatList(t, "NBCTF", "Israel NBCTF", sanctions.CategoryTerrorismFinancing, "2025-10-01",
		sanctions.ListedAddress{Ticker: "BTC", Value: legacyBTC, Reference: "צ.ת 18/26"})
	freeze := listtest.CatList(t, "USDT freezes", "Tether", sanctions.CategoryIssuerFreeze, "2023-02-21",
		sanctions.ListedAddress{Ticker: "USDT", Value: frozenUSDT, Reference: "0x17ce88e3e2417f6c13db93f619423cc4c5f51e89660587631dc34c823fac54a8"})
	// A value whose own category overrides its list's (the default, sanctions).
	mixed := listtest.CatList(t, "MIXED", "", "", "2025-11-19",
		sanctions.ListedAddress{Ticker: "ETH", Value: lazarusETH},
		sanctions.ListedAddress{Ticker: "TRX", Value: tronUnderXB, Category: sanctions.CategoryTerrorismFinancing})
	s, err := New([]*sanctions.List{terror, freeze, mixed})
	require.NoError(t, err)

	for _, tc := range []struct {
		name  string
		chain address.Chain
		in    string
		flag  Flag
		cat   sanctions.Category
		other bool
	}{
		{"terror on its chain", address.ChainBitcoin, legacyBTC, FlagTerrorismFinancing, sanctions.CategoryTerrorismFinancing, false},
		{"terror under another chain", address.ChainBitcoinCash, legacyBTC, FlagTerrorismFinancingOtherChain, sanctions.CategoryTerrorismFinancing, true},
		{"frozen", address.ChainUnknown, frozenUSDT, FlagIssuerFrozen, sanctions.CategoryIssuerFreeze, false},
		{"sanctions by default", address.ChainUnknown, lazarusETH, FlagSanctioned, sanctions.CategorySanctions, false},
		{"value's own category", address.ChainUnknown, tronUnderXB, FlagTerrorismFinancing, sanctions.CategoryTerrorismFinancing, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := s.ScreenAddressAs(ctx, tc.chain, tc.in)
			require.NoError(t, err)
			assert.Equal(t, []Flag{tc.flag}, r.Flags)
			assert.True(t, r.Sanctioned(), "every category is a hit")
			require.Len(t, r.Hits, 1)
			assert.Equal(t, tc.cat, r.Hits[0].Category)
			assert.Equal(t, tc.other, r.Hits[0].OtherChain)
			assert.Equal(t, tc.flag.Severity(), r.Severity)
		})
	}
	assert.Equal(t, SeverityCritical, FlagTerrorismFinancing.Severity())
	assert.Equal(t, SeverityHigh, FlagIssuerFrozen.Severity())
}

// TestHitListReference: a hit names its publication by a structured reference and its
// value's own reference; dates are civil dates, written YYYY-MM-DD.
func TestHitListReference(t *testing.T) {
	ctx := context.Background()
	listed := time.Date(2017, 11, 28, 13, 5, 0, 0, time.UTC)
	freeze := listtest.CatList(t, "USDT freezes", "Tether", sanctions.CategoryIssuerFreeze, "2023-02-21",
		sanctions.ListedAddress{Ticker: "USDT", Value: frozenUSDT, ListedOn: listed,
			Reference: "0x17ce88e3e2417f6c13db93f619423cc4c5f51e89660587631dc34c823fac54a8"})
	s, err := New([]*sanctions.List{freeze})
	require.NoError(t, err)
	r, err := s.ScreenAddress(ctx, frozenUSDT)
	require.NoError(t, err)
	require.Len(t, r.Hits, 1)
	h := r.Hits[0]
	assert.Equal(t, ListRef{Publisher: "Tether", Name: "USDT freezes", Format: "test",
		Published: DateOf(time.Date(2023, 2, 21, 0, 0, 0, 0, time.UTC)), SHA256: "sha-USDT freezes"}, h.List)
	assert.Equal(t, "USDT freezes 2023-02-21", h.Source)
	assert.Equal(t, "2017-11-28", h.ListedOn.String())
	assert.Equal(t, "0x17ce88e3e2417f6c13db93f619423cc4c5f51e89660587631dc34c823fac54a8", h.Reference)
	assert.True(t, h.List.Matches(r.List))
	assert.Equal(t, "Tether", r.List.Publisher)
	assert.Equal(t, sanctions.CategoryIssuerFreeze, r.List.Category)

	b, err := json.Marshal(h)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	assert.Equal(t, "2017-11-28", m["listed_on"])
	assert.Equal(t, "issuer_freeze", m["category"])
	assert.Equal(t, map[string]any{"publisher": "Tether", "name": "USDT freezes", "format": "test",
		"published": "2023-02-21", "sha256": "sha-USDT freezes"}, m["list"])
	assert.NotContains(t, m, "until", "a zero date is left out")
	var back Hit
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, h, back, "a hit survives a JSON round trip (the monitor's stores)")
}

// TestRealOFACHitsCarryCategoryAndReference: on the real publication every hit is of
// category sanctions and refers to the publication by name, date and digest.
func TestRealOFACHitsCarryCategoryAndReference(t *testing.T) {
	l := publication(t, "2025-11-19b")
	s, err := New([]*sanctions.List{l})
	require.NoError(t, err)
	r, err := s.ScreenAddress(context.Background(), lazarusETH)
	require.NoError(t, err)
	require.NotEmpty(t, r.Hits)
	for _, h := range r.Hits {
		assert.Equal(t, sanctions.CategorySanctions, h.Category)
		assert.Equal(t, l.Source.Name, h.List.Name)
		assert.Equal(t, l.Source.SHA256, h.List.SHA256)
		assert.Equal(t, l.Source.Published.Format(time.DateOnly), h.List.Published.String())
		assert.False(t, h.Entity.ListedOn.IsZero(), "OFAC gives the entity's listing date")
	}
	assert.Equal(t, []Flag{FlagSanctioned}, r.Flags)
}
