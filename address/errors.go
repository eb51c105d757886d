package address

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error returned by this package wraps exactly one of them.
var (
	// ErrEmpty: the input is empty (or only white space).
	ErrEmpty = errors.New("empty address")
	// ErrUnknownFormat: the input does not look like an address of any supported chain.
	ErrUnknownFormat = errors.New("unknown address format")
	// ErrInvalid: the input has the shape of an address but is malformed
	// (bad characters, wrong length, bad version byte, bad padding, mixed-case bech32...).
	ErrInvalid = errors.New("invalid address")
	// ErrChecksum: the address decodes but its checksum (base58check, bech32/bech32m,
	// EIP-55 case checksum, Monero keccak checksum) does not verify.
	ErrChecksum = errors.New("address checksum mismatch")
	// ErrNetwork: a valid address of another network (testnet, stagenet, regtest).
	ErrNetwork = errors.New("address is for another network")
	// ErrUnsupportedChain: the caller named a chain this package does not know.
	ErrUnsupportedChain = errors.New("unsupported chain")
)

// ParseError describes why an input is not a valid address.
type ParseError struct {
	Input  string // the input as given
	Chain  Chain  // the chain that was tried or detected, if any
	Err    error  // one of the sentinel errors
	Reason string // human-readable detail
}

func (e *ParseError) Error() string {
	s := e.Err.Error()
	if e.Chain != ChainUnknown {
		s = string(e.Chain) + ": " + s
	}
	if e.Reason != "" {
		s += ": " + e.Reason
	}
	return fmt.Sprintf("%s (input %q)", s, e.Input)
}

// Unwrap returns the sentinel error.
func (e *ParseError) Unwrap() error { return e.Err }

// errNotMine is what a family parser returns for text that does not have its shape.
// It is shared (no allocation per family tried); parse replaces it with a ParseError
// that names the caller's input before returning.
var errNotMine = &ParseError{Err: ErrUnknownFormat}

func perr(input string, chain Chain, err error, reason string) error {
	if err == ErrUnknownFormat && reason == "" {
		return errNotMine
	}
	return &ParseError{Input: input, Chain: chain, Err: err, Reason: reason}
}

// errRank orders errors by how much they say: a checksum error from the family that
// recognised the shape beats a generic "unknown format" from the others.
func errRank(err error) int {
	if err == errNotMine {
		return 1
	}
	if pe, ok := err.(*ParseError); ok {
		err = pe.Err
	}
	switch err { // the usual case: a sentinel, compared without errors.Is
	case ErrChecksum:
		return 4
	case ErrNetwork, ErrWrongChain:
		return 3
	case ErrInvalid:
		return 2
	case ErrUnknownFormat:
		return 1
	}
	switch {
	case errors.Is(err, ErrChecksum):
		return 4
	case errors.Is(err, ErrNetwork), errors.Is(err, ErrWrongChain):
		return 3
	case errors.Is(err, ErrInvalid):
		return 2
	case errors.Is(err, ErrUnknownFormat):
		return 1
	}
	return 0
}

// ErrWrongChain: a valid address, but of another chain than the one the caller named
// (ParseAs(ChainLitecoin, "1…")).
var ErrWrongChain = errors.New("address belongs to another chain")
