package ethrpc_test

import (
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"

	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/ethereum"
	"github.com/chainscreen/chainscreen/screen/ethereum/ethrpc"
)

// Screen a transaction by hash through a node: sender, recipient, calldata, the
// receipt's token events and every internal call (where the node traces).
func ExampleDial() {
	ctx := context.Background()
	var s *screen.Screener // screen.New(lists)
	c, err := ethrpc.Dial(ctx, "http://user:password@127.0.0.1:8545", ethrpc.WithChainID(big.NewInt(1)))
	if err != nil {
		fmt.Println(err) // ErrNodeUnavailable, ErrWrongNetwork: nothing screened
		return
	}
	defer c.Close()
	res, err := ethereum.ScreenTxHash(ctx, s, c, common.HexToHash("0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060"))
	if err != nil {
		fmt.Println(err) // ErrNotFound, ErrNodeUnavailable, ...
		return
	}
	for _, h := range res.Hits {
		fmt.Println(h.Role, h.Address, h.Entity.Name)
	}
	if res.Incomplete() {
		fmt.Println("not all clear:", res.Unscreened) // e.g. "no call traces"
	}
}
