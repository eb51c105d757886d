// Package watch follows a chain's tip and screens each new block as it arrives.
//
// A Watcher polls its Chain (a node) for blocks above the last one it screened, screens
// each against the lists in service, and emits events: one "tx" event per transaction
// that has a flag (a hit, an unscreened input; every transaction with Config.All), one
// "block" event per block screened, "confirmed" when a block reaches Config.Confirmations
// confirmations, and "retracted" when a block it screened is replaced by a reorganisation
// before that: its results no longer stand, and the block that replaced it is screened
// next. Nothing is skipped: a block screened is never screened again while it stands,
// and every height from the start is screened exactly once per block hash.
//
// The cursor (the next height and the hashes of the blocks not yet confirmed) is saved
// in a state file after each block's events were emitted, so a restart resumes where the
// watcher stopped. A crash between emitting a block's events and saving the cursor emits
// that block's events again: consumers de-duplicate on (block hash, txid), which every
// event carries. A reorganisation deeper than the confirmation window is an error
// (ErrDeepReorg): results already confirmed would be wrong, and the watcher stops rather
// than guess.
package watch
