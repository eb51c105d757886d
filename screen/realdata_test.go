package screen

import (
	"context"
	"crypto/rand"
	"path/filepath"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/btcutil/base58"
	"github.com/btcsuite/btcd/chaincfg"
	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// publication is the parsed publication, read once per test binary (see ofacList).
func publication(t testing.TB, pub string) *sanctions.List {
	t.Helper()
	return ofacList(t, pub)
}

// TestEveryListedValueHits screens every value of every publication against that
// publication: each must hit, naming the listed value and its party.
func TestEveryListedValueHits(t *testing.T) {
	ctx := context.Background()
	for _, pub := range testdata.Publications {
		t.Run(pub, func(t *testing.T) {
			l := publication(t, pub)
			s, err := New([]*sanctions.List{l})
			require.NoError(t, err)
			require.NotEmpty(t, l.Addresses)
			for _, la := range l.Addresses {
				r, err := s.ScreenAddress(ctx, la.Value)
				require.NoError(t, err)
				require.True(t, r.Sanctioned(), "%s %q not a hit: %v %v", la.Ticker, la.Value, r.Flags, r.Notes)
				found := false
				for _, h := range r.Hits {
					if h.ListedValue == la.Value && h.Entity.ID == la.Entity.ID && h.Ticker == la.Ticker {
						found = true
					}
				}
				assert.True(t, found, "%s %q: no hit names party %s", la.Ticker, la.Value, la.Entity.ID)
				// Screened as the chain it is listed on, it is a plain SANCTIONED.
				if la.Addr.Chain != "" {
					r, err = s.ScreenAddressAs(ctx, la.Addr.Chain, la.Value)
					require.NoError(t, err)
					assert.True(t, r.Has(FlagSanctioned), "%s %q as %s: %v", la.Ticker, la.Value, la.Addr.Chain, r.Flags)
				}
			}
		})
	}
}

// TestIndependentExtractionHits screens every value of the independent extraction of
// 2025-11-19b (lists/brave-intl) and checks that it hits under the same ticker.
func TestIndependentExtractionHits(t *testing.T) {
	ctx := context.Background()
	s, err := New([]*sanctions.List{publication(t, "2025-11-19b")})
	require.NoError(t, err)
	files, err := filepath.Glob(filepath.Join(testdata.Dir(t), "lists", "brave-intl", "sanctioned_addresses_*.txt"))
	require.NoError(t, err)
	require.Len(t, files, 19) // one file per ticker in the 2025-11-19b list
	total := 0
	for _, f := range files {
		ticker := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "sanctioned_addresses_"), ".txt")
		for _, v := range testdata.Lines(t, "lists", "brave-intl", filepath.Base(f)) {
			total++
			r, err := s.ScreenAddress(ctx, v)
			require.NoError(t, err)
			ok := false
			for _, h := range r.Hits {
				ok = ok || h.Ticker == ticker
			}
			assert.True(t, ok, "%s %q: hits %v", ticker, v, r.Hits)
		}
	}
	assert.Equal(t, 758, total) // the data README: 758 unique (ticker, value) pairs
}

// TestFormatVariantsHit screens textual variants of every listed value of 2025-11-19b.
func TestFormatVariantsHit(t *testing.T) {
	ctx := context.Background()
	l := publication(t, "2025-11-19b")
	s, err := New([]*sanctions.List{l})
	require.NoError(t, err)
	hit := func(chain address.Chain, in string, want Flag) {
		t.Helper()
		r, err := s.ScreenAddressAs(ctx, chain, in)
		require.NoError(t, err)
		assert.True(t, r.Has(want), "%q (%s): %v %v", in, chain, r.Flags, r.Notes)
	}
	counts := map[string]int{}
	for _, la := range l.Addresses {
		v, a := la.Value, la.Addr
		hit(a.Chain, " \t"+v+"\r\n", FlagSanctioned)
		hit(a.Chain, "\u200b"+v+"\ufeff", FlagNormalisedInput)
		switch {
		case a.Chain == address.ChainEVM:
			counts["evm"]++
			hit("", strings.ToLower(v), FlagSanctioned)
			hit("", "0x"+strings.ToUpper(v[2:]), FlagSanctioned)
			hit(address.ChainEVM, v[2:], FlagSanctioned) // no 0x: only when the chain is named
		case strings.HasPrefix(strings.ToLower(v), "bc1") || strings.HasPrefix(strings.ToLower(v), "ltc1"):
			counts["bech32"]++
			hit("", strings.ToUpper(v), FlagSanctioned)
		case a.Chain == address.ChainBitcoinCash:
			counts["bch"]++
			bare := strings.TrimPrefix(a.Canonical, "bitcoincash:")
			hit("", bare, FlagSanctioned)
			hit("", "bitcoincash:"+bare, FlagSanctioned)
			hit("", strings.ToUpper(bare), FlagSanctioned)
			// The legacy encoding of the same hash: a hit as Bitcoin Cash, and on another chain as Bitcoin.
			legacy := legacyOf(t, a)
			hit(address.ChainBitcoinCash, legacy, FlagSanctioned)
			hit("", legacy, FlagSanctionedOtherChain)
		}
	}
	// What the list holds (2025-11-19b): EVM values under ETH, USDT, USDC, ARB, BSC, ETC;
	// bech32 XBT and LTC values; 7 BCH values.
	assert.Equal(t, 7, counts["bch"])
	assert.Greater(t, counts["evm"], 80)
	assert.Greater(t, counts["bech32"], 100)
}

// legacyOf returns the legacy base58 form of a CashAddr address.
func legacyOf(t *testing.T, a address.Address) string {
	t.Helper()
	bare := strings.TrimPrefix(a.Canonical, "bitcoincash:")
	key := []byte(a.Key) // tag, version length, version, hash
	require.Equal(t, byte(1), key[1])
	s := base58.CheckEncode(key[3:], key[2])
	// Cross-check: CashAddr encoding of the same hash gives the canonical text back.
	kind := address.KindP2PKH
	if key[2] == 0x05 {
		kind = address.KindP2SH
	}
	enc, err := address.CashAddrEncode(kind, key[3:])
	require.NoError(t, err)
	require.Equal(t, "bitcoincash:"+bare, enc)
	return s
}

// TestNoFalsePositives screens thousands of random valid addresses of each kind against
// all four publications merged: none may hit.
func TestNoFalsePositives(t *testing.T) {
	ctx := context.Background()
	var lists []*sanctions.List
	for _, pub := range testdata.Publications {
		lists = append(lists, publication(t, pub))
	}
	s, err := New(lists)
	require.NoError(t, err)
	const n = 3000
	rnd := func(size int) []byte {
		b := make([]byte, size)
		_, _ = rand.Read(b)
		return b
	}
	gens := map[string]func() string{
		"p2pkh": func() string {
			a, _ := btcutil.NewAddressPubKeyHash(rnd(20), &chaincfg.MainNetParams)
			return a.EncodeAddress()
		},
		"p2sh": func() string {
			a, _ := btcutil.NewAddressScriptHashFromHash(rnd(20), &chaincfg.MainNetParams)
			return a.EncodeAddress()
		},
		"p2wpkh": func() string {
			a, _ := btcutil.NewAddressWitnessPubKeyHash(rnd(20), &chaincfg.MainNetParams)
			return a.EncodeAddress()
		},
		"p2wsh": func() string {
			a, _ := btcutil.NewAddressWitnessScriptHash(rnd(32), &chaincfg.MainNetParams)
			return a.EncodeAddress()
		},
		"p2tr": func() string {
			a, _ := btcutil.NewAddressTaproot(rnd(32), &chaincfg.MainNetParams)
			return a.EncodeAddress()
		},
		"evm":      func() string { return common.BytesToAddress(rnd(20)).Hex() },
		"tron":     func() string { return base58.CheckEncode(rnd(20), 0x41) },
		"litecoin": func() string { return base58.CheckEncode(rnd(20), 0x30) },
		"dash":     func() string { return base58.CheckEncode(rnd(20), 0x4c) },
		"cashaddr": func() string {
			s, err := address.CashAddrEncode(address.KindP2PKH, rnd(20))
			require.NoError(t, err)
			return s
		},
	}
	for name, gen := range gens {
		t.Run(name, func(t *testing.T) {
			in := make([]string, n)
			for i := range in {
				in[i] = gen()
			}
			rs, err := s.ScreenAddresses(ctx, in)
			require.NoError(t, err)
			for _, r := range rs {
				require.Empty(t, r.Flags, "%s %q: %v %v", name, r.Input, r.Flags, r.Notes)
				require.Empty(t, r.Hits, "%s %q", name, r.Input)
				require.NotEmpty(t, r.Canonical)
			}
		})
	}
}
