package screen

import (
	"fmt"
	"math/bits"
)

// Flag is a stable, documented result flag.
type Flag string

// The flags. Their names are part of the JSON output and never change.
const (
	// FlagSanctioned: the address is listed, on the chain it was screened for.
	FlagSanctioned Flag = "SANCTIONED"
	// FlagSanctionedOtherChain: the same address bytes are listed under another chain
	// (a legacy "1…" address screened as Bitcoin that is listed as Bitcoin Cash).
	FlagSanctionedOtherChain Flag = "SANCTIONED_OTHER_CHAIN"
	// FlagDelisted: the address was listed in an earlier publication and is no longer.
	FlagDelisted Flag = "DELISTED"
	// FlagPrivacyCoin: a privacy-coin address (Monero, Zcash shielded or unified) whose
	// flows a transparent screen cannot follow.
	FlagPrivacyCoin Flag = "PRIVACY_COIN"
	// FlagInvalidAddress: the input is not a valid address (nothing could be screened by bytes).
	FlagInvalidAddress Flag = "INVALID_ADDRESS"
	// FlagChecksumMismatch: the input fails its checksum (base58check, bech32, EIP-55, Monero).
	FlagChecksumMismatch Flag = "CHECKSUM_MISMATCH"
	// FlagNormalisedInput: white space or invisible characters were stripped from the input.
	FlagNormalisedInput Flag = "NORMALISED_INPUT"
	// FlagUnscreenedInput: a transaction input whose address cannot be derived without its
	// previous output.
	FlagUnscreenedInput Flag = "UNSCREENED_INPUT"
	// FlagListStale: the list is older than the configured maximum age.
	FlagListStale Flag = "LIST_STALE"

	// FlagTerrorismFinancing: the address is listed by a terror-financing seizure order or
	// designation (category terrorism_financing), on the chain it was screened for.
	FlagTerrorismFinancing Flag = "TERRORISM_FINANCING"
	// FlagTerrorismFinancingOtherChain: the same address bytes are listed for terror
	// financing under another chain.
	FlagTerrorismFinancingOtherChain Flag = "TERRORISM_FINANCING_OTHER_CHAIN"
	// FlagIssuerFrozen: a stablecoin issuer froze the address (category issuer_freeze).
	FlagIssuerFrozen Flag = "ISSUER_FROZEN"
	// FlagIssuerFrozenOtherChain: the same address bytes are frozen under another chain.
	FlagIssuerFrozenOtherChain Flag = "ISSUER_FROZEN_OTHER_CHAIN"
	// FlagListedWithTag: the address is a shared deposit address of which ONE account
	// (a destination tag or memo) is listed; the screened input names no tag or another
	// one. Never clean: the listed tag is in the hit.
	FlagListedWithTag Flag = "LISTED_WITH_TAG"
	// FlagIndirectExposure: funds reach the screened output from a listed source within
	// the search's depth (see the exposure search).
	FlagIndirectExposure Flag = "INDIRECT_EXPOSURE"
	// FlagExposureIncomplete: a stop rule (depth, budget, minimum share) cut the exposure
	// search: the absence of exposure is not established.
	FlagExposureIncomplete Flag = "EXPOSURE_INCOMPLETE"
	// FlagCoinJoin: the transaction is a CoinJoin (its kind is in the result).
	FlagCoinJoin Flag = "COINJOIN"
)

// Severity orders flags by how urgently a compliance system must act on them.
type Severity int

// Severities, lowest first.
const (
	SeverityInfo Severity = iota
	SeverityLow
	SeverityMedium
	SeverityHigh
	SeverityCritical
)

func (s Severity) String() string {
	switch s {
	case SeverityInfo:
		return "info"
	case SeverityLow:
		return "low"
	case SeverityMedium:
		return "medium"
	case SeverityHigh:
		return "high"
	case SeverityCritical:
		return "critical"
	}
	return "unknown"
}

// MarshalText encodes the severity as its name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText decodes a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	for v := SeverityInfo; v <= SeverityCritical; v++ {
		if v.String() == string(b) {
			*s = v
			return nil
		}
	}
	return fmt.Errorf("screen: unknown severity %q", b)
}

// Severity returns the flag's fixed severity.
func (f Flag) Severity() Severity {
	switch f {
	case FlagSanctioned, FlagTerrorismFinancing:
		return SeverityCritical
	case FlagSanctionedOtherChain, FlagTerrorismFinancingOtherChain, FlagIssuerFrozen, FlagIndirectExposure:
		return SeverityHigh
	case FlagIssuerFrozenOtherChain, FlagListedWithTag, FlagExposureIncomplete, FlagCoinJoin,
		FlagDelisted, FlagPrivacyCoin, FlagListStale, FlagUnscreenedInput, FlagChecksumMismatch:
		return SeverityMedium
	case FlagInvalidAddress:
		return SeverityLow
	case FlagNormalisedInput:
		return SeverityInfo
	}
	return SeverityInfo
}

// Flags lists every flag in a stable order.
func Flags() []Flag {
	return append([]Flag(nil), flagOrder[:]...)
}

// flagOrder is the order of Flags (and the bit of each flag in a flagSet).
var flagOrder = [...]Flag{FlagSanctioned, FlagTerrorismFinancing, FlagIssuerFrozen,
	FlagSanctionedOtherChain, FlagTerrorismFinancingOtherChain, FlagIssuerFrozenOtherChain,
	FlagListedWithTag, FlagIndirectExposure, FlagExposureIncomplete, FlagCoinJoin,
	FlagDelisted, FlagPrivacyCoin,
	FlagInvalidAddress, FlagChecksumMismatch, FlagNormalisedInput, FlagUnscreenedInput, FlagListStale}

// flagSet collects flags without duplicates, in the order Flags gives.
type flagSet uint32

func (s *flagSet) add(f Flag) {
	for i, g := range flagOrder {
		if g == f {
			*s |= 1 << i
			return
		}
	}
}

func (s flagSet) has(f Flag) bool {
	for i, g := range flagOrder {
		if g == f {
			return s&(1<<i) != 0
		}
	}
	return false
}

func (s flagSet) list() []Flag {
	if s == 0 {
		return noFlags // the usual answer, without an allocation
	}
	out := make([]Flag, 0, bits.OnesCount32(uint32(s)))
	for i, g := range flagOrder {
		if s&(1<<i) != 0 {
			out = append(out, g)
		}
	}
	return out
}
