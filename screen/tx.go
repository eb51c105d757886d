package screen

import (
	"errors"

	"github.com/chainscreen/chainscreen/address"
)

// Errors returned by transaction and block screening. They are wrapped with detail;
// test with errors.Is.
var (
	// ErrInvalidTx: the input is not a transaction of the expected chain (undecodable,
	// truncated, trailing bytes, a signature that cannot be recovered, a typed Ethereum
	// transaction with chain id 0).
	ErrInvalidTx = errors.New("screen: invalid transaction")
	// ErrInvalidBlock: the input is not a block (undecodable, truncated, trailing bytes).
	ErrInvalidBlock = errors.New("screen: invalid block")
	// ErrInvalidReceipt: the input is not a transaction receipt (or a log) in the
	// JSON form of eth_getTransactionReceipt.
	ErrInvalidReceipt = errors.New("screen: invalid receipt")
	// ErrTooLarge: the input is larger than the documented limit for its kind
	// (bitcoin.MaxTxSize, bitcoin.MaxBlockSize, ethereum.MaxTxSize, ethereum.MaxReceiptSize).
	// It is always reported together with ErrInvalidTx, ErrInvalidBlock or ErrInvalidReceipt.
	ErrTooLarge = errors.New("screen: input too large")
)

// RoleTokenSender is the token holder named by ERC-20 transferFrom(from, to, amount):
// the account the tokens leave (the transaction's sender is then the spender acting
// on an allowance). It mirrors RoleTokenRecipient.
const RoleTokenSender Role = "token_sender"

// UnscreenedInput is a part of a transaction whose address could not be screened: a
// Bitcoin input whose address cannot be derived without its previous output (P2PK,
// bare multisig and taproot key-path spends, coinbase, unknown script shapes), or an
// EIP-7702 authorisation whose authority cannot be recovered. It raises
// UNSCREENED_INPUT: nothing is skipped in silence.
type UnscreenedInput struct {
	// Role is RoleInput for a Bitcoin input, RoleAuthority for an EIP-7702 authorisation.
	Role Role `json:"role"`
	// Index is the input (or authorisation) index.
	Index int `json:"index"`
	// Outpoint is the previous output the input spends ("txid:vout"), for Bitcoin.
	Outpoint string `json:"outpoint,omitempty"`
	// Reason says why the address could not be derived.
	Reason string `json:"reason"`
	// Coinbase is true for a coinbase input: it spends no previous output, so there is
	// no address behind it (reported as the issue asks, but it hides nothing).
	Coinbase bool `json:"coinbase,omitempty"`
}

// TxResult is the answer for one screened transaction.
type TxResult struct {
	// TxID is the transaction id (Bitcoin: txid in the usual byte-reversed hex;
	// Ethereum: 0x-prefixed transaction hash).
	TxID string `json:"txid"`
	// Chain is the chain the transaction was screened for.
	Chain address.Chain `json:"chain"`
	// Flags are the result flags, in the stable order of Flags().
	Flags []Flag `json:"flags"`
	// Severity is the highest severity among Flags (info when there is none).
	Severity Severity `json:"severity"`
	// Hits are the matches; each carries its role, index (input, output, log or
	// authorisation index where one applies) and the txid.
	Hits []Hit `json:"hits"`
	// Unscreened lists the inputs whose address could not be screened.
	Unscreened []UnscreenedInput `json:"unscreened,omitempty"`
	// CoinJoin is set when the transaction is a CoinJoin (it raises COINJOIN).
	CoinJoin *CoinJoin `json:"coinjoin,omitempty"`
	// Addresses is the number of address lookups made (every role, every candidate).
	Addresses int `json:"addresses_screened"`
	// Notes explain what was found but not screened as an address: outputs that pay no
	// address (OP_RETURN, non-standard scripts), malformed token calldata, ...
	Notes []string `json:"notes,omitempty"`
	// List is the provenance of the (first) list; Lists has every list when several are merged.
	List  ListInfo   `json:"list"`
	Lists []ListInfo `json:"lists,omitempty"`
}

// Sanctioned reports whether the transaction has a sanctions hit on any chain.
func (r TxResult) Sanctioned() bool { return len(r.Hits) > 0 }

// Incomplete reports whether some part of the transaction other than a coinbase input
// could not be screened: a clean answer for it is not "all clear".
func (r TxResult) Incomplete() bool {
	for _, u := range r.Unscreened {
		if !u.Coinbase {
			return true
		}
	}
	return false
}

// Has reports whether the result carries flag f.
func (r TxResult) Has(f Flag) bool {
	for _, g := range r.Flags {
		if g == f {
			return true
		}
	}
	return false
}

// BlockResult is the answer for one screened block.
type BlockResult struct {
	// Hash is the block hash (byte-reversed hex, as block explorers show it).
	Hash string `json:"hash"`
	// Txs is the number of transactions in the block.
	Txs int `json:"txs"`
	// Flags are the union of the transactions' flags, in the stable order of Flags().
	Flags []Flag `json:"flags"`
	// Severity is the highest severity among Flags.
	Severity Severity `json:"severity"`
	// Hits are every transaction's hits, in block order.
	Hits []Hit `json:"hits"`
	// Unscreened is the number of inputs (over all transactions) that could not be screened.
	Unscreened int `json:"unscreened"`
	// Addresses is the number of address lookups made over all transactions.
	Addresses int `json:"addresses_screened"`
	// Results are the per-transaction results, in block order.
	Results []TxResult `json:"results,omitempty"`
	// List is the provenance of the (first) list; Lists has every list when several are merged.
	List  ListInfo   `json:"list"`
	Lists []ListInfo `json:"lists,omitempty"`
}

// Sanctioned reports whether any transaction of the block has a sanctions hit.
func (r BlockResult) Sanctioned() bool { return len(r.Hits) > 0 }

// Incomplete reports whether some input of the block, other than the coinbase, could
// not be screened (see TxResult.Incomplete).
func (r BlockResult) Incomplete() bool {
	for _, t := range r.Results {
		if t.Incomplete() {
			return true
		}
	}
	return false
}

// Has reports whether the result carries flag f.
func (r BlockResult) Has(f Flag) bool {
	for _, g := range r.Flags {
		if g == f {
			return true
		}
	}
	return false
}

// Snapshot is one pinned snapshot of a Screener's lists, for the chain packages
// (screen/bitcoin, screen/ethereum) that screen transactions: every lookup of a
// transaction, or of every transaction of a block, goes to the same lists even when
// Swap replaces them meanwhile. A Snapshot is immutable and safe for concurrent use;
// each TxScreen it makes belongs to one goroutine.
type Snapshot struct {
	ix    *index
	stale bool
	at    screenTime
}

// Snapshot pins the lists in service. The error is the Screener's: ErrNoList without
// lists, ErrStale for lists over the maximum age in strict mode (without strict mode a
// stale list gives a Snapshot whose results carry LIST_STALE).
func (s *Screener) Snapshot() (*Snapshot, error) {
	ix, stale, err := s.current()
	if err != nil {
		return nil, err
	}
	return &Snapshot{ix: ix, stale: stale, at: s.at(ix, stale)}, nil
}

// Stale reports whether the pinned lists are over the configured maximum age.
func (sn *Snapshot) Stale() bool { return sn.stale }

// Listed reports whether key is on the lists at all (for any chain). It lets a caller
// skip building anything for a key that cannot hit; Lookup already does this.
func (sn *Snapshot) Listed(key []byte) bool {
	_, ok := sn.ix.byKey[address.Key(key)]
	return ok
}

// Tx starts the result of one transaction of chain with the given id.
func (sn *Snapshot) Tx(chain address.Chain, txid string) *TxScreen {
	t := &TxScreen{ix: sn.ix, chain: chain, txid: txid}
	if sn.stale {
		t.fs.add(FlagListStale)
	}
	return t
}

// Block aggregates the results of a block's transactions (in block order) into its
// BlockResult: hits in block order, the union of the flags, the counts.
func (sn *Snapshot) Block(hash string, results []TxResult) BlockResult {
	br := BlockResult{Hash: hash, Txs: len(results), Hits: []Hit{}, Results: results, List: sn.ix.infos[0]}
	if len(sn.ix.infos) > 1 {
		br.Lists = sn.ix.infos
	}
	var fs flagSet
	if sn.stale {
		fs.add(FlagListStale)
	}
	for i := range results {
		r := &results[i]
		for _, f := range r.Flags {
			fs.add(f)
		}
		br.Hits = append(br.Hits, r.Hits...)
		br.Unscreened += len(r.Unscreened)
		br.Addresses += r.Addresses
	}
	br.Flags = fs.list()
	br.Severity = maxSeverity(br.Flags)
	return br
}

// TxScreen accumulates one transaction's result against one Snapshot: every lookup,
// unscreened part and note, then Result. It is not safe for concurrent use.
type TxScreen struct {
	ix    *index
	chain address.Chain
	txid  string
	fs    flagSet
	res   TxResult
}

// SetTxID sets the transaction id (when it is known only after the first lookups).
func (t *TxScreen) SetTxID(txid string) { t.txid = txid }

// Lookup looks one address key up and records its hits with role and index (idx < 0:
// no index). canonical is the address text shown on a hit. It reports whether the key
// is listed.
func (t *TxScreen) Lookup(key address.Key, role Role, idx int, canonical string) bool {
	t.res.Addresses++
	if _, ok := t.ix.byKey[key]; !ok {
		return false
	}
	t.addHits(key, role, idx, canonical)
	return true
}

// LookupBytes looks up a key held in a caller's scratch buffer without allocating on a
// miss; canonical is called only on a hit, to build the address text. It reports
// whether the key is listed.
func (t *TxScreen) LookupBytes(key []byte, role Role, idx int, canonical func() string) bool {
	t.res.Addresses++
	if _, ok := t.ix.byKey[address.Key(key)]; !ok {
		return false
	}
	t.addHits(address.Key(key), role, idx, canonical())
	return true
}

func (t *TxScreen) addHits(key address.Key, role Role, idx int, canonical string) {
	hits, fs := t.ix.lookup(key, t.chain, canonical, role)
	t.fs |= fs
	for i := range hits {
		if idx >= 0 {
			n := idx
			hits[i].Index = &n
		}
		hits[i].TxID = t.txid
	}
	t.res.Hits = append(t.res.Hits, hits...)
}

// Unscreened records a part of the transaction that could not be screened; it raises
// UNSCREENED_INPUT.
func (t *TxScreen) Unscreened(u UnscreenedInput) {
	t.fs.add(FlagUnscreenedInput)
	t.res.Unscreened = append(t.res.Unscreened, u)
}

// CoinJoin records that the transaction is a CoinJoin; it raises COINJOIN.
func (t *TxScreen) CoinJoin(c CoinJoin) {
	t.fs.add(FlagCoinJoin)
	t.res.CoinJoin = &c
}

// CoinJoin is a CoinJoin found in a transaction (by screen/bitcoin/coinjoin's rules).
type CoinJoin struct {
	// Kind is the implementation: "wasabi1", "wasabi2", "whirlpool", "whirlpool_tx0",
	// "joinmarket".
	Kind string `json:"kind"`
	// Rule is the rule that fired; Detail explains it (inputs, outputs, denomination,
	// participants).
	Rule   string `json:"rule"`
	Detail string `json:"detail"`
	// Participants and Denomination (sat) are the rule's estimates, when it makes them.
	Participants int   `json:"participants,omitempty"`
	Denomination int64 `json:"denomination_sat,omitempty"`
}

// Note records something found but not screened as an address.
func (t *TxScreen) Note(s string) { t.res.Notes = append(t.res.Notes, s) }

// Result fills in the identity, flags, severity and provenance and returns the result.
func (t *TxScreen) Result() TxResult {
	r := t.res
	r.TxID, r.Chain = t.txid, t.chain
	r.List = t.ix.infos[0]
	if len(t.ix.infos) > 1 {
		r.Lists = t.ix.infos
	}
	if r.Hits == nil {
		r.Hits = []Hit{}
	}
	if t.fs == 0 {
		r.Flags = noFlags
	} else {
		r.Flags = t.fs.list()
	}
	r.Severity = maxSeverity(r.Flags)
	return r
}

// noFlags is the Flags of a clean result (shared: appending to it copies).
var noFlags = []Flag{}

func maxSeverity(fs []Flag) Severity {
	s := SeverityInfo
	for _, f := range fs {
		if v := f.Severity(); v > s {
			s = v
		}
	}
	return s
}
