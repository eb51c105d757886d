package btcrpc_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/btcsuite/btcd/chaincfg"
	"github.com/btcsuite/btcd/chaincfg/chainhash"

	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/bitcoin"
	"github.com/chainscreen/chainscreen/screen/bitcoin/btcrpc"
)

// Screening a deposit by txid through a bitcoind or btcd node: every input is screened
// by the previous output the node returns.
func ExampleDial() {
	ctx := context.Background()
	var s *screen.Screener // screen.New(lists)
	node, err := btcrpc.Dial(ctx, "http://user:password@127.0.0.1:8332",
		btcrpc.WithNetwork(&chaincfg.MainNetParams)) // refused unless the node's genesis block is mainnet's
	if err != nil {
		log.Fatal(err) // bitcoin.ErrUnavailable, bitcoin.ErrWrongNetwork
	}
	txid, _ := chainhash.NewHashFromStr("f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16")
	res, err := bitcoin.ScreenTxID(ctx, s, node, *txid)
	switch {
	case errors.Is(err, bitcoin.ErrNotFound):
		log.Fatal("unknown transaction")
	case err != nil:
		log.Fatal(err) // the node failed: nothing is reported clean
	}
	fmt.Println(res.Sanctioned(), res.Incomplete())
}
