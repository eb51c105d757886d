package screen

import (
	"bufio"
	"context"
	"encoding/hex"
	"github.com/chainscreen/chainscreen/internal/listtest"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tronEVM reads testdata/tron_evm.txt, the output of testdata/tron_to_evm.py (run it
// from the module root with the data directory to regenerate): the Tron values of the
// 2025-11-19b publication (lists/brave-intl TRX) with their EVM forms, converted by
// Python's own base58check, the count, and Lazarus Group's ETH value in Tron form.
func tronEVM(t *testing.T) (pairs [][2]string, lazarusTron string) {
	t.Helper()
	f, err := os.Open("testdata/tron_evm.txt")
	require.NoError(t, err)
	defer f.Close()
	count := -1
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		require.Len(t, fs, 2, sc.Text())
		switch fs[0] {
		case "count":
			count, err = strconv.Atoi(fs[1])
			require.NoError(t, err)
		case "lazarus":
			lazarusTron = fs[1]
		default:
			pairs = append(pairs, [2]string{fs[0], fs[1]})
		}
	}
	require.NoError(t, sc.Err())
	require.Equal(t, count, len(pairs))
	require.Equal(t, 29, count, "29 TRX values in lists/brave-intl (grep -c . sanctioned_addresses_TRX.txt)")
	return pairs, lazarusTron
}

// TestTronEVMOneKey: Tron and EVM addresses are the same 20 bytes of one key; a listed
// Tron address screened in its EVM form is SANCTIONED_OTHER_CHAIN, and the reverse.
func TestTronEVMOneKey(t *testing.T) {
	ctx := context.Background()
	pairs, lazarusTron := tronEVM(t)
	s, err := New([]*sanctions.List{listtest.Embedded(t)}) // the 2025-11-19b publication
	require.NoError(t, err)
	for _, p := range pairs {
		tron, evm := p[0], p[1]
		r, err := s.ScreenAddress(ctx, evm)
		require.NoError(t, err)
		assert.Equal(t, address.ChainEVM, r.Chain)
		assert.True(t, r.Has(FlagSanctionedOtherChain), "%s (EVM form of %s): %v", evm, tron, r.Flags)
		found := false
		for _, h := range r.Hits {
			if h.ListedValue == tron {
				found = true
				assert.True(t, h.OtherChain)
				assert.Equal(t, address.ChainTron, h.ListedChain)
			}
		}
		assert.True(t, found, "%s: no hit names the listed Tron value %s", evm, tron)
		// As listed, on its own chain: a plain SANCTIONED.
		r, err = s.ScreenAddress(ctx, tron)
		require.NoError(t, err)
		assert.True(t, r.Has(FlagSanctioned), "%s: %v", tron, r.Flags)
	}
	// The reverse: Lazarus Group's ETH value in Tron form.
	r, err := s.ScreenAddress(ctx, lazarusTron)
	require.NoError(t, err)
	assert.Equal(t, address.ChainTron, r.Chain)
	assert.Equal(t, []Flag{FlagSanctionedOtherChain}, r.Flags)
	require.NotEmpty(t, r.Hits)
	assert.Equal(t, lazarusETH, r.Hits[0].ListedValue)
	assert.Equal(t, address.ChainEVM, r.Hits[0].ListedChain)
	// A transaction's EVM lookups see the Tron listings too (same index).
	hits, fs := s.ix.Load().lookup(address.EVMKey([20]byte(mustHex(t, pairs[0][1]))), address.ChainEVM, pairs[0][1], RoleRecipient)
	require.NotEmpty(t, hits)
	assert.True(t, fs.has(FlagSanctionedOtherChain))
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	a, err := address.ParseAs(address.ChainEVM, s)
	require.NoError(t, err)
	b, err := hexDecode(strings.TrimPrefix(a.Canonical, "0x"))
	require.NoError(t, err)
	return b
}

// TestChainNeverHidesAListing (issue 12 item 3): an input that is not an address of the
// requested chain but decodes on another chain where it is listed is a hit of another
// chain, with a note, not INVALID_ADDRESS.
func TestChainNeverHidesAListing(t *testing.T) {
	ctx := context.Background()
	pairs, _ := tronEVM(t)
	terror := listtest.CatList(t, "NBCTF", "Israel NBCTF", sanctions.CategoryTerrorismFinancing, "2025-10-01",
		sanctions.ListedAddress{Ticker: "BTC", Value: listedBTC})
	s, err := New([]*sanctions.List{publication(t, "2025-11-19b"), terror})
	require.NoError(t, err)
	for _, tc := range []struct {
		chain address.Chain
		in    string
		flags []Flag
	}{
		{address.ChainTron, lazarusETH, []Flag{FlagSanctionedOtherChain}}, // the reported case
		{address.ChainBitcoin, lazarusETH, []Flag{FlagSanctionedOtherChain}},
		{address.ChainEVM, pairs[0][0], []Flag{FlagSanctionedOtherChain}},
		// Listed by OFAC and (in this test) by NBCTF: both categories, both of another chain.
		{address.ChainEVM, listedBTC, []Flag{FlagSanctionedOtherChain, FlagTerrorismFinancingOtherChain}},
	} {
		r, err := s.ScreenAddressAs(ctx, tc.chain, tc.in)
		require.NoError(t, err)
		assert.Equal(t, tc.flags, r.Flags, "%s as %s: %v", tc.in, tc.chain, r.Notes)
		assert.True(t, r.Sanctioned())
		require.NotEmpty(t, r.Hits)
		for _, h := range r.Hits {
			assert.True(t, h.OtherChain)
		}
		assert.Equal(t, tc.chain, r.Chain)
		joined := strings.Join(r.Notes, "; ")
		assert.Contains(t, joined, "the chain did not match")
	}
	// Not listed anywhere: still INVALID_ADDRESS for the requested chain.
	r, err := s.ScreenAddressAs(ctx, address.ChainTron, "0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045")
	require.NoError(t, err)
	assert.Equal(t, []Flag{FlagInvalidAddress}, r.Flags)
	assert.Empty(t, r.Hits)
	// Batches (the server's batch endpoint, the CLI's batch) go the same way.
	rs, err := s.ScreenAddressesAs(ctx, []address.Chain{address.ChainTron}, []string{lazarusETH})
	require.NoError(t, err)
	assert.Equal(t, []Flag{FlagSanctionedOtherChain}, rs[0].Flags)
}

func hexDecode(s string) ([]byte, error) { return hex.DecodeString(s) }
