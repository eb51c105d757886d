package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/btcsuite/btcd/chaincfg"
	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chainscreen/chainscreen/internal/btcdtest"
	"github.com/chainscreen/chainscreen/internal/gethtest"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/bitcoin"
	"github.com/chainscreen/chainscreen/screen/bitcoin/btcrpc"
	"github.com/chainscreen/chainscreen/screen/ethereum/ethrpc"
	"github.com/chainscreen/chainscreen/server"
)

func listOf(t testing.TB, values ...string) *screen.Screener {
	t.Helper()
	var addrs []sanctions.ListedAddress
	for _, v := range values {
		addrs = append(addrs, sanctions.ListedAddress{Value: v, Entity: &sanctions.Entity{ID: v, Name: "LISTED " + v}})
	}
	s, err := screen.New([]*sanctions.List{sanctions.NewList(sanctions.Source{Name: "test", Published: time.Now().UTC()}, addrs)})
	require.NoError(t, err)
	return s
}

func postTx(t testing.TB, url, body string) (int, map[string]any) {
	t.Helper()
	resp, err := http.Post(url+"/v1/transactions", "application/json", bytes.NewBufferString(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m), string(b))
	return resp.StatusCode, m
}

// POST /v1/transactions {"chain":"ethereum","txid"} through the in-process dev node:
// the internal payment to a listed address is a hit with the CLI's TxResult; bad
// input is 400, an unknown hash 404, a stopped node 503, never a clean result.
func TestPostTransactionByIDEthereum(t *testing.T) {
	n := gethtest.Start(t)
	listed := common.HexToAddress("0x00000000000000000000000000000000000A11ce")
	s := listOf(t, listed.Hex())
	c, err := ethrpc.Dial(t.Context(), n.URL, ethrpc.WithChainID(n.ChainID), ethrpc.WithTimeout(2*time.Second))
	require.NoError(t, err)
	defer c.Close()
	a, b := n.Accounts[0], n.Accounts[1]
	fwd := n.Deploy(t, a, gethtest.Initcode(gethtest.ForwarderRuntime(listed)))
	rs := n.MustMine(t, gethtest.Tx{From: b, To: &fwd, Value: big.NewInt(5)}, gethtest.Tx{From: b, To: &a.Address, Value: big.NewInt(1)})
	srv := httptest.NewServer(server.New(s, server.WithEthereumNode(c)))
	defer srv.Close()

	code, m := postTx(t, srv.URL, `{"chain":"ethereum","txid":"`+rs[0].TxHash.Hex()+`"}`)
	require.Equal(t, http.StatusOK, code, m)
	var res screen.TxResult
	js, _ := json.Marshal(m)
	require.NoError(t, json.Unmarshal(js, &res))
	require.Len(t, res.Hits, 1)
	assert.Equal(t, "internal_recipient", string(res.Hits[0].Role))
	assert.Equal(t, rs[0].TxHash.Hex(), res.TxID)

	code, m = postTx(t, srv.URL, `{"chain":"ethereum","txid":"`+rs[1].TxHash.Hex()+`"}`)
	require.Equal(t, http.StatusOK, code, m)
	assert.Empty(t, m["hits"])

	for body, want := range map[string]int{
		`{"chain":"ethereum","txid":"0x12"}`:                                            http.StatusBadRequest,
		`{"chain":"ethereum","txid":"` + rs[0].TxHash.Hex() + `","hex":"00"}`:           http.StatusBadRequest,
		`{"chain":"bitcoin","txid":"` + rs[0].TxHash.Hex()[2:] + `"}`:                   http.StatusBadRequest, // no bitcoin node
		`{"chain":"ethereum","txid":"` + common.HexToHash("0x77").Hex() + `"}`:          http.StatusNotFound,
		`{"chain":"solana","txid":"` + rs[0].TxHash.Hex() + `"}`:                        http.StatusBadRequest,
		`{"chain":"ethereum","txid":"` + rs[0].TxHash.Hex() + `","unknown_field":true}`: http.StatusBadRequest,
	} {
		code, m := postTx(t, srv.URL, body)
		assert.Equal(t, want, code, "%s → %v", body, m)
		assert.Contains(t, m, "error")
	}

	require.NoError(t, n.Close())
	code, m = postTx(t, srv.URL, `{"chain":"ethereum","txid":"`+rs[0].TxHash.Hex()+`"}`)
	assert.Equal(t, http.StatusServiceUnavailable, code, m)
	assert.NotContains(t, m, "hits")
}

// The same endpoint for bitcoin through a real btcd in simnet: a coinbase paying the
// listed miner address is a hit; an unknown txid 404; a stopped node 503.
func TestPostTransactionByIDBitcoin(t *testing.T) {
	ctx := context.Background()
	n, err := btcdtest.Start(ctx)
	if err != nil {
		btcdtest.Missing(t, err)
	}
	stopped := false
	defer func() {
		if !stopped {
			n.Stop()
		}
	}()
	hashes, err := n.Generate(ctx, 2)
	require.NoError(t, err)
	blk, err := n.Block(ctx, hashes[1])
	require.NoError(t, err)
	s := listOf(t, btcdtest.MainnetText(n.MinerAddr))
	src, err := btcrpc.Dial(ctx, n.URL, btcrpc.WithNetwork(&chaincfg.SimNetParams), btcrpc.WithTimeout(2*time.Second))
	require.NoError(t, err)
	srv := httptest.NewServer(server.New(s, server.WithBitcoinNode(src, bitcoin.WithNetwork(&chaincfg.SimNetParams))))
	defer srv.Close()

	txid := blk.Transactions[0].TxHash().String()
	code, m := postTx(t, srv.URL, `{"chain":"bitcoin","txid":"`+txid+`"}`)
	require.Equal(t, http.StatusOK, code, m)
	assert.Equal(t, txid, m["txid"])
	hits, _ := m["hits"].([]any)
	assert.Len(t, hits, 1, "the coinbase output pays the listed miner address")

	code, m = postTx(t, srv.URL, `{"chain":"bitcoin","txid":"`+hashes[0].String()+`"}`) // a block hash, not a txid
	assert.Equal(t, http.StatusNotFound, code, m)

	n.Stop()
	stopped = true
	code, m = postTx(t, srv.URL, `{"chain":"bitcoin","txid":"`+txid+`"}`)
	assert.Equal(t, http.StatusServiceUnavailable, code, m)
	assert.NotContains(t, m, "hits")
}
