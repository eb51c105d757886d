package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/chaincfg"
	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chainscreen/chainscreen/internal/btcdtest"
	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/bitcoin/btcrpc"
)

func ethTxHex(t *testing.T, to common.Address) string {
	key, err := crypto.GenerateKey()
	require.NoError(t, err)
	tx, err := types.SignTx(types.NewTx(&types.DynamicFeeTx{ChainID: big.NewInt(1), GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(2), Gas: 21000, To: &to}),
		types.LatestSignerForChainID(big.NewInt(1)), key)
	require.NoError(t, err)
	raw, err := tx.MarshalBinary()
	require.NoError(t, err)
	return hex.EncodeToString(raw)
}

func TestTxCommandEthereum(t *testing.T) {
	list := embeddedListArg
	code, out, errOut := cli(t, "", "tx", "--list", list, "--chain", "ethereum", ethTxHex(t, common.HexToAddress(listedETH)))
	require.Equal(t, exitHit, code, errOut)
	var r screen.TxResult
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	require.Len(t, r.Hits, 1)
	assert.Equal(t, screen.RoleRecipient, r.Hits[0].Role)
	assert.Equal(t, listedETH, r.Hits[0].ListedValue)
	assert.Equal(t, "Lazarus Group", r.Hits[0].Entity.Name)
	assert.Equal(t, r.TxID, r.Hits[0].TxID)

	code, out, _ = cli(t, "0x"+ethTxHex(t, common.HexToAddress(cleanETH))+"\n", "tx", "--list", list, "--chain", "ethereum", "-")
	assert.Equal(t, exitClear, code, out)

	for _, bad := range []string{"zz", "0102", ""} {
		code, _, _ = cli(t, "", "tx", "--list", list, "--chain", "ethereum", bad)
		assert.Equal(t, exitInvalid, code, bad)
	}
	code, _, _ = cli(t, "", "tx", "--list", list, "--chain", "dogecoin", "00")
	assert.Equal(t, exitInvalid, code)
	code, _, _ = cli(t, "", "tx", "--list", filepath.Join(t.TempDir(), "missing.xml"), "--chain", "ethereum", ethTxHex(t, common.HexToAddress(cleanETH)))
	assert.Equal(t, exitUnavailable, code)
}

func TestTxCommandBitcoinPrevouts(t *testing.T) {
	list := embeddedListArg
	// A P2PK-shaped spend (signature only) of a P2PKH output of a throwaway key: not
	// derivable without the prevout, screened with it.
	key, err := btcutilNewKey()
	require.NoError(t, err)
	prevScript, err := txscript.PayToAddrScript(key)
	require.NoError(t, err)
	op := wire.OutPoint{Hash: chainhash.HashH([]byte("prev")), Index: 3}
	sigOnly, _ := txscript.NewScriptBuilder().AddData(append(bytes.Repeat([]byte{0x30}, 71), 1)).Script()
	tx := wire.NewMsgTx(2)
	tx.AddTxIn(wire.NewTxIn(&op, sigOnly, nil))
	tx.AddTxOut(wire.NewTxOut(1, prevScript))
	var b bytes.Buffer
	require.NoError(t, tx.Serialize(&b))
	txHex := hex.EncodeToString(b.Bytes())

	// Not all clear: an input could not be screened (exit 2, with a hint on stderr).
	code, out, errOut := cli(t, "", "tx", "--list", list, "--chain", "bitcoin", txHex)
	assert.Equal(t, exitInvalid, code, out)
	assert.Contains(t, errOut, "--prevouts")
	var r screen.TxResult
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	assert.Equal(t, []screen.Flag{screen.FlagUnscreenedInput}, r.Flags)
	require.Len(t, r.Unscreened, 1)

	pf := filepath.Join(t.TempDir(), "prevouts.json")
	js, _ := json.Marshal([]prevoutJSON{{TxID: op.Hash.String(), Vout: 3, ScriptHex: hex.EncodeToString(prevScript)}})
	require.NoError(t, os.WriteFile(pf, js, 0o600))
	code, out, _ = cli(t, "", "tx", "--list", list, "--chain", "bitcoin", "--prevouts", pf, txHex)
	assert.Equal(t, exitClear, code, out)
	r = screen.TxResult{}
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	assert.Empty(t, r.Unscreened)
	assert.Equal(t, []screen.Flag{}, r.Flags)

	// The same spend of an output that pays a listed address: a hit on the input.
	listed, err := btcutil.DecodeAddress("12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h", &chaincfg.MainNetParams) // in the excerpt
	require.NoError(t, err)
	listedScript, err := txscript.PayToAddrScript(listed)
	require.NoError(t, err)
	js, _ = json.Marshal([]prevoutJSON{{TxID: op.Hash.String(), Vout: 3, ScriptHex: hex.EncodeToString(listedScript)}})
	require.NoError(t, os.WriteFile(pf, js, 0o600))
	code, out, _ = cli(t, "", "tx", "--list", list, "--chain", "bitcoin", "--prevouts", pf, txHex)
	assert.Equal(t, exitHit, code, out)
	r = screen.TxResult{}
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	require.Len(t, r.Hits, 1)
	assert.Equal(t, screen.RoleInput, r.Hits[0].Role)
	assert.Equal(t, "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h", r.Hits[0].ListedValue)

	require.NoError(t, os.WriteFile(pf, []byte(`{"txid":1}`), 0o600))
	code, _, _ = cli(t, "", "tx", "--list", list, "--chain", "bitcoin", "--prevouts", pf, txHex)
	assert.Equal(t, exitInvalid, code)
}

func btcutilNewKey() (btcutil.Address, error) {
	k, err := crypto.GenerateKey() // any 32 random bytes make a hash
	if err != nil {
		return nil, err
	}
	return btcutil.NewAddressPubKeyHash(crypto.FromECDSA(k)[:20], &chaincfg.MainNetParams)
}

func TestBlockCommand(t *testing.T) {
	// The full 2025-11-19b publication: three inputs of block 540107 spend from the
	// listed P2SH address 343w3Xh64q5UpgpvAPqmsUzxrknde8PQHb (derived from their redeem
	// scripts, no previous outputs needed).
	list := testdata.Path(t, "ofac", "sdn_advanced", "2025-11-19b.xml.bz2")
	path := testdata.Path(t, "bitcoin", "block-00000000000000000021868c2cefc52a480d173c849412fe81c4e5ab806f94ab.blk")
	code, out, errOut := cli(t, "", "block", "--list", list, path)
	require.Equal(t, exitHit, code, errOut)
	var r screen.BlockResult
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	assert.Equal(t, 230, r.Txs)
	assert.Equal(t, "00000000000000000021868c2cefc52a480d173c849412fe81c4e5ab806f94ab", r.Hash)
	assert.Equal(t, 1, r.Unscreened) // the coinbase
	require.Len(t, r.Hits, 3)
	for _, h := range r.Hits {
		assert.Equal(t, screen.RoleInput, h.Role)
		assert.Equal(t, "343w3Xh64q5UpgpvAPqmsUzxrknde8PQHb", h.ListedValue)
	}

	// Hex text on stdin is the same block.
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	code2, out2, _ := cli(t, hex.EncodeToString(raw), "block", "--list", list, "-")
	assert.Equal(t, code, code2)
	var r2 screen.BlockResult
	require.NoError(t, json.Unmarshal([]byte(out2), &r2))
	assert.Equal(t, r.Hash, r2.Hash)
	assert.Equal(t, r.Hits, r2.Hits)
	assert.Equal(t, r.Addresses, r2.Addresses)

	code, _, _ = cli(t, "not a block", "block", "--list", list, "-")
	assert.Equal(t, exitInvalid, code)
}

func TestTxCommandThroughBtcd(t *testing.T) {
	n := simnet(t)
	list := embeddedListArg
	rpc := []string{"--rpc", n.URL, "--network", "simnet"}
	tx := func(args ...string) (int, string, string) {
		return cli(t, "", append([]string{"tx", "--list", list, "--chain", "bitcoin"}, args...)...)
	}

	// Through the node every input of the spend of every script type is screened: clean.
	code, out, errOut := tx(append(rpc, simClean.Spend.TxHash().String())...)
	require.Equal(t, exitClear, code, errOut)
	var r screen.TxResult
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	assert.Equal(t, simClean.Spend.TxHash().String(), r.TxID)
	assert.Empty(t, r.Unscreened)
	// One lookup per input and output, two for the bare 1-of-2 multisig input.
	assert.Equal(t, len(simClean.Spend.TxIn)+len(simClean.Spend.TxOut)+1, r.Addresses)

	// The same transaction as raw bytes in a FILE: the P2PK, bare multisig and taproot
	// key-path inputs cannot be screened, so it is not all clear.
	var b bytes.Buffer
	require.NoError(t, simClean.Spend.Serialize(&b))
	file := filepath.Join(t.TempDir(), "spend.bin")
	require.NoError(t, os.WriteFile(file, b.Bytes(), 0o600))
	code, out, _ = tx("--network", "simnet", file)
	require.Equal(t, exitInvalid, code, out)
	r = screen.TxResult{}
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	assert.Len(t, r.Unscreened, 3)
	// Hex text in a FILE is the same transaction.
	require.NoError(t, os.WriteFile(file, []byte(hex.EncodeToString(b.Bytes())+"\n"), 0o600))
	code, out2, _ := tx("--network", "simnet", file)
	assert.Equal(t, exitInvalid, code)
	var r2 screen.TxResult
	require.NoError(t, json.Unmarshal([]byte(out2), &r2))
	assert.Equal(t, r.TxID, r2.TxID)
	assert.Equal(t, r.Unscreened, r2.Unscreened)

	// A transaction that pays a listed address: a hit through the node.
	code, out, errOut = tx(append(rpc, simListed.Spend.TxHash().String())...)
	require.Equal(t, exitHit, code, errOut)
	r = screen.TxResult{}
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	require.Len(t, r.Hits, 1)
	assert.Equal(t, screen.RoleOutput, r.Hits[0].Role)
	assert.Equal(t, listedExcerptP2PKH, r.Hits[0].ListedValue)
	assert.Empty(t, r.Unscreened)

	// The same through an Esplora REST server (its paths served from the simnet btcd).
	c, err := btcrpc.Dial(context.Background(), n.URL, btcrpc.WithNetwork(n.Params))
	require.NoError(t, err)
	esplora := httptest.NewServer(btcdtest.EsploraFront(c))
	defer esplora.Close()
	code, out, errOut = tx("--esplora", esplora.URL, "--network", "simnet", simListed.Spend.TxHash().String())
	require.Equal(t, exitHit, code, errOut)
	r = screen.TxResult{}
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	require.Len(t, r.Hits, 1)
	assert.Empty(t, r.Unscreened)
	code, _, _ = tx("--esplora", esplora.URL, "--rpc", n.URL, "--network", "simnet", simListed.Spend.TxHash().String())
	assert.Equal(t, exitInvalid, code)

	// Credentials from a cookie file instead of the URL.
	cookie := filepath.Join(t.TempDir(), ".cookie")
	require.NoError(t, os.WriteFile(cookie, []byte(n.User+":"+n.Pass), 0o600))
	code, _, errOut = tx("--rpc", "http://"+n.Host, "--rpc-cookie", cookie, "--network", "simnet", simClean.Spend.TxHash().String())
	assert.Equal(t, exitClear, code, errOut)
}

func TestTxCommandNodeErrors(t *testing.T) {
	n := simnet(t)
	list := embeddedListArg
	tx := func(args ...string) (int, string, string) {
		return cli(t, "", append([]string{"tx", "--list", list, "--chain", "bitcoin"}, args...)...)
	}
	unknown := chainhash.HashH([]byte("unknown")).String()

	code, out, errOut := tx("--rpc", n.URL, "--network", "simnet", unknown)
	assert.Equal(t, exitInvalid, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "not found")

	code, _, _ = tx("--rpc", n.URL, "--network", "simnet", "not-a-txid")
	assert.Equal(t, exitInvalid, code)

	// Wrong network: refused, nothing reported.
	code, out, errOut = tx("--rpc", n.URL, "--network", "regtest", simClean.Spend.TxHash().String())
	assert.Equal(t, exitUnavailable, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "genesis")

	// Node down: exit 3, nothing reported, no password on stderr.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	down := l.Addr().String()
	require.NoError(t, l.Close())
	code, out, errOut = tx("--rpc", "http://u:hunter2-secret@"+down, "--network", "simnet", unknown)
	assert.Equal(t, exitUnavailable, code)
	assert.Empty(t, out)
	assert.NotContains(t, errOut, "hunter2-secret")

	// Wrong password: exit 3, not echoed.
	code, out, errOut = tx("--rpc", "http://"+n.User+":wrong-secret-9@"+n.Host, "--network", "simnet", unknown)
	assert.Equal(t, exitUnavailable, code)
	assert.Empty(t, out)
	assert.NotContains(t, errOut, "wrong-secret-9")
	assert.NotContains(t, errOut, n.Pass)
}

func TestBlockCommandThroughBtcd(t *testing.T) {
	n := simnet(t)
	list := embeddedListArg
	block := func(args ...string) (int, string, string) {
		return cli(t, "", append([]string{"block", "--list", list, "--rpc", n.URL, "--network", "simnet"}, args...)...)
	}
	code, out, errOut := block(fmt.Sprint(simListed.SpendHeight))
	require.Equal(t, exitHit, code, errOut)
	var r screen.BlockResult
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	assert.Equal(t, simListed.SpendBlock.String(), r.Hash)
	assert.Equal(t, 2, r.Txs)
	assert.Equal(t, 1, r.Unscreened) // the coinbase
	require.Len(t, r.Hits, 1)

	code, out, errOut = block(simClean.SpendBlock.String())
	require.Equal(t, exitClear, code, errOut)
	r = screen.BlockResult{}
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	assert.Equal(t, simClean.SpendBlock.String(), r.Hash)

	code, out, _ = block("999999")
	assert.Equal(t, exitInvalid, code)
	assert.Empty(t, out)
	code, _, _ = block("12ab")
	assert.Equal(t, exitInvalid, code)
}
