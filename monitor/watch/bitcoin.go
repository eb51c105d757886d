package watch

import (
	"context"
	"errors"
	"fmt"

	"github.com/btcsuite/btcd/chaincfg/chainhash"

	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/bitcoin"
)

// Bitcoin is a Bitcoin node as a Chain (any bitcoin.Source: bitcoind, btcd, Esplora).
type Bitcoin struct {
	// Source is the node.
	Source bitcoin.Source
	// Options are the screening options (the network, workers).
	Options []bitcoin.Option
}

// Name is "bitcoin".
func (b Bitcoin) Name() string { return "bitcoin" }

// Hash returns the best chain's block hash at height.
func (b Bitcoin) Hash(ctx context.Context, height int64) (string, error) {
	h, err := b.Source.BlockHash(ctx, height)
	if errors.Is(err, bitcoin.ErrNotFound) {
		return "", fmt.Errorf("%w: %d", ErrNoBlock, height)
	}
	if err != nil {
		return "", err
	}
	return h.String(), nil
}

// Screen screens the block through the node (every input's previous output fetched).
func (b Bitcoin) Screen(ctx context.Context, s *screen.Screener, hash string) (screen.BlockResult, error) {
	h, err := chainhash.NewHashFromStr(hash)
	if err != nil {
		return screen.BlockResult{}, err
	}
	return bitcoin.ScreenBlockHash(ctx, s, b.Source, *h, b.Options...)
}
