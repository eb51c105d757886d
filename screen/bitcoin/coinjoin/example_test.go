package coinjoin_test

import (
	"bytes"
	"fmt"

	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/wire"
	"github.com/chainscreen/chainscreen/screen/bitcoin/coinjoin"
)

// A Whirlpool mix of Ashigaru's 0.025 BTC pool (5 P2WPKH inputs, 5 equal outputs),
// rebuilt here without its witness; its inputs' types come from the prevouts.
func ExampleDetect() {
	tx := wire.NewMsgTx(1)
	prevouts := make(coinjoin.Prevouts, 5)
	for i := range 5 {
		tx.AddTxIn(wire.NewTxIn(wire.NewOutPoint(&chainhash.Hash{byte(i)}, 0), nil, nil))
		prevouts[i] = wire.NewTxOut(2_600_000, p2wpkh(i))
		tx.AddTxOut(wire.NewTxOut(2_500_000, p2wpkh(10+i)))
	}
	res, err := coinjoin.Detect(tx, prevouts)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Kind, res.Rule, res.Published)
	fmt.Println(res)
	// Output:
	// whirlpool whirlpool-ashigaru []
	// whirlpool (rule whirlpool-ashigaru): 5 inputs, 5 outputs, 5 x 2500000 sat, ~5 participants
}

func p2wpkh(seed int) []byte {
	return append([]byte{0, 20}, bytes.Repeat([]byte{byte(seed)}, 20)...)
}
