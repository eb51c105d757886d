package screen

import (
	"context"
	"errors"
	"github.com/chainscreen/chainscreen/internal/listtest"
	"strings"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Real listed values (OFAC SDN 2025-11-19b, as in lists/brave-intl), used in in-memory
// lists with test parties.
const (
	lazarusETH  = "0x098B716B8Aaf21512996dC57EB0615e2383E2f96"                       // ETH
	listedBTC   = "bc1q05aktddf9ce4p7hh3stgsf253m4vweu7nkhtmw"                       // XBT, P2WPKH
	tronUnderXB = "TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq"                               // a Tron address listed under XBT
	xmrHex      = "5be5543ff73456ab9f2d207887e2af87322c651ea1a873c5b25b7ffae456c320" // "XMR", not an address
)

func TestNoListIsAnError(t *testing.T) {
	_, err := New(nil)
	assert.ErrorIs(t, err, ErrNoList)
	_, err = New([]*sanctions.List{nil})
	assert.ErrorIs(t, err, ErrNoList)

	var s Screener // zero value: no index
	_, err = s.ScreenAddress(context.Background(), lazarusETH)
	assert.ErrorIs(t, err, ErrNoList)
}

func TestScreenAddressVariants(t *testing.T) {
	l := listtest.MemList(t, "2025-11-19",
		[3]string{"ETH", lazarusETH, "1"},
		[3]string{"XBT", listedBTC, "2"},
		[3]string{"XBT", tronUnderXB, "3"},
		// The CashAddr specification's example pair (legacy 1BpEi6… ⇄ qpm2q…).
		[3]string{"BCH", "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", "4"},
		[3]string{"XMR", xmrHex, "5"},
	)
	s, err := New([]*sanctions.List{l})
	require.NoError(t, err)
	ctx := context.Background()

	for _, tc := range []struct {
		name, in string
		chain    address.Chain
		flags    []Flag
	}{
		{"evm as listed", lazarusETH, address.ChainEVM, []Flag{FlagSanctioned}},
		{"evm lower", strings.ToLower(lazarusETH), address.ChainEVM, []Flag{FlagSanctioned}},
		{"evm upper", "0x" + strings.ToUpper(lazarusETH[2:]), address.ChainEVM, []Flag{FlagSanctioned}},
		{"evm surrounded by white space", "  \t" + lazarusETH + "\n", address.ChainEVM, []Flag{FlagSanctioned, FlagNormalisedInput}},
		{"evm with zero-width space and BOM", "\ufeff" + lazarusETH + "\u200b", address.ChainEVM, []Flag{FlagSanctioned, FlagNormalisedInput}},
		{"bech32 upper case", strings.ToUpper(listedBTC), address.ChainBitcoin, []Flag{FlagSanctioned}},
		{"tron listed under XBT", tronUnderXB, address.ChainTron, []Flag{FlagSanctioned}},
		{"cashaddr without prefix", "qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", address.ChainBitcoinCash, []Flag{FlagSanctioned}},
		{"cashaddr upper case", "BITCOINCASH:QPM2QSZNHKS23Z7629MMS6S4CWEF74VCWVY22GDX6A", address.ChainBitcoinCash, []Flag{FlagSanctioned}},
		// The legacy form of the BCH-listed address is also a valid Bitcoin address: screened
		// as Bitcoin it is a hit on another chain, never silence.
		{"legacy form of a BCH value", "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu", address.ChainBitcoin, []Flag{FlagSanctionedOtherChain}},
		{"64-hex XMR value matched as text (a hit, so not INVALID_ADDRESS)", " " + xmrHex, "", []Flag{FlagSanctioned, FlagNormalisedInput}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := s.ScreenAddress(ctx, tc.in)
			require.NoError(t, err)
			assert.Equal(t, tc.chain, r.Chain)
			assert.Equal(t, tc.flags, r.Flags)
			require.Len(t, r.Hits, 1)
			assert.Equal(t, RoleAddress, r.Hits[0].Role)
			assert.Equal(t, "TEST 2025-11-19", r.Hits[0].Source)
			assert.Equal(t, "2025-11-19", r.List.Published)
		})
	}

	// Screened as Bitcoin Cash, the legacy form is a plain hit.
	r, err := s.ScreenAddressAs(ctx, address.ChainBitcoinCash, "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu")
	require.NoError(t, err)
	assert.Equal(t, []Flag{FlagSanctioned}, r.Flags)
	assert.Equal(t, "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", r.Canonical)
}

func TestChecksumMismatchIsNeverClean(t *testing.T) {
	l := listtest.MemList(t, "2025-11-19", [3]string{"ETH", lazarusETH, "1"})
	s, err := New([]*sanctions.List{l})
	require.NoError(t, err)
	// Flip the case of one letter: the EIP-55 checksum no longer verifies.
	broken := []byte(lazarusETH)
	for i := 2; i < len(broken); i++ {
		if c := broken[i]; c >= 'a' && c <= 'f' {
			broken[i] = c - 'a' + 'A'
			break
		}
	}
	r, err := s.ScreenAddress(context.Background(), string(broken))
	require.NoError(t, err)
	assert.True(t, r.Has(FlagChecksumMismatch), r.Flags)
	// The bytes are still those of the listed address: the hit is reported too.
	assert.True(t, r.Has(FlagSanctioned), r.Flags)
	assert.Equal(t, SeverityCritical, r.Severity)

	// A mixed-case address that is not listed and fails EIP-55: flagged, not clean.
	r, err = s.ScreenAddress(context.Background(), "0x52908400098527886E0F7030069857D2E4169EE7"[:10]+"e0f7030069857D2E4169EE7")
	require.NoError(t, err)
	assert.NotEmpty(t, r.Flags)
}

func TestInvalidInputIsFlaggedNotDropped(t *testing.T) {
	l := listtest.MemList(t, "2025-11-19", [3]string{"ETH", lazarusETH, "1"})
	s, err := New([]*sanctions.List{l})
	require.NoError(t, err)
	inputs := []string{"", "hello", "0x1234", "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggv", lazarusETH[:20] + "\u200b" + lazarusETH[20:]}
	rs, err := s.ScreenAddresses(context.Background(), inputs)
	require.NoError(t, err)
	require.Len(t, rs, len(inputs))
	for i, r := range rs {
		assert.Equal(t, inputs[i], r.Input)
		assert.True(t, r.Has(FlagInvalidAddress), "%q: %v", r.Input, r.Flags)
		assert.NotEmpty(t, r.Notes)
		assert.Empty(t, r.Hits)
	}
	assert.True(t, rs[3].Has(FlagChecksumMismatch), "base58 checksum: %v", rs[3].Flags)
}

func TestTwoEntitiesTwoHits(t *testing.T) {
	l := listtest.MemList(t, "2025-11-19", [3]string{"ETH", lazarusETH, "1"}, [3]string{"USDT", strings.ToLower(lazarusETH), "2"},
		[3]string{"ETH", lazarusETH, "1"}) // a repeated row of the same party is one hit
	s, err := New([]*sanctions.List{l})
	require.NoError(t, err)
	r, err := s.ScreenAddress(context.Background(), lazarusETH)
	require.NoError(t, err)
	require.Len(t, r.Hits, 2)
	assert.ElementsMatch(t, []string{"1", "2"}, []string{r.Hits[0].Entity.ID, r.Hits[1].Entity.ID})
}

func TestMergedListsNameTheirSource(t *testing.T) {
	a := listtest.MemList(t, "2025-11-19", [3]string{"ETH", lazarusETH, "1"})
	b := listtest.MemList(t, "2026-01-02", [3]string{"ETH", lazarusETH, "internal-7"})
	b.Source.Name = "INTERNAL"
	s, err := New([]*sanctions.List{a, b})
	require.NoError(t, err)
	r, err := s.ScreenAddress(context.Background(), lazarusETH)
	require.NoError(t, err)
	require.Len(t, r.Hits, 2)
	assert.Equal(t, "TEST 2025-11-19", r.Hits[0].Source)
	assert.Equal(t, "INTERNAL 2026-01-02", r.Hits[1].Source)
	assert.Len(t, r.Lists, 2)
}

func TestPrivacyCoinFlag(t *testing.T) {
	l := listtest.MemList(t, "2025-11-19", [3]string{"ETH", lazarusETH, "1"})
	s, err := New([]*sanctions.List{l})
	require.NoError(t, err)
	// A real Monero standard address (the Monero project's general donation address).
	r, err := s.ScreenAddress(context.Background(), "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A")
	require.NoError(t, err)
	assert.Equal(t, address.ChainMonero, r.Chain)
	assert.Equal(t, []Flag{FlagPrivacyCoin}, r.Flags)
	assert.Empty(t, r.Hits)
}

func TestStaleList(t *testing.T) {
	l := listtest.MemList(t, "2025-11-19", [3]string{"ETH", lazarusETH, "1"})
	now := func() time.Time { return time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC) }
	s, err := New([]*sanctions.List{l}, WithMaxAge(30*24*time.Hour), WithClock(now))
	require.NoError(t, err)
	r, err := s.ScreenAddress(context.Background(), lazarusETH)
	require.NoError(t, err)
	assert.Equal(t, []Flag{FlagSanctioned, FlagListStale}, r.Flags)
	assert.ErrorIs(t, s.Check(), ErrStale) // Check tells, even when not strict
	fresh, err := New([]*sanctions.List{l}, WithMaxAge(30*24*time.Hour),
		WithClock(func() time.Time { return time.Date(2025, 11, 20, 0, 0, 0, 0, time.UTC) }))
	require.NoError(t, err)
	assert.NoError(t, fresh.Check())

	strict, err := New([]*sanctions.List{l}, WithMaxAge(30*24*time.Hour), WithClock(now), WithStrict(true))
	require.NoError(t, err)
	_, err = strict.ScreenAddress(context.Background(), "0x0000000000000000000000000000000000000001")
	assert.ErrorIs(t, err, ErrStale)
	_, err = strict.ScreenAddresses(context.Background(), []string{lazarusETH})
	assert.ErrorIs(t, err, ErrStale)
}

func TestCancelledContext(t *testing.T) {
	l := listtest.MemList(t, "2025-11-19", [3]string{"ETH", lazarusETH, "1"})
	s, err := New([]*sanctions.List{l})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = s.ScreenAddress(ctx, lazarusETH)
	assert.True(t, errors.Is(err, context.Canceled))
}

func TestFlagSeveritiesAreFixed(t *testing.T) {
	want := map[Flag]Severity{
		FlagSanctioned: SeverityCritical, FlagSanctionedOtherChain: SeverityHigh, FlagDelisted: SeverityMedium,
		FlagPrivacyCoin: SeverityMedium, FlagInvalidAddress: SeverityLow, FlagChecksumMismatch: SeverityMedium,
		FlagNormalisedInput: SeverityInfo, FlagUnscreenedInput: SeverityMedium, FlagListStale: SeverityMedium,
		FlagTerrorismFinancing: SeverityCritical, FlagTerrorismFinancingOtherChain: SeverityHigh,
		FlagIssuerFrozen: SeverityHigh, FlagIssuerFrozenOtherChain: SeverityMedium,
		FlagListedWithTag: SeverityMedium, FlagIndirectExposure: SeverityHigh,
		FlagExposureIncomplete: SeverityMedium, FlagCoinJoin: SeverityMedium,
	}
	require.Len(t, Flags(), len(want))
	for _, f := range Flags() {
		assert.Equal(t, want[f], f.Severity(), f)
	}
}

// A list without a date of issue cannot be shown to be fresh: with a maximum age it is
// stale (an error in strict mode), never silently fresh.
func TestUndatedListIsStale(t *testing.T) {
	l := listtest.MemList(t, "2025-11-19", [3]string{"ETH", lazarusETH, "1"})
	l.Source.Published = time.Time{}
	now := func() time.Time { return time.Date(2025, 11, 20, 0, 0, 0, 0, time.UTC) }
	s, err := New([]*sanctions.List{l}, WithMaxAge(30*24*time.Hour), WithClock(now))
	require.NoError(t, err)
	r, err := s.ScreenAddress(context.Background(), lazarusETH)
	require.NoError(t, err)
	assert.True(t, r.Has(FlagListStale), r.Flags)
	strict, err := New([]*sanctions.List{l}, WithMaxAge(30*24*time.Hour), WithClock(now), WithStrict(true))
	require.NoError(t, err)
	_, err = strict.ScreenAddress(context.Background(), lazarusETH)
	assert.ErrorIs(t, err, ErrStale)
}
