package main

import (
	"encoding/json"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chainscreen/chainscreen/internal/gethtest"
	"github.com/chainscreen/chainscreen/screen"
)

// ethListed is the listed address of the Ethereum CLI tests (a custom list written by
// ethListFile); the forwarder pays it internally.
var ethListed = common.HexToAddress("0x00000000000000000000000000000000000A11ce")

// ethListFile writes a custom CSV list naming ethListed.
func ethListFile(t testing.TB) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "custom.csv")
	require.NoError(t, os.WriteFile(p, []byte("address,name\n"+ethListed.Hex()+",INTERNAL PAYEE\n"), 0o600))
	return p
}

// ethTxData is transfer(to, amount) calldata.
func ethTxData(to common.Address, amount int64) []byte {
	d := append([]byte{0xa9, 0x05, 0x9c, 0xbb}, common.LeftPadBytes(to.Bytes(), 32)...)
	return append(d, common.LeftPadBytes(big.NewInt(amount).Bytes(), 32)...)
}

// tx and block --chain ethereum --rpc on the in-process dev node: the internal payment
// to the listed address is a hit (exit 1), a clean transfer exits 0, the block with both
// exits 1; an unknown hash exits 2, a wrong chain id and a stopped node exit 3 with
// nothing on stdout; a node without tracing exits 2 (UNSCREENED_INPUT).
func TestEthereumTxAndBlockThroughNode(t *testing.T) {
	n := gethtest.Start(t)
	list := ethListFile(t)
	a, b := n.Accounts[0], n.Accounts[1]
	fwd := n.Deploy(t, a, gethtest.Initcode(gethtest.ForwarderRuntime(ethListed)))
	token := n.Deploy(t, a, gethtest.Initcode(gethtest.TokenRuntime()))
	rs := n.MustMine(t, gethtest.Tx{From: b, To: &fwd, Value: big.NewInt(5)},
		gethtest.Tx{From: b, To: &token, Data: ethTxData(a.Address, 3)})
	rpc := []string{"--rpc", n.URL, "--network", "dev"}
	run := func(args ...string) (int, string, string) {
		return cli(t, "", append([]string{args[0], "--list", list, "--chain", "ethereum"}, append(rpc, args[1:]...)...)...)
	}

	code, out, errOut := run("tx", rs[0].TxHash.Hex())
	require.Equal(t, exitHit, code, errOut)
	var r screen.TxResult
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	require.Len(t, r.Hits, 1)
	assert.Equal(t, "internal_recipient", string(r.Hits[0].Role))
	assert.Equal(t, ethListed.Hex(), r.Hits[0].Address)

	code, out, errOut = run("tx", rs[1].TxHash.Hex())
	require.Equal(t, exitClear, code, errOut+out)

	code, out, errOut = run("block", strconv.FormatUint(rs[0].BlockNumber.Uint64(), 10))
	require.Equal(t, exitHit, code, errOut)
	var br screen.BlockResult
	require.NoError(t, json.Unmarshal([]byte(out), &br))
	assert.Equal(t, 2, br.Txs)
	assert.Len(t, br.Hits, 1)
	code, _, errOut = run("block", rs[0].BlockHash.Hex())
	require.Equal(t, exitHit, code, errOut)

	code, out, errOut = run("tx", common.HexToHash("0x99").Hex())
	assert.Equal(t, exitInvalid, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "not found")
	code, _, _ = run("tx", "0x1234")
	assert.Equal(t, exitInvalid, code)

	// Wrong chain: refused, nothing reported.
	code, out, errOut = cli(t, "", "tx", "--list", list, "--chain", "ethereum", "--rpc", n.URL, "--network", "mainnet", rs[0].TxHash.Hex())
	assert.Equal(t, exitUnavailable, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "chain id")

	// Without tracing: incomplete, exit 2, the result says why.
	nt := gethtest.Start(t, gethtest.WithoutTracing())
	fwd2 := nt.Deploy(t, nt.Accounts[0], gethtest.Initcode(gethtest.ForwarderRuntime(ethListed)))
	rt := nt.MustMine(t, gethtest.Tx{From: nt.Accounts[1], To: &fwd2, Value: big.NewInt(5)})
	code, out, _ = cli(t, "", "tx", "--list", list, "--chain", "ethereum", "--rpc", nt.URL, "--network", "1337", rt[0].TxHash.Hex())
	assert.Equal(t, exitInvalid, code)
	assert.Contains(t, out, "no call traces")

	// The node stops: exit 3, nothing reported, no password shown.
	url := strings.Replace(n.URL, "http://", "http://user:hunter2pw@", 1)
	require.NoError(t, n.Close())
	code, out, errOut = cli(t, "", "tx", "--list", list, "--chain", "ethereum", "--rpc", url, "--network", "dev", "--rpc-timeout", "2s", rs[0].TxHash.Hex())
	assert.Equal(t, exitUnavailable, code)
	assert.Empty(t, out)
	assert.NotContains(t, errOut, "hunter2pw")
}

// watch --chain ethereum --once on the dev node: the block with the listed internal
// payment is a tx event (exit 1); a second run resumes from the state file and emits
// nothing (exit 0).
func TestWatchEthereumOnce(t *testing.T) {
	n := gethtest.Start(t)
	list := ethListFile(t)
	a, b := n.Accounts[0], n.Accounts[1]
	fwd := n.Deploy(t, a, gethtest.Initcode(gethtest.ForwarderRuntime(ethListed)))
	rs := n.MustMine(t, gethtest.Tx{From: b, To: &fwd, Value: big.NewInt(5)})
	state := filepath.Join(t.TempDir(), "watch.json")
	args := []string{"watch", "--chain", "ethereum", "--rpc", n.URL, "--network", "dev", "--list", list,
		"--from", "1", "--once", "--state", state, "--confirmations", "2"}
	code, out, errOut := cli(t, "", args...)
	require.Equal(t, exitHit, code, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 4, out) // block 1, tx 2, block 2, confirmed 1
	var ev struct {
		Type, Hash, TxID string
		Height           int64
	}
	require.NoError(t, json.Unmarshal([]byte(lines[1]), &ev))
	assert.Equal(t, "tx", ev.Type)
	assert.Equal(t, rs[0].TxHash.Hex(), ev.TxID)
	assert.Equal(t, rs[0].BlockHash.Hex(), ev.Hash)
	code, out, errOut = cli(t, "", args...)
	require.Equal(t, exitClear, code, errOut)
	assert.Empty(t, out)
}

// serve --rpc URL --rpc-chain ethereum: POST /v1/transactions by txid through the dev
// node returns the same TxResult as the tx command.
func TestServeTransactionByIDEthereum(t *testing.T) {
	n := gethtest.Start(t)
	list := ethListFile(t)
	a, b := n.Accounts[0], n.Accounts[1]
	fwd := n.Deploy(t, a, gethtest.Initcode(gethtest.ForwarderRuntime(ethListed)))
	rs := n.MustMine(t, gethtest.Tx{From: b, To: &fwd, Value: big.NewInt(5)})
	base, stop := startServe(t, "--list", list, "--rpc", n.URL, "--rpc-chain", "ethereum", "--eth-network", "dev")
	resp, err := http.Post(base+"/v1/transactions", "application/json",
		strings.NewReader(`{"chain":"ethereum","txid":"`+rs[0].TxHash.Hex()+`"}`))
	require.NoError(t, err)
	var got screen.TxResult
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&got))
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	code, out, _ := cli(t, "", "tx", "--list", list, "--chain", "ethereum", "--rpc", n.URL, "--network", "dev", rs[0].TxHash.Hex())
	require.Equal(t, exitHit, code)
	var want screen.TxResult
	require.NoError(t, json.Unmarshal([]byte(out), &want))
	assert.Equal(t, want.Hits, got.Hits)
	assert.Equal(t, want.Flags, got.Flags)
	assert.Equal(t, want.TxID, got.TxID)
	assert.Equal(t, 0, stop())
}
