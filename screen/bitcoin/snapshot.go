package bitcoin

import (
	"context"
	"fmt"

	"github.com/btcsuite/btcd/wire"

	"github.com/chainscreen/chainscreen/screen"
)

// ScreenMsgTxSnapshot screens a decoded transaction as ScreenMsgTx does, against a
// snapshot the caller pinned (screen.Screener.Snapshot): a search that screens many
// transactions (the exposure walk) sees one set of lists from start to end even when
// the Screener's lists are swapped meanwhile.
func ScreenMsgTxSnapshot(ctx context.Context, snap *screen.Snapshot, tx *wire.MsgTx, opts ...Option) (screen.TxResult, error) {
	if tx == nil {
		return screen.TxResult{}, fmt.Errorf("%w: nil transaction", screen.ErrInvalidTx)
	}
	if snap == nil {
		return screen.TxResult{}, screen.ErrNoList
	}
	if err := ctx.Err(); err != nil {
		return screen.TxResult{}, err
	}
	cfg := options(opts)
	w := newWorker(cfg.params)
	var fetched map[wire.OutPoint]Prevout
	if cfg.source != nil { // (without one, no copy of the transaction is made)
		var err error
		if fetched, err = fetchPrevouts(ctx, cfg, []wire.MsgTx{*tx}, nil); err != nil {
			return screen.TxResult{}, err
		}
	}
	return w.screenTx(snap, tx, tx.TxHash(), cfg.prevouts, nil, fetched), nil
}
