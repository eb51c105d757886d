package ethrpc

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/chainscreen/chainscreen/screen/ethereum"
)

// The decoders below read the raw results of the node's calls. Each is strict about
// what screening relies on (hashes, the list of transactions, the call tree) and
// returns ErrMalformedResponse for anything else; "null" is ErrNotFound where the
// JSON-RPC API answers null for an unknown hash or number.

func isNull(raw json.RawMessage) bool {
	return len(bytes.TrimSpace(raw)) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
}

func malformed(what string, err error) error {
	return fmt.Errorf("%w: %s: %v", ErrMalformedResponse, what, err)
}

// txHashJSON is the hash the node gives with a transaction.
type txHashJSON struct {
	Hash *common.Hash `json:"hash"`
}

// decodeTx decodes an eth_getTransactionByHash result (or a block's transaction
// object): the signed transaction, whose hash must be the one the node gives.
func decodeTx(raw json.RawMessage) (*types.Transaction, error) {
	if isNull(raw) {
		return nil, ErrNotFound
	}
	tx := new(types.Transaction)
	if err := json.Unmarshal(raw, tx); err != nil {
		return nil, malformed("transaction", err)
	}
	var h txHashJSON
	if err := json.Unmarshal(raw, &h); err != nil {
		return nil, malformed("transaction hash", err)
	}
	if h.Hash == nil {
		return nil, malformed("transaction", fmt.Errorf("no hash"))
	}
	if got := tx.Hash(); got != *h.Hash {
		return nil, malformed("transaction", fmt.Errorf("the node says hash %s, the transaction hashes to %s", h.Hash.Hex(), got.Hex()))
	}
	return tx, nil
}

// decodeReceipt decodes an eth_getTransactionReceipt result.
func decodeReceipt(raw json.RawMessage) (*types.Receipt, error) {
	if isNull(raw) {
		return nil, ErrNotFound
	}
	r := new(types.Receipt)
	if err := json.Unmarshal(raw, r); err != nil {
		return nil, malformed("receipt", err)
	}
	return r, nil
}

// decodeReceipts decodes an eth_getBlockReceipts result.
func decodeReceipts(raw json.RawMessage) ([]*types.Receipt, error) {
	if isNull(raw) {
		return nil, ErrNotFound
	}
	var rs []*types.Receipt
	if err := json.Unmarshal(raw, &rs); err != nil {
		return nil, malformed("block receipts", err)
	}
	for i, r := range rs {
		if r == nil {
			return nil, malformed("block receipts", fmt.Errorf("receipt %d is null", i))
		}
	}
	return rs, nil
}

// decodeCallFrame decodes a debug_traceTransaction result of the callTracer.
func decodeCallFrame(raw json.RawMessage) (*ethereum.CallFrame, error) {
	if isNull(raw) {
		return nil, malformed("call trace", fmt.Errorf("null"))
	}
	f := new(ethereum.CallFrame)
	if err := json.Unmarshal(raw, f); err != nil {
		return nil, malformed("call trace", err)
	}
	if f.Type == "" {
		return nil, malformed("call trace", fmt.Errorf("no call type: not a callTracer frame"))
	}
	return f, nil
}

// blockTrace is one entry of a debug_traceBlockByHash result.
type blockTrace struct {
	TxHash *common.Hash        `json:"txHash"`
	Result *ethereum.CallFrame `json:"result"`
	Error  string              `json:"error"`
}

// decodeBlockTraces decodes a debug_traceBlockByHash result of the callTracer.
func decodeBlockTraces(raw json.RawMessage) ([]blockTrace, error) {
	if isNull(raw) {
		return nil, malformed("block call traces", fmt.Errorf("null"))
	}
	var ts []blockTrace
	if err := json.Unmarshal(raw, &ts); err != nil {
		return nil, malformed("block call traces", err)
	}
	for i, t := range ts {
		if t.Result != nil && t.Result.Type == "" {
			return nil, malformed("block call traces", fmt.Errorf("trace %d has no call type: not a callTracer frame", i))
		}
	}
	return ts, nil
}

// blockJSON is the part of an eth_getBlockBy* result that is read.
type blockJSON struct {
	Hash         *common.Hash      `json:"hash"`
	Number       *hexutil.Uint64   `json:"number"`
	Transactions []json.RawMessage `json:"transactions"`
}

// decodeBlockHash decodes the hash of an eth_getBlockByNumber result.
func decodeBlockHash(raw json.RawMessage) (common.Hash, error) {
	if isNull(raw) {
		return common.Hash{}, ErrNotFound
	}
	var b struct {
		Hash *common.Hash `json:"hash"`
	}
	if err := json.Unmarshal(raw, &b); err != nil {
		return common.Hash{}, malformed("block", err)
	}
	if b.Hash == nil {
		return common.Hash{}, malformed("block", fmt.Errorf("no hash"))
	}
	return *b.Hash, nil
}

// decodeBlock decodes an eth_getBlockBy* result with full transactions.
func decodeBlock(raw json.RawMessage) (*ethereum.Block, error) {
	if isNull(raw) {
		return nil, ErrNotFound
	}
	var bj blockJSON
	if err := json.Unmarshal(raw, &bj); err != nil {
		return nil, malformed("block", err)
	}
	if bj.Hash == nil || bj.Number == nil || bj.Transactions == nil {
		return nil, malformed("block", fmt.Errorf("no hash, number or transactions"))
	}
	b := &ethereum.Block{Number: uint64(*bj.Number), Hash: *bj.Hash, Transactions: make([]*types.Transaction, 0, len(bj.Transactions))}
	for i, traw := range bj.Transactions {
		if isNull(traw) {
			return nil, malformed("block", fmt.Errorf("transaction %d is null", i))
		}
		if t := bytes.TrimSpace(traw); t[0] == '"' {
			return nil, malformed("block", fmt.Errorf("transaction %d is a hash, not the transaction", i))
		}
		tx, err := decodeTx(traw)
		if err != nil {
			return nil, fmt.Errorf("block %s: transaction %d: %w", bj.Hash.Hex(), i, err)
		}
		b.Transactions = append(b.Transactions, tx)
	}
	return b, nil
}
