// Package exposure measures the indirect exposure of a Bitcoin output to listed
// parties: how close the money of a deposit is to an address on a sanctions list.
//
// Exposure walks the ancestry of one output backwards through a node (a
// bitcoin.Source such as btcrpc.Dial), one level of transactions at a time. The inputs
// of every ancestor transaction are screened, by the address their previous output
// pays, against one pinned snapshot of the lists in service. A listed input is a
// source: it is reported with its hops, its share of the output's value and one
// shortest path of txids, and its own ancestry is not followed (the money is
// attributed to the first listed owner met).
//
// # Value model
//
// The screened output has share 1. A transaction reached with share s passes to its
// input i the share s * v_i / V, where v_i is the value of the output input i spends
// and V the sum of the values of all its inputs: each output of a transaction is
// funded pro rata by every input, fees are ignored (they are spread over the inputs in
// the same proportion; the share is of the input value, not of the output value). A
// transaction reached along several paths adds their shares. A transaction whose
// inputs are all worth 0 splits its share equally. Shares are exact rationals
// (math/big.Rat): the share of a source is the sum, over every listed input where it
// was met, of the product of the ratios along the path.
//
//   - Haircut (the default): the source's share is that product; a branch whose share
//     falls under the minimum share is not followed.
//   - Poison: every listed source met within the depth taints the output fully
//     (share 1); the minimum share does not apply.
//
// Hops count transactions: a listed address that spent into the transaction that made
// the output is 1 hop away; one that paid a transaction spent by it, 2 hops; and so on.
// The depth bounds the hops searched. A coinbase ends a branch (new coins have no
// owner before the miner).
//
// # Stop rules
//
// Depth (default 3), minimum share (default 0.1%, haircut only), a budget of
// transactions fetched from the node (default 2,000; a transaction is fetched once per
// walk) and an input whose previous output pays no address all cut the search. Every
// cut is reported in Result.Cuts with the number of branches and the share of value
// not followed, and raises EXPOSURE_INCOMPLETE: a cut search is never a clean answer.
// A node error (unreachable, an ancestor it does not know) is an error, never a
// partial result.
//
// # Unsolicited dust (OFAC FAQ 1078)
//
// An output worth less than the dust threshold (default 10,000 sat) that a listed
// address paid to someone else is not exposure when its owner never spent it by
// choice. In a backward walk an output met is either the screened output itself, or
// an output that some descendant on the path spent. The rule implemented:
//
//   - The screened output itself, under the threshold, made by a transaction with a
//     listed input, is unsolicited dust: its owner has not spent it at all.
//   - An ancestor output D under the threshold, made by a transaction with a listed
//     input, is unsolicited dust when the transaction that spent it ALSO spent an
//     input of the owner worth at least the threshold that the dust's transaction did
//     not pay: the dust was swept along with the owner's own coins (wallet coin
//     selection), which is the dusting pattern, not a choice to move the listed
//     party's money. A dust output spent alone, or only with other dust or other
//     outputs of the same listed transaction, was spent by choice and counts.
//   - The dust outputs of transactions with a listed input that one transaction
//     sweeps together must total under the threshold: a payment split into many
//     dust outputs is not dust.
//
// The share reaching the listed transaction through dust edges is neither counted nor
// followed further; it is reported in Result.Dust (never dropped in silence). The
// same transaction reached through a non-dust edge is still counted for that edge.
//
// # Flags and severity
//
// INDIRECT_EXPOSURE when a source is found, with a severity from its share and hops
// (Thresholds: critical from 50% or at 1 hop, high from 10%, medium otherwise);
// EXPOSURE_INCOMPLETE when a stop rule cut the search; LIST_STALE from the lists.
//
// # CoinJoin
//
// Every transaction of a path is classified by screen/bitcoin/coinjoin (DetectCoinJoin,
// with the previous outputs of the walk); a CoinJoin is named in Step.CoinJoin (funds
// mixed right before a deposit are a FATF red flag). WithCoinJoinDetector replaces
// the detector (nil: none).
package exposure
