package ethereum

import (
	"context"
	"fmt"

	"github.com/ethereum/go-ethereum/core/types"

	"github.com/chainscreen/chainscreen/screen"
)

// ScreenBlock screens every transaction of a block as ScreenTransaction does, all
// against one pinned snapshot of the Screener's lists (a list swapped in meanwhile
// does not split the block). With WithReceiptSource and WithTraceSource each
// transaction's receipt and internal calls are screened too (a node adapter answers
// them from one eth_getBlockReceipts and one block trace). A transaction whose sender
// does not recover is screen.ErrInvalidTx: a block from a node never has one.
func ScreenBlock(ctx context.Context, s *screen.Screener, block *types.Block, opts ...Option) (screen.BlockResult, error) {
	if block == nil {
		return screen.BlockResult{}, fmt.Errorf("%w: nil block", screen.ErrInvalidTx)
	}
	snap, err := snapshot(s)
	if err != nil {
		return screen.BlockResult{}, err
	}
	cfg := options(opts)
	txs := block.Transactions()
	results := make([]screen.TxResult, 0, len(txs))
	for i, tx := range txs {
		if err := ctx.Err(); err != nil {
			return screen.BlockResult{}, err
		}
		from, err := sender(tx)
		if err != nil {
			return screen.BlockResult{}, fmt.Errorf("transaction %d (%s) of block %d: %w", i, tx.Hash().Hex(), block.NumberU64(), err)
		}
		r, err := screenTxIn(ctx, snap, tx, from, cfg)
		if err != nil {
			return screen.BlockResult{}, fmt.Errorf("transaction %d of block %d: %w", i, block.NumberU64(), err)
		}
		results = append(results, r)
	}
	return snap.Block(block.Hash().Hex(), results), nil
}
