package exposure_test

import (
	"context"
	"fmt"
	"log"

	"github.com/btcsuite/btcd/chaincfg"
	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/wire"

	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/bitcoin/btcrpc"
	"github.com/chainscreen/chainscreen/screen/bitcoin/exposure"
)

// The exposure of a deposit through a bitcoind or btcd node (with a transaction index).
func ExampleExposure() {
	ctx := context.Background()
	var s *screen.Screener // screen.New with the lists in service
	node, err := btcrpc.Dial(ctx, "http://user:pass@127.0.0.1:8332", btcrpc.WithNetwork(&chaincfg.MainNetParams))
	if err != nil {
		log.Fatal(err)
	}
	txid, _ := chainhash.NewHashFromStr("b5ae1bb0b7b5ad5bd9ea3bd98ff7cd6a5c1dcd8b1ef50ab5fd6a3fc3a2e0e0ad")
	r, err := exposure.Exposure(ctx, s, node, wire.OutPoint{Hash: *txid, Index: 0},
		exposure.WithDepth(3), exposure.WithRule(exposure.Haircut))
	if err != nil {
		log.Fatal(err) // a node error is never a clean result
	}
	for _, src := range r.Sources {
		fmt.Printf("%s: %.2f%% at %d hops (%s)\n", src.Address, src.SharePercent, src.Hops, src.Severity)
	}
	if r.Incomplete() {
		fmt.Println("search cut:", r.Cuts) // EXPOSURE_INCOMPLETE: not clean
	}
}
