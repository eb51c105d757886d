package screen_test

import (
	"context"
	"fmt"
	"math/big"
	"time"

	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/chaincfg"
	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
)

// exampleScreener screens against a one-party in-memory list holding two real listed
// values (OFAC SDN 2025-11-19).
func exampleScreener() *screen.Screener {
	party := &sanctions.Entity{ID: "1", Name: "EXAMPLE PARTY", Type: "entity", Programs: []string{"CYBER2"}}
	pub := time.Date(2025, 11, 19, 0, 0, 0, 0, time.UTC)
	l := sanctions.NewList(sanctions.Source{Name: "EXAMPLE", Published: pub}, []sanctions.ListedAddress{
		{Value: "0x098B716B8Aaf21512996dC57EB0615e2383E2f96", Ticker: "ETH", Entity: party},
		{Value: "123WBUDmSJv4GctdVEz6Qq6z8nXSKrJ4KX", Ticker: "XBT", Entity: party},
	})
	s, err := screen.New([]*sanctions.List{l})
	if err != nil {
		panic(err)
	}
	return s
}

func ExampleScreener_ScreenEthereumTx() {
	s := exampleScreener()
	key, _ := crypto.HexToECDSA("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
	to := common.HexToAddress("0x098B716B8Aaf21512996dC57EB0615e2383E2f96")
	tx, _ := types.SignTx(types.NewTx(&types.DynamicFeeTx{ChainID: big.NewInt(1), Nonce: 0,
		GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(2), Gas: 21000, To: &to, Value: big.NewInt(1)}),
		types.LatestSignerForChainID(big.NewInt(1)), key)
	raw, _ := tx.MarshalBinary()

	res, err := s.ScreenEthereumTx(context.Background(), raw)
	if err != nil {
		panic(err)
	}
	for _, h := range res.Hits {
		fmt.Println(h.Role, h.Address, h.Entity.Name)
	}
	fmt.Println(res.Flags, res.Severity)
	// Output:
	// recipient 0x098B716B8Aaf21512996dC57EB0615e2383E2f96 EXAMPLE PARTY
	// [SANCTIONED] critical
}

func ExampleScreener_ScreenBitcoinMsgTx() {
	s := exampleScreener()
	listed, _ := btcutil.DecodeAddress("123WBUDmSJv4GctdVEz6Qq6z8nXSKrJ4KX", &chaincfg.MainNetParams)
	pkScript, _ := txscript.PayToAddrScript(listed)
	tx := wire.NewMsgTx(2)
	// A P2PK-shaped spend: the address it spends is not in the transaction.
	sigOnly, _ := txscript.NewScriptBuilder().AddData(append(make([]byte, 71), 1)).Script()
	sigOnly[1] = 0x30
	tx.AddTxIn(wire.NewTxIn(&wire.OutPoint{Index: 0}, sigOnly, nil))
	tx.AddTxOut(wire.NewTxOut(1000, pkScript))

	res, err := s.ScreenBitcoinMsgTx(context.Background(), tx)
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
