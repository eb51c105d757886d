package bitcoin

import (
	"context"
	"errors"
	"fmt"

	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/wire"

	"github.com/chainscreen/chainscreen/screen"
)

// Errors of sources (nodes, explorers). They are wrapped with detail; test with errors.Is.
var (
	// ErrNotFound: the source does not know the transaction or block asked for.
	ErrNotFound = errors.New("bitcoin: not found")
	// ErrUnavailable: the source did not answer (unreachable, timed out, refused the
	// credentials, answered with a server error). Nothing may be reported clean.
	ErrUnavailable = errors.New("bitcoin: source unavailable")
	// ErrWrongNetwork: the source serves another network than the one asked for (its
	// genesis block hash differs).
	ErrWrongNetwork = errors.New("bitcoin: source on the wrong network")
	// ErrMalformedResponse: the source answered with something that is not what was
	// asked for (undecodable JSON or transaction, a wrong txid, missing fields).
	ErrMalformedResponse = errors.New("bitcoin: malformed source response")
)

// Prevout is a previous output as a source returns it: the script and value of the
// output an input spends, or in Err why the source cannot return it.
type Prevout struct {
	// PkScript is the output's script.
	PkScript []byte
	// Value is the output's value in satoshis.
	Value int64
	// Err is non-nil when the source cannot return this output (the parent transaction
	// is unknown to it, the output index is out of range, ...): the input is then
	// reported UNSCREENED_INPUT with this reason.
	Err error
}

// PrevoutSource gives the previous outputs that inputs spend.
type PrevoutSource interface {
	// Prevouts returns one Prevout per outpoint, in the same order. An outpoint it
	// cannot resolve has Prevout.Err set; an error returned for the call as a whole
	// (the source is down, the context expired) fails the screening.
	Prevouts(ctx context.Context, outpoints []wire.OutPoint) ([]Prevout, error)
}

// TxSource gives transactions by id.
type TxSource interface {
	// Tx returns the transaction with the given txid (ErrNotFound when the source does
	// not know it).
	Tx(ctx context.Context, txid chainhash.Hash) (*wire.MsgTx, error)
}

// BlockSource gives blocks by hash and block hashes by height.
type BlockSource interface {
	// Block returns the block with the given hash (ErrNotFound when unknown).
	Block(ctx context.Context, hash chainhash.Hash) (*wire.MsgBlock, error)
	// BlockHash returns the hash of the block at height on the source's best chain
	// (ErrNotFound above the tip).
	BlockHash(ctx context.Context, height int64) (chainhash.Hash, error)
}

// Source is a node or explorer that gives all three.
type Source interface {
	PrevoutSource
	TxSource
	BlockSource
}

// fetchPrevouts asks cfg.source, in one call, for the previous outputs of txs that
// neither the block nor WithPrevouts give. It returns nil without a source.
func fetchPrevouts(ctx context.Context, cfg config, txs []wire.MsgTx, blk *blockPrevouts) (map[wire.OutPoint]Prevout, error) {
	if cfg.source == nil {
		return nil, nil
	}
	var need []wire.OutPoint
	seen := make(map[wire.OutPoint]struct{})
	for i := range txs {
		for _, in := range txs[i].TxIn {
			op := in.PreviousOutPoint
			if isCoinbase(op) {
				continue
			}
			if _, ok := blk.pkScript(op); ok {
				continue
			}
			if _, ok := cfg.prevouts[op]; ok {
				continue
			}
			if _, ok := seen[op]; ok {
				continue
			}
			seen[op] = struct{}{}
			need = append(need, op)
		}
	}
	if len(need) == 0 {
		return nil, nil
	}
	got, err := cfg.source.Prevouts(ctx, need)
	if err != nil {
		return nil, fmt.Errorf("bitcoin: previous outputs: %w", err)
	}
	if len(got) != len(need) {
		return nil, fmt.Errorf("%w: %d previous outputs for %d outpoints", ErrMalformedResponse, len(got), len(need))
	}
	out := make(map[wire.OutPoint]Prevout, len(need))
	for i, op := range need {
		out[op] = got[i]
	}
	return out, nil
}

// ScreenTxID fetches the transaction txid from src and screens it against s as
// ScreenMsgTx does, with src as the PrevoutSource (an Option WithPrevoutSource given
// after it replaces it). Errors of src are returned as they are (ErrNotFound,
// ErrUnavailable, ...): no result is made without the transaction.
func ScreenTxID(ctx context.Context, s *screen.Screener, src Source, txid chainhash.Hash, opts ...Option) (screen.TxResult, error) {
	if src == nil {
		return screen.TxResult{}, fmt.Errorf("%w: no source", ErrUnavailable)
	}
	tx, err := src.Tx(ctx, txid)
	if err != nil {
		return screen.TxResult{}, err
	}
	if got := tx.TxHash(); got != txid {
		return screen.TxResult{}, fmt.Errorf("%w: asked for transaction %s, got %s", ErrMalformedResponse, txid, got)
	}
	return ScreenMsgTx(ctx, s, tx, append([]Option{WithPrevoutSource(src)}, opts...)...)
}

// ScreenBlockHash fetches the block with the given hash from src and screens it
// against s as ScreenMsgBlock does, with src as the PrevoutSource.
func ScreenBlockHash(ctx context.Context, s *screen.Screener, src Source, hash chainhash.Hash, opts ...Option) (screen.BlockResult, error) {
	if src == nil {
		return screen.BlockResult{}, fmt.Errorf("%w: no source", ErrUnavailable)
	}
	blk, err := src.Block(ctx, hash)
	if err != nil {
		return screen.BlockResult{}, err
	}
	if got := blk.BlockHash(); got != hash {
		return screen.BlockResult{}, fmt.Errorf("%w: asked for block %s, got %s", ErrMalformedResponse, hash, got)
	}
	return ScreenMsgBlock(ctx, s, blk, append([]Option{WithPrevoutSource(src)}, opts...)...)
}

// ScreenBlockHeight screens the block at height on src's best chain (see ScreenBlockHash).
func ScreenBlockHeight(ctx context.Context, s *screen.Screener, src Source, height int64, opts ...Option) (screen.BlockResult, error) {
	if src == nil {
		return screen.BlockResult{}, fmt.Errorf("%w: no source", ErrUnavailable)
	}
	h, err := src.BlockHash(ctx, height)
	if err != nil {
		return screen.BlockResult{}, err
	}
	return ScreenBlockHash(ctx, s, src, h, opts...)
}
