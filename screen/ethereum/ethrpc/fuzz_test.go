package ethrpc

import (
	"encoding/json"
	"errors"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

// seedTx is a signed EIP-1559 transaction in the JSON form of eth_getTransactionByHash.
func seedTx(f *testing.F) []byte {
	key, err := crypto.HexToECDSA("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
	if err != nil {
		f.Fatal(err)
	}
	to := common.HexToAddress("0x098B716B8Aaf21512996dC57EB0615e2383E2f96")
	tx, err := types.SignTx(types.NewTx(&types.DynamicFeeTx{ChainID: big.NewInt(1), GasTipCap: big.NewInt(1),
		GasFeeCap: big.NewInt(2), Gas: 21000, To: &to, Value: big.NewInt(1)}), types.LatestSignerForChainID(big.NewInt(1)), key)
	if err != nil {
		f.Fatal(err)
	}
	b, err := json.Marshal(tx)
	if err != nil {
		f.Fatal(err)
	}
	return b
}

const seedFrame = `{"type":"CALL","from":"0x71562b71999873db5b286df957af199ec94617f7","to":"0x5fbdb2315678afecb367f032d93f642f64180aa3",
"value":"0x309","gas":"0x2dc6c0","gasUsed":"0x5208","input":"0x","calls":[{"type":"CALL","from":"0x5fbdb2315678afecb367f032d93f642f64180aa3",
"to":"0x0000000000000000000000000000000000000a11","value":"0x309","gas":"0x0","gasUsed":"0x0","input":"0x"},
{"type":"SELFDESTRUCT","from":"0x5fbdb2315678afecb367f032d93f642f64180aa3","to":"0x0000000000000000000000000000000000000c3f","value":"0x37"},
{"type":"CREATE2","from":"0x5fbdb2315678afecb367f032d93f642f64180aa3","gas":"0x0","gasUsed":"0x0","input":"0x","error":"out of gas"}]}`

const seedReceipt = `{"blockHash":"0x8c3c0b6b2b1ee7d3b0f4a9d3e3e7e1d7b1c4f0f0a7f2f5d2c1b0a9e8d7c6b5a4","blockNumber":"0x5",
"contractAddress":null,"cumulativeGasUsed":"0xa410","effectiveGasPrice":"0x3b9aca07","from":"0x71562b71999873db5b286df957af199ec94617f7",
"gasUsed":"0x5208","logs":[{"address":"0x5fbdb2315678afecb367f032d93f642f64180aa3","topics":["0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
"0x00000000000000000000000071562b71999873db5b286df957af199ec94617f7","0x0000000000000000000000000000000000000000000000000000000000000b0b"],
"data":"0x0000000000000000000000000000000000000000000000000000000000000005","blockNumber":"0x5",
"transactionHash":"0x1111111111111111111111111111111111111111111111111111111111111111","transactionIndex":"0x0",
"blockHash":"0x8c3c0b6b2b1ee7d3b0f4a9d3e3e7e1d7b1c4f0f0a7f2f5d2c1b0a9e8d7c6b5a4","logIndex":"0x0","removed":false}],
"logsBloom":"0x` + zeros512 + `","status":"0x1","to":"0x5fbdb2315678afecb367f032d93f642f64180aa3",
"transactionHash":"0x1111111111111111111111111111111111111111111111111111111111111111","transactionIndex":"0x0","type":"0x2"}`

const zeros512 = "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000" +
	"00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000" +
	"00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000" +
	"00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"

// checkErr: every decoder error is typed.
func checkErr(t *testing.T, err error) {
	if err != nil && !errors.Is(err, ErrMalformedResponse) && !errors.Is(err, ErrNotFound) {
		t.Fatalf("untyped error %v", err)
	}
}

// FuzzDecoders: any bytes given to the node-answer decoders either decode or fail with
// ErrMalformedResponse (or ErrNotFound for null); never a panic. Seeds: a transaction,
// a receipt, a callTracer frame, a block and block traces in the node's JSON form.
func FuzzDecoders(f *testing.F) {
	tx := seedTx(f)
	f.Add(tx)
	f.Add([]byte(seedFrame))
	f.Add([]byte(seedReceipt))
	f.Add([]byte("[" + seedReceipt + "]"))
	f.Add([]byte(`{"hash":"0x8c3c0b6b2b1ee7d3b0f4a9d3e3e7e1d7b1c4f0f0a7f2f5d2c1b0a9e8d7c6b5a4","number":"0x5","transactions":[` + string(tx) + `]}`))
	f.Add([]byte(`[{"txHash":"0x1111111111111111111111111111111111111111111111111111111111111111","result":` + seedFrame + `},{"error":"execution timeout"}]`))
	f.Add([]byte("null"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		if tx, err := decodeTx(raw); err == nil && tx == nil {
			t.Fatal("nil transaction without error")
		} else {
			checkErr(t, err)
		}
		_, err := decodeReceipt(raw)
		checkErr(t, err)
		_, err = decodeReceipts(raw)
		checkErr(t, err)
		if fr, err := decodeCallFrame(raw); err == nil && fr.Type == "" {
			t.Fatal("frame without a type")
		} else {
			checkErr(t, err)
		}
		_, err = decodeBlockTraces(raw)
		checkErr(t, err)
		_, err = decodeBlockHash(raw)
		checkErr(t, err)
		if b, err := decodeBlock(raw); err == nil {
			for _, tx := range b.Transactions {
				if tx == nil {
					t.Fatal("nil transaction in a block")
				}
			}
		} else {
			checkErr(t, err)
		}
	})
}
