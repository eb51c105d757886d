package bitcoin_test

import (
	"context"
	"fmt"
	"time"

	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/chaincfg"
	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"

	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/bitcoin"
)

// exampleScreener screens against a one-party in-memory list holding a real listed
// value (OFAC SDN 2025-11-19).
func exampleScreener() *screen.Screener {
	party := &sanctions.Entity{ID: "1", Name: "EXAMPLE PARTY", Type: "entity", Programs: []string{"CYBER2"}}
	pub := time.Date(2025, 11, 19, 0, 0, 0, 0, time.UTC)
	l := sanctions.NewList(sanctions.Source{Name: "EXAMPLE", Published: pub}, []sanctions.ListedAddress{
		{Value: "123WBUDmSJv4GctdVEz6Qq6z8nXSKrJ4KX", Ticker: "XBT", Entity: party},
	})
	s, err := screen.New([]*sanctions.List{l})
	if err != nil {
		panic(err)
	}
	return s
}

func ExampleScreenMsgTx() {
	s := exampleScreener()
	listed, _ := btcutil.DecodeAddress("123WBUDmSJv4GctdVEz6Qq6z8nXSKrJ4KX", &chaincfg.MainNetParams)
	pkScript, _ := txscript.PayToAddrScript(listed)
	tx := wire.NewMsgTx(2)
	// A P2PK-shaped spend: the address it spends is not in the transaction.
	sigOnly, _ := txscript.NewScriptBuilder().AddData(append(make([]byte, 71), 1)).Script()
	sigOnly[1] = 0x30
	tx.AddTxIn(wire.NewTxIn(&wire.OutPoint{Index: 0}, sigOnly, nil))
	tx.AddTxOut(wire.NewTxOut(1000, pkScript))

	res, err := bitcoin.ScreenMsgTx(context.Background(), s, tx)
	if err != nil {
		panic(err)
	}
	for _, h := range res.Hits {
		fmt.Println(h.Role, *h.Index, h.Address)
	}
	for _, u := range res.Unscreened {
		fmt.Println("unscreened input", u.Index)
	}
	fmt.Println(res.Flags)
	// Output:
	// output 0 123WBUDmSJv4GctdVEz6Qq6z8nXSKrJ4KX
	// unscreened input 0
	// [SANCTIONED UNSCREENED_INPUT]
}
