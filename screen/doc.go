// Package screen checks addresses (and, through the same index, transactions) against
// one or more sanctions lists and returns explainable results.
//
// A Screener holds an immutable index built from *sanctions.List values. Lookups are
// by address key (decoded bytes), so every textual form of a listed address matches.
// Each Result carries the input, the canonical address and chain, a set of flags with
// fixed severities, the hits (listed value, ticker, role, entity, source) and the
// provenance of every list used.
//
// The Screener fails closed: with no list it cannot be built (ErrNoList), and with a
// maximum list age in strict mode a stale list is an error (ErrStale), never a clean
// result. Invalid input is not an error: it is a Result flagged INVALID_ADDRESS (or
// CHECKSUM_MISMATCH), so a batch keeps going and nothing is dropped in silence.
//
// Transactions and blocks are decoded and screened by the chain packages
// screen/bitcoin and screen/ethereum: they pin the lists with Screener.Snapshot and
// build each TxResult with a TxScreen.
package screen
