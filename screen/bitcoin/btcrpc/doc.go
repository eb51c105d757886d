// Package btcrpc connects Bitcoin screening to a node: a JSON-RPC client for bitcoind
// and btcd (Client) and a REST client for an Esplora server (Esplora). Both implement
// bitcoin.Source (transactions, blocks and the previous outputs their inputs spend),
// check at connection that the node serves the expected network (its genesis block
// hash), put a deadline on every call, batch their requests and bound their
// concurrency. Their errors wrap the bitcoin package's sentinels (bitcoin.ErrNotFound,
// bitcoin.ErrUnavailable, bitcoin.ErrWrongNetwork, bitcoin.ErrMalformedResponse) and
// never show credentials.
package btcrpc
