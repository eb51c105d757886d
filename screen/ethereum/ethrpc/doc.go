// Package ethrpc is a go-ethereum node adapter for screen/ethereum: a Client dials a
// node's JSON-RPC endpoint (go-ethereum's rpc and ethclient packages; nothing is
// hand-rolled on the wire), checks its chain id, and serves transactions, receipts and
// callTracer call trees by transaction hash, and whole blocks with their receipts in
// one call (eth_getBlockReceipts) and their call trees in one call
// (debug_traceBlockByHash). It implements ethereum.Node.
//
// A node without the debug API (most public providers) answers the trace calls with
// "method not found": the Client then returns ethereum.ErrNoTraces and screening
// reports UNSCREENED_INPUT with "no call traces", never a complete result. A node
// that is down or times out is ethereum.ErrNodeUnavailable, an unknown hash
// ethereum.ErrNotFound, a node on another chain ethereum.ErrWrongNetwork. Credentials
// in the URL (http://user:password@host:port) are sent as HTTP basic authentication
// and never appear in errors or logs. Every call has a deadline and the number of
// calls in flight is bounded.
package ethrpc
