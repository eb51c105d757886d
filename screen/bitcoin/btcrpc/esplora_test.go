package btcrpc

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/chaincfg"
	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chainscreen/chainscreen/internal/btcdtest"
	"github.com/chainscreen/chainscreen/screen/bitcoin"
)

func TestEsploraThroughBtcd(t *testing.T) {
	n := need(t)
	ctx := context.Background()
	c, err := Dial(ctx, n.URL, WithNetwork(n.Params))
	require.NoError(t, err)
	srv := httptest.NewServer(btcdtest.EsploraFront(c))
	defer srv.Close()

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
