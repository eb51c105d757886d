// Package ethrpc connects Ethereum screening to a node: go-ethereum's ethclient and
// rpc client over JSON-RPC (geth, Erigon, Nethermind, Reth, or a provider) give the
// transaction by hash, its receipt (every Transfer and Approval log) and, where the
// node offers debug_traceTransaction with the callTracer, its internal calls.
//
// A Client implements ethereum.ReceiptSource and ethereum.TraceSource, and screens a
// transaction by hash (ScreenTx) or a whole block by number or hash (ScreenBlock, with
// the block's receipts in one eth_getBlockReceipts call and its call traces in one
// debug_traceBlockByHash call). A node without tracing is reported: the result is
// UNSCREENED_INPUT with "no call traces", never silently complete.
//
// Errors are typed: ErrNotFound (an unknown hash or block), ErrUnavailable (the node is
// down, timed out or answered with an HTTP error), ErrWrongNetwork (its chain id is not
// the one expected), ErrBadAnswer (an answer that does not decode). Credentials given in
// the URL (http://user:password@host:port) are sent as HTTP basic authentication and
// never appear in errors.
package ethrpc
