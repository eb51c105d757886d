package address

import (
	"bytes"
	"testing"

	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/btcutil/bech32"
	"github.com/btcsuite/btcd/chaincfg"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The script-level constructors give the key that parsing the address text gives.
func TestKeyFromScriptDataMatchesParse(t *testing.T) {
	h20 := bytes.Repeat([]byte{0xa7}, 20)
	h32 := bytes.Repeat([]byte{0x3c}, 32)
	p2pkh, _ := btcutil.NewAddressPubKeyHash(h20, &chaincfg.MainNetParams)
	p2sh, _ := btcutil.NewAddressScriptHashFromHash(h20, &chaincfg.MainNetParams)
	for _, c := range []struct {
		text string
		kind Kind
	}{{p2pkh.EncodeAddress(), KindP2PKH}, {p2sh.EncodeAddress(), KindP2SH}} {
		want, err := ParseAs(ChainBitcoin, c.text)
		require.NoError(t, err)
		got, err := KeyFromHash160(ChainBitcoin, c.kind, h20)
		require.NoError(t, err)
		assert.Equal(t, want.Key, got, c.text)
	}
	// Litecoin P2SH "M…" shares the key of the legacy "3…" form.
	got, err := KeyFromHash160(ChainLitecoin, KindP2SH, h20)
	require.NoError(t, err)
	assert.Equal(t, Key(base58HashKey([]byte{btcP2SH}, h20)), got)

	for _, c := range []struct {
		version byte
		program []byte
	}{{0, h20}, {0, h32}, {1, h32}, {1, h20}, {2, h20[:2]}, {16, bytes.Repeat([]byte{1}, 40)}} {
		text, err := segwitText("bc", c.version, c.program)
		require.NoError(t, err)
		want, err := ParseAs(ChainBitcoin, text)
		require.NoError(t, err, text)
		got, err := KeyFromWitnessProgram(ChainBitcoin, c.version, c.program)
		require.NoError(t, err)
		assert.Equal(t, want.Key, got, text)
	}
}

func TestKeyFromScriptDataRejects(t *testing.T) {
	h20 := make([]byte, 20)
	_, err := KeyFromHash160(ChainBitcoin, KindP2PKH, h20[:19])
	assert.ErrorIs(t, err, ErrInvalid)
	_, err = KeyFromHash160(ChainBitcoin, KindP2WPKH, h20)
	assert.ErrorIs(t, err, ErrInvalid)
	_, err = KeyFromHash160(ChainEVM, KindP2PKH, h20)
	assert.ErrorIs(t, err, ErrUnsupportedChain)
	_, err = KeyFromWitnessProgram(ChainBitcoin, 0, make([]byte, 25))
	assert.ErrorIs(t, err, ErrInvalid)
	_, err = KeyFromWitnessProgram(ChainBitcoin, 17, h20)
	assert.ErrorIs(t, err, ErrInvalid)
	_, err = KeyFromWitnessProgram(ChainBitcoin, 1, make([]byte, 41))
	assert.ErrorIs(t, err, ErrInvalid)
	_, err = KeyFromWitnessProgram(ChainDogecoin, 0, h20)
	assert.ErrorIs(t, err, ErrWrongChain)
	// The append form does not allocate for Bitcoin.
	buf := make([]byte, 0, 64)
	allocs := testing.AllocsPerRun(100, func() {
		buf, _ = AppendKeyFromHash160(buf[:0], ChainBitcoin, KindP2PKH, h20)
		buf, _ = AppendKeyFromWitnessProgram(buf[:0], ChainBitcoin, 1, make([]byte, 32))
	})
	assert.Zero(t, allocs)
}

func segwitText(hrp string, version byte, program []byte) (string, error) {
	conv, err := bech32ConvertBits(program)
	if err != nil {
		return "", err
	}
	data := append([]byte{version}, conv...)
	if version == 0 {
		return bech32Encode(hrp, data)
	}
	return bech32EncodeM(hrp, data)
}

func bech32ConvertBits(b []byte) ([]byte, error)         { return bech32.ConvertBits(b, 8, 5, true) }
func bech32Encode(hrp string, d []byte) (string, error)  { return bech32.Encode(hrp, d) }
func bech32EncodeM(hrp string, d []byte) (string, error) { return bech32.EncodeM(hrp, d) }
