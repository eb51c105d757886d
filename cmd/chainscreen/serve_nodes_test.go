package main

import (
	"bytes"
	"encoding/json"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/chainscreen/chainscreen/internal/gethtest"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func postTx(t *testing.T, url, body string) (int, map[string]any) {
	t.Helper()
	resp, err := http.Post(url+"/v1/transactions", "application/json", bytes.NewBufferString(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	var m map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
	return resp.StatusCode, m
}

// TestServeTransactionsByTxID (issue 10 item 4): POST /v1/transactions {"chain","txid"}
// on a server started with --rpc (btcd simnet) and --eth-rpc (an in-process geth dev
// node): the Bitcoin spend paying a listed address and the Ethereum transaction that
// forwards ETH to a listed address internally are hits; an unknown txid is 404; a chain
// without a node is 501; a malformed txid is 400.
func TestServeTransactionsByTxID(t *testing.T) {
	btc := simnet(t)
	eth := gethtest.Start(t)
	a, b := eth.Accounts[0], eth.Accounts[1]
	target := common.HexToAddress("0x00000000000000000000000000000000000000b2")
	fwd := eth.Deploy(t, a, gethtest.Initcode(gethtest.ForwarderRuntime(target)))
	rs := eth.MustMine(t, gethtest.Tx{From: b, To: &fwd, Value: big.NewInt(777)})

	custom := filepath.Join(t.TempDir(), "custom.csv")
	require.NoError(t, os.WriteFile(custom, []byte("address,name,chain\n"+target.Hex()+",Drainer,ETH\n"), 0o644))
	url, stop := startServe(t, "--list", excerpt(t), "--list", "custom:"+custom,
		"--rpc", btc.URL, "--network", "simnet", "--eth-rpc", eth.URL, "--eth-network", eth.ChainID.String())

	code, m := postTx(t, url, `{"chain":"bitcoin","txid":"`+simListed.Spend.TxHash().String()+`"}`)
	require.Equal(t, http.StatusOK, code, "%v", m)
	assert.Contains(t, m["flags"], string(screen.FlagSanctioned))
	code, m = postTx(t, url, `{"chain":"bitcoin","txid":"`+simClean.Spend.TxHash().String()+`"}`)
	require.Equal(t, http.StatusOK, code, "%v", m)
	assert.Empty(t, m["hits"])

	code, m = postTx(t, url, `{"chain":"ethereum","txid":"`+rs[0].TxHash.Hex()+`"}`)
	require.Equal(t, http.StatusOK, code, "%v", m)
	hits, _ := m["hits"].([]any)
	require.Len(t, hits, 1)
	assert.Equal(t, "internal_recipient", hits[0].(map[string]any)["role"])

	code, m = postTx(t, url, `{"chain":"ethereum","txid":"0x`+common.Bytes2Hex(make([]byte, 32))+`"}`)
	assert.Equal(t, http.StatusNotFound, code, "%v", m)
	code, m = postTx(t, url, `{"chain":"bitcoin","txid":"`+common.Bytes2Hex(bytes.Repeat([]byte{7}, 32))+`"}`)
	assert.Equal(t, http.StatusNotFound, code, "%v", m)
	code, _ = postTx(t, url, `{"chain":"ethereum","txid":"0x12"}`)
	assert.Equal(t, http.StatusBadRequest, code)
	code, _ = postTx(t, url, `{"chain":"bitcoin","txid":"`+simClean.Spend.TxHash().String()+`","hex":"00"}`)
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Equal(t, 0, stop())

	// A server without nodes: 501 for a txid.
	url2, stop2 := startServe(t, "--list", excerpt(t))
	defer stop2()
	code, m = postTx(t, url2, `{"chain":"bitcoin","txid":"`+simClean.Spend.TxHash().String()+`"}`)
	assert.Equal(t, http.StatusNotImplemented, code, "%v", m)

	// A node that cannot be reached at start: the server does not start (exit 3).
	down, err := gethtest.New()
	require.NoError(t, err)
	downURL := down.URL
	require.NoError(t, down.Close())
	code, _, errs := cli(t, "", "serve", "--addr", "127.0.0.1:0", "--list", excerpt(t), "--eth-rpc", downURL, "--eth-network", "any", "--rpc-timeout", "2s")
	assert.Equal(t, exitUnavailable, code, errs)
}
