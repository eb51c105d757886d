package ethereum_test

import (
	"context"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/ethereum"
)

// exampleScreener screens against a one-party in-memory list holding a real listed
// value (OFAC SDN 2025-11-19).
func exampleScreener() *screen.Screener {
	party := &sanctions.Entity{ID: "1", Name: "EXAMPLE PARTY", Type: "entity", Programs: []string{"CYBER2"}}
	pub := time.Date(2025, 11, 19, 0, 0, 0, 0, time.UTC)
	l := sanctions.NewList(sanctions.Source{Name: "EXAMPLE", Published: pub}, []sanctions.ListedAddress{
		{Value: "0x098B716B8Aaf21512996dC57EB0615e2383E2f96", Ticker: "ETH", Entity: party},
	})
	s, err := screen.New([]*sanctions.List{l})
	if err != nil {
		panic(err)
	}
	return s
}

func ExampleScreenTx() {
	s := exampleScreener()
	key, _ := crypto.HexToECDSA("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
	to := common.HexToAddress("0x098B716B8Aaf21512996dC57EB0615e2383E2f96")
	tx, _ := types.SignTx(types.NewTx(&types.DynamicFeeTx{ChainID: big.NewInt(1), Nonce: 0,
		GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(2), Gas: 21000, To: &to, Value: big.NewInt(1)}),
		types.LatestSignerForChainID(big.NewInt(1)), key)
	raw, _ := tx.MarshalBinary()

	res, err := ethereum.ScreenTx(context.Background(), s, raw)
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
