package address

import (
	"errors"
	"fmt"
	"strings"

	"github.com/btcsuite/btcd/btcutil/bech32"
)

const (
	bnbHRP        = "bnb"
	bnbTestnetHRP = "tbnb"
	bnbPayloadLen = 20
)

// parseBNB parses a BNB Beacon Chain address: bech32 (not segwit, not bech32m) with
// the human-readable part "bnb" and a 20-byte payload. Upper case is accepted (bech32
// is case-insensitive), mixed case is not; the canonical text is lower case. It is
// not an EVM address: OFAC's "BNB" values are of this form.
func parseBNB(s string, hint Chain) (Address, error) {
	if !hasPrefixFold(s, bnbHRP+"1") && !hasPrefixFold(s, bnbTestnetHRP+"1") {
		return Address{}, perr(s, hint, ErrUnknownFormat, "")
	}
	if hasLower, hasUpper := acctLetterCase(s); hasLower && hasUpper {
		return Address{}, perr(s, ChainBNBBeacon, ErrInvalid, "mixed-case bech32")
	}
	hrp, data, version, err := bech32.DecodeGeneric(s)
	var bad bech32.ErrInvalidChecksum
	switch {
	case errors.As(err, &bad):
		return Address{}, perr(s, ChainBNBBeacon, ErrChecksum, "bech32 checksum does not verify")
	case err != nil:
		return Address{}, perr(s, ChainBNBBeacon, ErrInvalid, err.Error())
	case version != bech32.Version0:
		return Address{}, perr(s, ChainBNBBeacon, ErrChecksum, "bech32m checksum, BNB Beacon Chain uses bech32")
	}
	payload, err := bech32.ConvertBits(data, 5, 8, false)
	if err != nil {
		return Address{}, perr(s, ChainBNBBeacon, ErrInvalid, err.Error())
	}
	if len(payload) != bnbPayloadLen {
		return Address{}, perr(s, ChainBNBBeacon, ErrInvalid,
			fmt.Sprintf("%d-byte payload, want %d", len(payload), bnbPayloadLen))
	}
	switch hrp {
	case bnbHRP:
	case bnbTestnetHRP:
		return Address{}, perr(s, ChainBNBBeacon, ErrNetwork, "BNB Beacon Chain testnet address")
	default: // "bnb1…1…": the human-readable part runs to the last '1'
		return Address{}, perr(s, ChainBNBBeacon, ErrInvalid, fmt.Sprintf("human-readable part %q", hrp))
	}
	return Address{
		Chain:     ChainBNBBeacon,
		Kind:      KindAccount,
		Canonical: strings.ToLower(s),
		Key:       taggedKey(tagBNB, payload),
	}, nil
}
