// Package bitcoin decodes and screens Bitcoin transactions and blocks against the lists
// of a screen.Screener: every address an output pays and every address an input
// spends, by the previous output's script where it is known (WithPrevouts, a
// PrevoutSource such as a node) and otherwise by what the scriptSig and witness show.
// An input that cannot be screened is reported (UNSCREENED_INPUT), never passed as clean.
//
// The node clients that implement PrevoutSource, TxSource and BlockSource (bitcoind,
// btcd, Esplora) are in package btcrpc.
package bitcoin
