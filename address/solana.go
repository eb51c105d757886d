package address

import "github.com/btcsuite/btcd/btcutil/base58"

const (
	solanaKeyLen = 32
	solanaMinLen = 32 // characters
	solanaMaxLen = 44
)

// parseSolana parses a Solana account address: the base58 encoding (Bitcoin alphabet)
// of a 32-byte public key, 32 to 44 characters. Any base58 string of 32 bytes has this
// shape, so Solana is tried last and claims nothing else: every failure is
// ErrUnknownFormat.
func parseSolana(s string, hint Chain) (Address, error) {
	if len(s) < solanaMinLen || len(s) > solanaMaxLen {
		return Address{}, perr(s, hint, ErrUnknownFormat, "")
	}
	b := base58.Decode(s) // empty on a character outside the alphabet
	if len(b) != solanaKeyLen || base58.Encode(b) != s {
		return Address{}, perr(s, hint, ErrUnknownFormat, "")
	}
	return Address{
		Chain:     ChainSolana,
		Kind:      KindAccount,
		Canonical: s,
		Key:       taggedKey(tagSolana, b),
	}, nil
}
