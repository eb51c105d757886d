package main

import (
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chainscreen/chainscreen/internal/gethtest"
	"github.com/chainscreen/chainscreen/screen"
)

// TestEthereumByHashCLI (issue 10): tx and block --chain ethereum --rpc URL on a real
// in-process go-ethereum dev node: ETH forwarded inside a contract call to a listed
// address is a hit (exit 1) as internal_recipient; a clean transaction exits 0; an
// unknown hash exits 2; the wrong network and a node that is down exit 3 with nothing
// on stdout.
func TestEthereumByHashCLI(t *testing.T) {
	n := gethtest.Start(t)
	a, b := n.Accounts[0], n.Accounts[1]
	target := common.HexToAddress("0x00000000000000000000000000000000000000b2")
	clean := common.HexToAddress("0x00000000000000000000000000000000000000d4")
	fwd := n.Deploy(t, a, gethtest.Initcode(gethtest.ForwarderRuntime(target)))
	rs := n.MustMine(t, gethtest.Tx{From: b, To: &fwd, Value: big.NewInt(777)},
		gethtest.Tx{From: a, To: &clean, Value: big.NewInt(1)})

	list := filepath.Join(t.TempDir(), "custom.csv")
	require.NoError(t, os.WriteFile(list, []byte("address,name,chain\n"+target.Hex()+",Drainer,ETH\n"), 0o644))
	net := "--network=" + n.ChainID.String()

	code, out, errs := cli(t, "", "tx", "--chain", "ethereum", "--rpc", n.URL, net, "--list", "custom:"+list, rs[0].TxHash.Hex())
	require.Equal(t, exitHit, code, errs)
	var r screen.TxResult
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	require.Len(t, r.Hits, 1)
	assert.Equal(t, screen.Role("internal_recipient"), r.Hits[0].Role)
	assert.Equal(t, "Drainer", r.Hits[0].Entity.Name)

	code, _, errs = cli(t, "", "tx", "--chain", "ethereum", "--rpc", n.URL, net, "--list", "custom:"+list, rs[1].TxHash.Hex())
	assert.Equal(t, 0, code, errs)

	code, out, errs = cli(t, "", "block", "--chain", "ethereum", "--rpc", n.URL, net, "--list", "custom:"+list, rs[0].BlockNumber.String())
	require.Equal(t, exitHit, code, errs)
	var br screen.BlockResult
	require.NoError(t, json.Unmarshal([]byte(out), &br))
	assert.Equal(t, 2, br.Txs)
	assert.Len(t, br.Hits, 1)

	code, out, errs = cli(t, "", "tx", "--chain", "ethereum", "--rpc", n.URL, net, "--list", "custom:"+list,
		"0x"+common.Bytes2Hex(common.LeftPadBytes([]byte{1}, 32)))
	assert.Equal(t, exitInvalid, code, errs)
	assert.Empty(t, out)
	assert.Contains(t, errs, "not found")

	// The default network is mainnet (chain id 1): the dev node is refused.
	code, out, errs = cli(t, "", "tx", "--chain", "ethereum", "--rpc", n.URL, "--list", "custom:"+list, rs[0].TxHash.Hex())
	assert.Equal(t, exitUnavailable, code, errs)
	assert.Empty(t, out)
	assert.Contains(t, errs, "wrong network")

	code, _, errs = cli(t, "", "tx", "--chain", "ethereum", "--rpc", n.URL, net, "--list", "custom:"+list, "0x1234")
	assert.Equal(t, exitInvalid, code, errs)

	down, err := gethtest.New()
	require.NoError(t, err)
	url := down.URL
	require.NoError(t, down.Close())
	code, out, errs = cli(t, "", "tx", "--chain", "ethereum", "--rpc", url, net, "--rpc-timeout", "2s", "--list", "custom:"+list, rs[0].TxHash.Hex())
	assert.Equal(t, exitUnavailable, code, errs)
	assert.Empty(t, out)
}
