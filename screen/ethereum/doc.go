// Package ethereum decodes and screens Ethereum transactions, receipts and event logs
// against the lists of a screen.Screener: sender, recipient or created contract,
// ERC-20 calldata parties, EIP-7702 authorities and delegates, the contracts that emit
// logs and the parties of ERC-20/721/1155 Transfer and Approval events, and, with a
// TraceSource, every internal call of the transaction (value recipients and senders,
// CREATE/CREATE2 results, SELFDESTRUCT beneficiaries, contracts called, with the call
// path). What cannot be screened is reported (UNSCREENED_INPUT), never passed as clean.
//
// ScreenTxHash and ScreenBlock screen what a Node (package ethrpc, a go-ethereum
// JSON-RPC client) returns by transaction hash or block; the node errors ErrNotFound,
// ErrNodeUnavailable, ErrWrongNetwork and ErrMalformedResponse are defined here so
// that callers test them without importing the adapter.
package ethereum
