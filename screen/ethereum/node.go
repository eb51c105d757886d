package ethereum

import (
	"context"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/screen"
)

// Errors of node sources. They are wrapped with detail; test with errors.Is.
var (
	// ErrNotFound: the node does not know the transaction or block asked for.
	ErrNotFound = errors.New("ethereum: not found")
	// ErrNodeUnavailable: the node did not answer (unreachable, timed out, refused the
	// credentials, answered with a server error). Nothing may be reported clean.
	ErrNodeUnavailable = errors.New("ethereum: node unavailable")
	// ErrWrongNetwork: the node serves another chain than the one asked for (its
	// eth_chainId differs).
	ErrWrongNetwork = errors.New("ethereum: node on the wrong network")
	// ErrMalformedResponse: the node answered with something that is not what was asked
	// for (undecodable JSON, a transaction or block with another hash, receipts that do
	// not match the block's transactions).
	ErrMalformedResponse = errors.New("ethereum: malformed node response")
)

// TxSource gives signed transactions by hash.
type TxSource interface {
	// Transaction returns the transaction with the given hash (ErrNotFound when the node
	// does not know it). A pending transaction is returned too: it then has no receipt.
	Transaction(ctx context.Context, hash common.Hash) (*types.Transaction, error)
}

// Block is a block with what screening its transactions needs.
type Block struct {
	// Number and Hash identify the block.
	Number uint64
	Hash   common.Hash
	// Transactions are the block's transactions, in block order.
	Transactions []*types.Transaction
	// Receipts are the transactions' receipts, in the same order (one per transaction).
	Receipts []*types.Receipt
	// Traces are the transactions' call trees, in the same order; nil when TraceErr is set.
	Traces []*CallFrame
	// TraceErr is why there are no traces (wrapping ErrNoTraces: every transaction is
	// then reported UNSCREENED_INPUT with "no call traces").
	TraceErr error
	// TraceErrs, when not nil, hold per transaction why its call tree is missing (an
	// error wrapping ErrNoTraces; nil where Traces has the tree).
	TraceErrs []error
}

// BlockSource gives blocks with their receipts and call traces.
type BlockSource interface {
	// BlockByNumber returns the block at number on the node's best chain (ErrNotFound
	// above the tip).
	BlockByNumber(ctx context.Context, number uint64) (*Block, error)
	// BlockByHash returns the block with that hash (ErrNotFound when unknown).
	BlockByHash(ctx context.Context, hash common.Hash) (*Block, error)
	// BlockHash returns the hash of the block at number on the node's best chain
	// (ErrNotFound above the tip).
	BlockHash(ctx context.Context, number uint64) (common.Hash, error)
}

// Node is an Ethereum node as a source of transactions, receipts, call traces and
// blocks (ethrpc.Client is one).
type Node interface {
	TxSource
	ReceiptSource
	TraceSource
	BlockSource
}

// ScreenTxHash fetches the transaction with the given hash from src and screens it as
// ScreenTransaction does, with src as the ReceiptSource and the TraceSource (Options
// given after them replace them): the sender, recipient, calldata, the receipt's logs
// and every internal call. A transaction the node does not know is ErrNotFound; a
// pending one (no receipt yet) is screened with its logs and internal calls reported
// UNSCREENED_INPUT. Errors of src are returned as they are: no result is made without
// the transaction.
func ScreenTxHash(ctx context.Context, s *screen.Screener, src Node, hash common.Hash, opts ...Option) (screen.TxResult, error) {
	if src == nil {
		return screen.TxResult{}, fmt.Errorf("%w: no node", ErrNodeUnavailable)
	}
	if err := ctx.Err(); err != nil {
		return screen.TxResult{}, err
	}
	tx, err := src.Transaction(ctx, hash)
	if err != nil {
		return screen.TxResult{}, err
	}
	if tx == nil {
		return screen.TxResult{}, fmt.Errorf("%w: no transaction for %s", ErrMalformedResponse, hash.Hex())
	}
	if got := tx.Hash(); got != hash {
		return screen.TxResult{}, fmt.Errorf("%w: asked for transaction %s, got %s", ErrMalformedResponse, hash.Hex(), got.Hex())
	}
	return ScreenTransaction(ctx, s, tx, append([]Option{WithReceiptSource(src), WithTraceSource(src)}, opts...)...)
}

// ScreenBlock screens every transaction of b against one snapshot of the lists, each
// with its receipt and call tree from b (as ScreenTransaction does with sources), and
// aggregates them into a BlockResult (hash: b.Hash in 0x hex). Receipts that do not
// match the transactions are ErrMalformedResponse; without traces (b.TraceErr) every
// transaction is UNSCREENED_INPUT with "no call traces".
func ScreenBlock(ctx context.Context, s *screen.Screener, b *Block, opts ...Option) (screen.BlockResult, error) {
	if b == nil {
		return screen.BlockResult{}, fmt.Errorf("%w: nil block", ErrMalformedResponse)
	}
	if len(b.Receipts) != len(b.Transactions) {
		return screen.BlockResult{}, fmt.Errorf("%w: block %s has %d transactions and %d receipts", ErrMalformedResponse,
			b.Hash.Hex(), len(b.Transactions), len(b.Receipts))
	}
	if b.TraceErr == nil && len(b.Traces) != len(b.Transactions) {
		return screen.BlockResult{}, fmt.Errorf("%w: block %s has %d transactions and %d call traces", ErrMalformedResponse,
			b.Hash.Hex(), len(b.Transactions), len(b.Traces))
	}
	snap, err := snapshot(s)
	if err != nil {
		return screen.BlockResult{}, err
	}
	results := make([]screen.TxResult, 0, len(b.Transactions))
	for i, tx := range b.Transactions {
		if err := ctx.Err(); err != nil {
			return screen.BlockResult{}, err
		}
		if tx == nil || b.Receipts[i] == nil {
			return screen.BlockResult{}, fmt.Errorf("%w: block %s: transaction %d or its receipt is null", ErrMalformedResponse, b.Hash.Hex(), i)
		}
		if b.Receipts[i].TxHash != tx.Hash() {
			return screen.BlockResult{}, fmt.Errorf("%w: block %s: receipt %d is for %s, not %s", ErrMalformedResponse,
				b.Hash.Hex(), i, b.Receipts[i].TxHash.Hex(), tx.Hash().Hex())
		}
		from, err := sender(tx)
		if err != nil {
			return screen.BlockResult{}, fmt.Errorf("block %s: transaction %d: %w", b.Hash.Hex(), i, err)
		}
		src := blockTx{receipt: b.Receipts[i], err: b.TraceErr}
		if src.err == nil && i < len(b.TraceErrs) && b.TraceErrs[i] != nil {
			src.err = b.TraceErrs[i]
		}
		if src.err == nil {
			src.trace = b.Traces[i]
		}
		o := append([]Option{WithReceiptSource(src), WithTraceSource(src)}, opts...)
		r, err := screenSnap(ctx, snap, tx, from, options(o))
		if err != nil {
			return screen.BlockResult{}, fmt.Errorf("block %s: transaction %d: %w", b.Hash.Hex(), i, err)
		}
		results = append(results, r)
	}
	return snap.Block(b.Hash.Hex(), results), nil
}

// blockTx serves one transaction's receipt and call tree from a fetched block.
type blockTx struct {
	receipt *types.Receipt
	trace   *CallFrame
	err     error
}

func (b blockTx) TransactionReceipt(context.Context, common.Hash) (*types.Receipt, error) {
	return b.receipt, nil
}

func (b blockTx) CallTrace(context.Context, common.Hash) (*CallFrame, error) {
	if b.err != nil {
		return nil, b.err
	}
	return b.trace, nil
}

// screenSnap screens tx (sender from) against snap with cfg's sources.
func screenSnap(ctx context.Context, snap *screen.Snapshot, tx *types.Transaction, from common.Address, cfg config) (screen.TxResult, error) {
	t := snap.Tx(address.ChainEVM, tx.Hash().Hex())
	evm := evmLookup(t)
	evm(from, screen.RoleSender, -1)
	if to := tx.To(); to != nil {
		evm(*to, screen.RoleRecipient, -1)
		screenCalldata(t, tx.Data(), evm)
	}
	if tx.To() == nil {
		evm(crypto.CreateAddress(from, tx.Nonce()), screen.RoleContract, -1)
	}
	for i, auth := range tx.SetCodeAuthorizations() {
		evm(auth.Address, screen.RoleDelegate, i)
		authority, err := auth.Authority()
		if err != nil {
			t.Unscreened(screen.UnscreenedInput{Role: screen.RoleAuthority, Index: i,
				Reason: "authorisation signature does not recover an authority: " + err.Error()})
			continue
		}
		evm(authority, screen.RoleAuthority, i)
	}
	if err := screenSources(ctx, cfg, t, tx.Hash(), evm); err != nil {
		return screen.TxResult{}, err
	}
	return t.Result(), nil
}
