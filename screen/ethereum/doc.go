// Package ethereum decodes and screens Ethereum transactions, receipts and event logs
// against the lists of a screen.Screener: sender, recipient or created contract,
// ERC-20 calldata parties, EIP-7702 authorities and delegates, the contracts that emit
// logs and the parties of Transfer events, and, with a TraceSource, every internal
// call of the transaction. What cannot be screened is reported (UNSCREENED_INPUT),
// never passed as clean.
package ethereum
