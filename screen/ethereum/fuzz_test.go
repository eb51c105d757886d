package ethereum

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/chainscreen/chainscreen/screen"
)

// FuzzScreenEthereumTx: any bytes either screen or fail with screen.ErrInvalidTx; never a panic.
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
		_, err := ScreenTx(context.Background(), fx.s, raw)
		if err != nil && !errors.Is(err, screen.ErrInvalidTx) {
			t.Fatalf("untyped error %v", err)
		}
	})
}

// FuzzScreenEthereumReceipt: any bytes either screen or fail with screen.ErrInvalidReceipt;
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
	// Approval and ERC-1155 events.
	word := common.LeftPadBytes([]byte{1}, 32)
	tp := func(a common.Address) common.Hash { return common.BytesToHash(a.Bytes()) }
	js, err = json.Marshal(map[string]any{"transactionHash": common.HexToHash("0xabcd"), "logs": []*types.Log{
		{Address: token, Index: 0, Topics: []common.Hash{ApprovalTopic, tp(listedETH1), tp(cleanETH)}, Data: word},
		{Address: token, Index: 1, Topics: []common.Hash{TransferSingleTopic, tp(cleanETH), tp(listedETH1), tp(cleanETH)}, Data: append(append([]byte{}, word...), word...)},
		{Address: token, Index: 2, Topics: []common.Hash{TransferBatchTopic, tp(cleanETH), tp(listedETH1), tp(cleanETH)}, Data: make([]byte, 128)},
	}})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(js)
	f.Fuzz(func(t *testing.T, raw []byte) {
		if _, err := ScreenReceiptJSON(context.Background(), fx.s, raw); err != nil && !errors.Is(err, screen.ErrInvalidReceipt) {
			t.Fatalf("untyped error %v", err)
		}
	})
}
