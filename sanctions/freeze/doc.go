// Package freeze turns stablecoin issuer freeze events into a sanctions.List: Tether's
// USDT AddedBlackList / RemovedBlackList / DestroyedBlackFunds and Circle's FiatToken
// (USDC, EURC) Blacklisted / UnBlacklisted, read as go-ethereum types.Log.
//
// A Replay applies logs in (blockNumber, logIndex) order, whatever order they are fed
// in: an address frozen at the last applied block is a value of category
// sanctions.CategoryIssuerFreeze whose Reference is the freezing transaction and block;
// an address frozen and later released is a value with Until and EndedBy set (the
// unfreezing transaction), so that a screener reports it DELISTED, never frozen. A log
// with Removed set (a chain reorganisation) undoes the log it repeats, or is not applied.
// DestroyedBlackFunds is recorded as an issue of kind "destroyed_black_funds" and does
// not unfreeze. Logs with unknown topics are counted (Stats) and reported as one issue
// per topic; nothing is dropped in silence.
//
// Events are recognised by topic0, the keccak-256 of the event signature, computed with
// go-ethereum's crypto package. USDT's events have no indexed argument: the address is
// the first 32-byte word of the data. FiatToken's have one: the address is topic 1.
//
// The package registers the format "freeze-logs" with sanctions.RegisterFormat: a JSON
// array of eth_getLogs log objects (or a JSON-RPC response whose result is one). The
// same Replay is what a node connection feeds live (ethclient.FilterLogs or
// SubscribeFilterLogs with FilterQuery.Topics = Topics()).
package freeze
