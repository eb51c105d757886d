package ethrpc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/ethereum"
)

// ParseBlockRef reads a block reference as the CLI takes it: a decimal or 0x-hex number,
// a 32-byte 0x-hex hash, or "latest".
func ParseBlockRef(s string) (rpc.BlockNumberOrHash, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "latest":
		return rpc.BlockNumberOrHashWithNumber(rpc.LatestBlockNumber), nil
	case len(s) == 66 && strings.HasPrefix(s, "0x"):
		b, err := hexutil.Decode(s)
		if err != nil {
			return rpc.BlockNumberOrHash{}, fmt.Errorf("block hash %q: %v", s, err)
		}
		return rpc.BlockNumberOrHashWithHash(common.BytesToHash(b), false), nil
	}
	var n rpc.BlockNumber
	if !strings.HasPrefix(s, "0x") {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil || v < 0 || s[0] == '+' {
			return rpc.BlockNumberOrHash{}, fmt.Errorf("block %q: want a number, a 0x hash or latest", s)
		}
		n = rpc.BlockNumber(v)
	} else if err := n.UnmarshalJSON([]byte(`"` + s + `"`)); err != nil || n < 0 {
		return rpc.BlockNumberOrHash{}, fmt.Errorf("block %q: want a number, a 0x hash or latest", s)
	}
	return rpc.BlockNumberOrHashWithNumber(n), nil
}

// Block returns the block with its transactions.
func (c *Client) Block(ctx context.Context, ref rpc.BlockNumberOrHash) (*types.Block, error) {
	cctx, cancel := c.callContext(ctx)
	defer cancel()
	var b *types.Block
	var err error
	if h, ok := ref.Hash(); ok {
		b, err = c.eth.BlockByHash(cctx, h)
	} else if n, ok := ref.Number(); ok {
		var num = n.Int64()
		if n < 0 {
			b, err = c.eth.BlockByNumber(cctx, nil) // latest
		} else {
			b, err = c.eth.BlockByNumber(cctx, bigInt(num))
		}
	} else {
		return nil, fmt.Errorf("%w: empty block reference", ErrNotFound)
	}
	if err != nil {
		return nil, c.wrap("eth_getBlockBy "+ref.String(), err)
	}
	return b, nil
}

// blockSources answers receipts and call traces of one block's transactions from the
// block-level calls.
type blockSources struct {
	receipts map[common.Hash]*types.Receipt
	traces   map[common.Hash]*ethereum.CallFrame
	traceErr map[common.Hash]string
	noTrace  error // set when the node does not trace
}

func (b *blockSources) TransactionReceipt(_ context.Context, h common.Hash) (*types.Receipt, error) {
	r, ok := b.receipts[h]
	if !ok {
		return nil, fmt.Errorf("%w: no receipt for %s in the block's receipts", ErrBadAnswer, h.Hex())
	}
	return r, nil
}

func (b *blockSources) CallTrace(_ context.Context, h common.Hash) (*ethereum.CallFrame, error) {
	if b.noTrace != nil {
		return nil, b.noTrace
	}
	if msg, ok := b.traceErr[h]; ok {
		return nil, fmt.Errorf("%w: the node could not trace %s: %s", ethereum.ErrNoTraces, h.Hex(), msg)
	}
	f, ok := b.traces[h]
	if !ok {
		return nil, fmt.Errorf("%w: no trace for %s in the block's traces", ErrBadAnswer, h.Hex())
	}
	return f, nil
}

// traceResult is one entry of debug_traceBlockByHash's answer.
type traceResult struct {
	TxHash common.Hash     `json:"txHash"`
	Result json.RawMessage `json:"result"`
	Error  string          `json:"error"`
}

// ScreenBlock screens every transaction of a block (by number, hash or latest), with
// the block's receipts from one eth_getBlockReceipts call and its call traces from one
// debug_traceBlockByHash call, all against one pinned list snapshot. It returns the
// block too (its number and hash, for callers that follow the chain).
func (c *Client) ScreenBlock(ctx context.Context, s *screen.Screener, ref rpc.BlockNumberOrHash) (screen.BlockResult, *types.Block, error) {
	b, err := c.Block(ctx, ref)
	if err != nil {
		return screen.BlockResult{}, nil, err
	}
	src, err := c.blockSources(ctx, b)
	if err != nil {
		return screen.BlockResult{}, nil, err
	}
	res, err := ethereum.ScreenBlock(ctx, s, b, ethereum.WithReceiptSource(src), ethereum.WithTraceSource(src))
	if err != nil {
		return screen.BlockResult{}, nil, err
	}
	return res, b, nil
}

func (c *Client) blockSources(ctx context.Context, b *types.Block) (*blockSources, error) {
	src := &blockSources{receipts: map[common.Hash]*types.Receipt{}, traces: map[common.Hash]*ethereum.CallFrame{},
		traceErr: map[common.Hash]string{}}
	if b.Transactions().Len() == 0 {
		return src, nil
	}
	ref := rpc.BlockNumberOrHashWithHash(b.Hash(), false)
	cctx, cancel := c.callContext(ctx)
	receipts, err := c.eth.BlockReceipts(cctx, ref)
	cancel()
	if err != nil {
		return nil, c.wrap(fmt.Sprintf("eth_getBlockReceipts %d", b.NumberU64()), err)
	}
	if len(receipts) != b.Transactions().Len() {
		return nil, fmt.Errorf("%w: block %d has %d transactions and %d receipts", ErrBadAnswer,
			b.NumberU64(), b.Transactions().Len(), len(receipts))
	}
	for i, r := range receipts {
		if r == nil || r.TxHash != b.Transactions()[i].Hash() {
			return nil, fmt.Errorf("%w: receipt %d of block %d is not its transaction's", ErrBadAnswer, i, b.NumberU64())
		}
		src.receipts[r.TxHash] = r
	}
	if c.noTrace.Load() {
		src.noTrace = fmt.Errorf("%w: %s does not offer debug_traceBlockByHash", ethereum.ErrNoTraces, c.where)
		return src, nil
	}
	cctx, cancel = c.callContext(ctx)
	defer cancel()
	var traces []traceResult
	if err := c.rpc.CallContext(cctx, &traces, "debug_traceBlockByHash", b.Hash(), callTracer); err != nil {
		err = c.wrapTrace(fmt.Sprintf("debug_traceBlockByHash %d", b.NumberU64()), err)
		if errors.Is(err, ethereum.ErrNoTraces) {
			src.noTrace = err
			return src, nil
		}
		return nil, err
	}
	if len(traces) != b.Transactions().Len() {
		return nil, fmt.Errorf("%w: block %d has %d transactions and %d traces", ErrBadAnswer,
			b.NumberU64(), b.Transactions().Len(), len(traces))
	}
	for i, t := range traces {
		h := t.TxHash
		if h == (common.Hash{}) {
			h = b.Transactions()[i].Hash() // older nodes do not name the transaction
		}
		if t.Error != "" {
			src.traceErr[h] = t.Error
			continue
		}
		f, err := decodeFrame(t.Result)
		if err != nil {
			return nil, fmt.Errorf("trace %d of block %d: %w", i, b.NumberU64(), err)
		}
		src.traces[h] = f
	}
	return src, nil
}
