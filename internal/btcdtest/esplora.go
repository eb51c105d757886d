package btcdtest

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/wire"

	"github.com/chainscreen/chainscreen/screen/bitcoin"
)

// EsploraFront serves the Esplora REST paths a client reads (/block-height/:h,
// /block/:hash/raw, /tx/:txid/hex, /tx/:txid with prevouts) from src, a real node (no
// Esplora server is available offline): each request becomes node calls, as electrs
// answers from bitcoind.
func EsploraFront(c bitcoin.Source) http.Handler {
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
	return mux
}
