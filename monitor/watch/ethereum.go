package watch

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ethereum/go-ethereum/common"

	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/ethereum"
)

// Ethereum is an Ethereum node as a Chain (any ethereum.BlockSource, such as an
// ethrpc.Client): each block is screened with its receipts and, where the node traces,
// its call trees (without tracing every transaction is UNSCREENED_INPUT, "no call
// traces").
type Ethereum struct {
	// Source is the node.
	Source ethereum.BlockSource
	// Options are the screening options.
	Options []ethereum.Option
}

// Name is "ethereum".
func (e Ethereum) Name() string { return "ethereum" }

// Hash returns the best chain's block hash at height (0x hex).
func (e Ethereum) Hash(ctx context.Context, height int64) (string, error) {
	if height < 0 {
		return "", fmt.Errorf("%w: %d", ErrNoBlock, height)
	}
	h, err := e.Source.BlockHash(ctx, uint64(height))
	if errors.Is(err, ethereum.ErrNotFound) {
		return "", fmt.Errorf("%w: %d", ErrNoBlock, height)
	}
	if err != nil {
		return "", err
	}
	return h.Hex(), nil
}

// Screen fetches the block with that hash (receipts in one call, call traces in one
// call) and screens every transaction.
func (e Ethereum) Screen(ctx context.Context, s *screen.Screener, hash string) (screen.BlockResult, error) {
	h := strings.TrimPrefix(hash, "0x")
	if len(h) != 64 {
		return screen.BlockResult{}, fmt.Errorf("watch: block hash %q is not 32 bytes of hex", hash)
	}
	blk, err := e.Source.BlockByHash(ctx, common.HexToHash(h))
	if err != nil {
		return screen.BlockResult{}, err
	}
	return ethereum.ScreenBlock(ctx, s, blk, e.Options...)
}
