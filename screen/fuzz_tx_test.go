package screen

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/chainscreen/chainscreen/sanctions"
)

// FuzzScreenBitcoinTx: any bytes either screen or fail with ErrInvalidTx; never a panic.
// Seeds: the first transactions of the real blocks (when the shared data is present)
// and a built transaction with every input kind.
func FuzzScreenBitcoinTx(f *testing.F) {
	tx, _, _ := spendTx(f, newBtcKeys(f))
	f.Add(serialize(f, tx))
	if _, ok := testdata.Lookup("bitcoin"); ok {
		for _, name := range []string{block574200, block540107} {
			raw := readBlock(f, name)
			db, err := decodeBlock(raw)
			if err != nil {
				f.Fatal(err)
			}
			for i := 0; i < len(db.txs) && i < 20; i++ {
				f.Add(raw[db.offs[i]:db.offs[i+1]])
			}
		}
	}
	s, err := New([]*sanctions.List{memList(f, "2025-11-19", [3]string{"XBT", listedP2PKH, "1"})})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		res, err := s.ScreenBitcoinTx(context.Background(), raw)
		if err != nil {
			if !errors.Is(err, ErrInvalidTx) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if res.TxID == "" {
			t.Fatal("no txid")
		}
		// The same bytes as a one-transaction block body must not panic either.
		_, _ = s.ScreenBitcoinBlock(context.Background(), append(make([]byte, 80), append([]byte{1}, raw...)...))
	})
}

// FuzzScreenEthereumTx: any bytes either screen or fail with ErrInvalidTx; never a panic.
// Seeds: a signed transaction of every type and the hostile inputs of the unit tests.
func FuzzScreenEthereumTx(f *testing.F) {
	fx := newEthFixture(f)
	for _, c := range ethCases(f, fx) {
		f.Add(c.raw)
	}
	for name, raw := range hostileEthTxs(f) {
		if name != "oversized" {
			f.Add(raw)
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		_, err := fx.s.ScreenEthereumTx(context.Background(), raw)
		if err != nil && !errors.Is(err, ErrInvalidTx) {
			t.Fatalf("untyped error %v", err)
		}
	})
}

// FuzzScreenEthereumReceipt: any bytes either screen or fail with ErrInvalidReceipt;
// never a panic. Seeds: a receipt with ERC-20 and ERC-721 Transfer logs.
func FuzzScreenEthereumReceipt(f *testing.F) {
	fx := newEthFixture(f)
	amount := common.LeftPadBytes([]byte{1}, 32)
	token := common.HexToAddress("0x2222222222222222222222222222222222222222")
	logs := []*types.Log{
		transferLog(token, 3, listedETH1, cleanETH, 3, amount),
		transferLog(token, 4, cleanETH, listedETH2, 4, nil),
	}
	js, err := json.Marshal(map[string]any{"transactionHash": common.HexToHash("0xabcd"),
		"contractAddress": fx.creation, "logs": logs, "status": "0x1"})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(js)
	f.Add([]byte(`{"logs":[]}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		if _, err := fx.s.ScreenEthereumReceipt(context.Background(), raw); err != nil && !errors.Is(err, ErrInvalidReceipt) {
			t.Fatalf("untyped error %v", err)
		}
	})
}
