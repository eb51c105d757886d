package btcrpc

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/chaincfg"
	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chainscreen/chainscreen/screen/bitcoin"
)

// esploraFront serves the Esplora REST paths the client reads from the real simnet
// btcd (no Esplora server is available offline): it translates each request into
// btcd JSON-RPC calls, as electrs does from bitcoind.
func esploraFront(t testing.TB, c *Client) *httptest.Server {
	t.Helper()
	notFound := func(w http.ResponseWriter, err error) {
		if errors.Is(err, bitcoin.ErrNotFound) {
			http.Error(w, "Transaction not found", http.StatusNotFound)
			return
		}
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /block-height/{h}", func(w http.ResponseWriter, r *http.Request) {
		h, err := strconv.ParseInt(r.PathValue("h"), 10, 64)
		if err != nil {
			http.Error(w, "bad height", http.StatusBadRequest)
			return
		}
		hash, err := c.BlockHash(r.Context(), h)
		if err != nil {
			notFound(w, err)
			return
		}
		fmt.Fprint(w, hash.String())
	})
	mux.HandleFunc("GET /block/{hash}/raw", func(w http.ResponseWriter, r *http.Request) {
		h, err := chainhash.NewHashFromStr(r.PathValue("hash"))
		if err != nil {
			http.Error(w, "bad hash", http.StatusBadRequest)
			return
		}
		blk, err := c.Block(r.Context(), *h)
		if err != nil {
			notFound(w, err)
			return
		}
		_ = blk.Serialize(w)
	})
	tx := func(r *http.Request) (*wire.MsgTx, error) {
		h, err := chainhash.NewHashFromStr(r.PathValue("txid"))
		if err != nil {
			return nil, fmt.Errorf("%w: bad txid", bitcoin.ErrNotFound)
		}
		return c.Tx(r.Context(), *h)
	}
	mux.HandleFunc("GET /tx/{txid}/hex", func(w http.ResponseWriter, r *http.Request) {
		t, err := tx(r)
		if err != nil {
			notFound(w, err)
			return
		}
		var b bytes.Buffer
		_ = t.Serialize(&b)
		fmt.Fprint(w, hex.EncodeToString(b.Bytes()))
	})
	mux.HandleFunc("GET /tx/{txid}", func(w http.ResponseWriter, r *http.Request) {
		t, err := tx(r)
		if err != nil {
			notFound(w, err)
			return
		}
		var ops []wire.OutPoint
		for _, in := range t.TxIn {
			ops = append(ops, in.PreviousOutPoint)
		}
		prev, err := c.Prevouts(r.Context(), ops)
		if err != nil {
			notFound(w, err)
			return
		}
		var vin []any
		for i, in := range t.TxIn {
			v := map[string]any{"txid": in.PreviousOutPoint.Hash.String(), "vout": in.PreviousOutPoint.Index, "is_coinbase": false}
			if prev[i].Err == nil {
				v["prevout"] = map[string]any{"scriptpubkey": hex.EncodeToString(prev[i].PkScript), "value": prev[i].Value,
					"scriptpubkey_type": "unknown"}
			}
			vin = append(vin, v)
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"txid": t.TxHash().String(), "vin": vin, "status": map[string]any{"confirmed": true}})
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestEsploraThroughBtcd(t *testing.T) {
	n := need(t)
	ctx := context.Background()
	c, err := Dial(ctx, n.URL, WithNetwork(n.Params))
	require.NoError(t, err)
	srv := esploraFront(t, c)

	e, err := DialEsplora(ctx, srv.URL+"/", WithNetwork(n.Params))
	require.NoError(t, err)
	s := listOf(t, chain.InputAddresses[4], chain.InputAddresses[6])
	res, err := bitcoin.ScreenTxID(ctx, s, e, chain.Spend.TxHash(), bitcoin.WithNetwork(n.Params))
	require.NoError(t, err)
	assert.Empty(t, res.Unscreened)
	var hits []int
	for _, h := range res.Hits {
		hits = append(hits, *h.Index)
	}
	assert.ElementsMatch(t, []int{4, 6}, hits)

	blk, err := bitcoin.ScreenBlockHeight(ctx, s, e, chain.SpendHeight)
	require.NoError(t, err)
	assert.Equal(t, chain.SpendBlock.String(), blk.Hash)
	assert.Len(t, blk.Hits, 2)

	_, err = bitcoin.ScreenTxID(ctx, s, e, chainhash.HashH([]byte("nope")))
	assert.ErrorIs(t, err, bitcoin.ErrNotFound)
	_, err = DialEsplora(ctx, srv.URL, WithNetwork(&chaincfg.MainNetParams))
	assert.ErrorIs(t, err, bitcoin.ErrWrongNetwork)
}

// FuzzDecodeEsploraTx: any answer decodes or is ErrMalformedResponse; never a panic.
func FuzzDecodeEsploraTx(f *testing.F) {
	tx := wire.NewMsgTx(2)
	tx.AddTxIn(wire.NewTxIn(&wire.OutPoint{Hash: chainhash.HashH([]byte("p")), Index: 1}, nil, nil))
	tx.AddTxOut(wire.NewTxOut(5, []byte{0x51}))
	f.Add([]byte(fmt.Sprintf(`{"txid":"%s","vin":[{"txid":"%s","vout":1,"prevout":{"scriptpubkey":"5120%s","value":1000}}]}`,
		tx.TxHash(), tx.TxIn[0].PreviousOutPoint.Hash, strings.Repeat("ab", 32))))
	f.Add([]byte(`{"txid":"00","vin":[]}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		prev, err := DecodeEsploraTx(b, tx)
		if err != nil {
			if !errors.Is(err, bitcoin.ErrMalformedResponse) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if len(prev) > len(tx.TxIn) {
			t.Fatalf("%d prevouts for %d inputs", len(prev), len(tx.TxIn))
		}
	})
}
