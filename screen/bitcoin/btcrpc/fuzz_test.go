package btcrpc

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"testing"

	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/wire"
	"github.com/stretchr/testify/require"

	"github.com/chainscreen/chainscreen/screen/bitcoin"
)

// bitcoindTxJSON renders tx in the shape of bitcoind's getrawtransaction verbosity 2
// (the fields read, plus some that are not), with prevouts from prev.
func bitcoindTxJSON(t testing.TB, tx *wire.MsgTx, prev func(wire.OutPoint) *wire.TxOut) map[string]any {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, tx.Serialize(&b))
	var vin []any
	for _, in := range tx.TxIn {
		v := map[string]any{"txid": in.PreviousOutPoint.Hash.String(), "vout": in.PreviousOutPoint.Index,
			"scriptSig": map[string]any{"asm": "", "hex": hex.EncodeToString(in.SignatureScript)}, "sequence": in.Sequence}
		if o := prev(in.PreviousOutPoint); o != nil {
			v["prevout"] = map[string]any{"generated": false, "height": 401,
				"value":        json.Number(strconv.FormatFloat(btcutil.Amount(o.Value).ToBTC(), 'f', 8, 64)),
				"scriptPubKey": map[string]any{"asm": "", "hex": hex.EncodeToString(o.PkScript), "type": "witness_v1_taproot"}}
		}
		vin = append(vin, v)
	}
	return map[string]any{"txid": tx.TxHash().String(), "hash": tx.WitnessHash().String(), "version": tx.Version,
		"hex": hex.EncodeToString(b.Bytes()), "vin": vin, "vout": []any{}, "fee": 0.0005}
}

func fundOutput(op wire.OutPoint) *wire.TxOut {
	if chain == nil || op.Hash != chain.Fund.TxHash() || int(op.Index) >= len(chain.Fund.TxOut) {
		return nil
	}
	return chain.Fund.TxOut[op.Index]
}

func TestDecodeVerboseTxBitcoindShape(t *testing.T) {
	need(t)
	js, err := json.Marshal(bitcoindTxJSON(t, chain.Spend, fundOutput))
	require.NoError(t, err)
	tx, prev, err := DecodeVerboseTx(js)
	require.NoError(t, err)
	require.Equal(t, chain.Spend.TxHash(), tx.TxHash())
	require.Len(t, prev, len(chain.Spend.TxIn))
	for _, in := range chain.Spend.TxIn {
		p := prev[in.PreviousOutPoint]
		require.Equal(t, fundOutput(in.PreviousOutPoint).PkScript, p.PkScript)
		require.Equal(t, fundOutput(in.PreviousOutPoint).Value, p.Value)
	}
	// A vin entry that names another outpoint than the input is refused.
	m := bitcoindTxJSON(t, chain.Spend, fundOutput)
	m["vin"].([]any)[3].(map[string]any)["vout"] = 5
	js, _ = json.Marshal(m)
	_, _, err = DecodeVerboseTx(js)
	require.ErrorIs(t, err, bitcoin.ErrMalformedResponse)
}

func verboseSeeds(f *testing.F) {
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"hex":"00","vin":[]}`))
	f.Add([]byte(`{"hex":"` + "0100000000" + `","vin":[{"coinbase":"00"}]}`))
	if chain != nil {
		js, err := json.Marshal(bitcoindTxJSON(f, chain.Spend, fundOutput))
		require.NoError(f, err)
		f.Add(js)
		js, err = json.Marshal(bitcoindTxJSON(f, chain.Fund, func(wire.OutPoint) *wire.TxOut { return nil }))
		require.NoError(f, err)
		f.Add(js)
	}
}

// FuzzDecodeVerboseTx: any answer decodes or is ErrMalformedResponse; never a panic.
func FuzzDecodeVerboseTx(f *testing.F) {
	verboseSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		tx, prev, err := DecodeVerboseTx(b)
		if err != nil {
			if !errors.Is(err, bitcoin.ErrMalformedResponse) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if tx == nil || prev == nil {
			t.Fatal("nil result without error")
		}
	})
}

// FuzzDecodeVerboseBlock: as FuzzDecodeVerboseTx for getblock verbosity 3.
func FuzzDecodeVerboseBlock(f *testing.F) {
	f.Add([]byte(`{"tx":[]}`))
	if chain != nil {
		blk := map[string]any{"hash": "00", "version": 536870912, "previousblockhash": chain.SpendBlock.String(),
			"merkleroot": chain.SpendBlock.String(), "time": 1700000000, "bits": "207fffff", "nonce": 7,
			"tx": []any{bitcoindTxJSON(f, chain.Fund, fundOutput), bitcoindTxJSON(f, chain.Spend, fundOutput)}}
		js, err := json.Marshal(blk)
		require.NoError(f, err)
		f.Add(js)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		blk, _, err := DecodeVerboseBlock(b)
		if err != nil {
			if !errors.Is(err, bitcoin.ErrMalformedResponse) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if blk == nil || len(blk.Transactions) == 0 {
			t.Fatal("empty block without error")
		}
	})
}

// FuzzDecodeResponses: any JSON-RPC answer body maps to results or to a typed error.
func FuzzDecodeResponses(f *testing.F) {
	f.Add([]byte(`{"result":"00","error":null,"id":0}`), 1)
	f.Add([]byte(`[{"result":"ab","error":null,"id":1},{"result":null,"error":{"code":-5,"message":"No information available about transaction"},"id":0}]`), 2)
	f.Add([]byte(`{"result":null,"error":{"code":-32700,"message":"parse error"},"id":null}`), 1)
	f.Add([]byte(`[{"result":1,"id":0},{"result":2,"id":0}]`), 2)
	f.Add([]byte(`<html>502</html>`), 3)
	f.Fuzz(func(t *testing.T, b []byte, n int) {
		if n < 1 || n > 1000 {
			return
		}
		res, err := decodeResponses(b, n, "h", 200)
		if err != nil {
			if !errors.Is(err, bitcoin.ErrMalformedResponse) && !errors.Is(err, bitcoin.ErrUnavailable) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if len(res) != n {
			t.Fatalf("%d results for %d calls", len(res), n)
		}
		for i, r := range res {
			if r.err == nil && r.result == nil {
				t.Fatal(fmt.Sprint("call ", i, ": neither result nor error"))
			}
		}
	})
}
