package ethrpc_test

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chainscreen/chainscreen/internal/gethtest"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/ethereum"
	"github.com/chainscreen/chainscreen/screen/ethereum/ethrpc"
)

// Listed addresses of the test list (no key is known for them: they only receive).
var (
	listedTarget    = common.HexToAddress("0x00000000000000000000000000000000000A11ce") // the forwarder pays it internally
	listedTokenTo   = common.HexToAddress("0x00000000000000000000000000000000000B0b00") // the token recipient
	listedBenefic   = common.HexToAddress("0x00000000000000000000000000000000000Cafe0") // a selfdestruct beneficiary
	unlistedAddress = common.HexToAddress("0x00000000000000000000000000000000000D0d00")
)

// testScreener screens against a small list built in the test: the three listed
// addresses above, one party each.
func testScreener(t testing.TB) *screen.Screener {
	t.Helper()
	pub := time.Now().UTC()
	var addrs []sanctions.ListedAddress
	for i, a := range []common.Address{listedTarget, listedTokenTo, listedBenefic} {
		e := &sanctions.Entity{ID: fmt.Sprint(i + 1), Name: "PARTY " + fmt.Sprint(i+1), Type: "entity", Programs: []string{"TEST"}}
		addrs = append(addrs, sanctions.ListedAddress{Ticker: "ETH", Value: a.Hex(), Entity: e})
	}
	l := sanctions.NewList(sanctions.Source{Name: "TEST", Format: "test", Published: pub}, addrs)
	s, err := screen.New([]*sanctions.List{l})
	require.NoError(t, err)
	return s
}

func transferData(to common.Address, amount int64) []byte {
	data := append([]byte{0xa9, 0x05, 0x9c, 0xbb}, common.LeftPadBytes(to.Bytes(), 32)...)
	return append(data, common.LeftPadBytes(big.NewInt(amount).Bytes(), 32)...)
}

func dial(t testing.TB, n *gethtest.Node, opts ...ethrpc.Option) *ethrpc.Client {
	t.Helper()
	c, err := ethrpc.Dial(t.Context(), n.URL, append([]ethrpc.Option{ethrpc.WithChainID(n.ChainID), ethrpc.WithTimeout(5 * time.Second)}, opts...)...)
	require.NoError(t, err)
	t.Cleanup(c.Close)
	return c
}

// hitSet renders hits as "role address index" for comparison.
func hitSet(hits []screen.Hit) map[string]int {
	got := map[string]int{}
	for _, h := range hits {
		idx := -1
		if h.Index != nil {
			idx = *h.Index
		}
		got[fmt.Sprintf("%s %s %d", h.Role, h.Address, idx)]++
	}
	return got
}

// A real dev node with tracing: a token and a forwarder (to a listed address) are
// deployed; screening by hash through ethrpc finds the internal recipient (from the
// callTracer) and the token recipient (from the calldata and the receipt's Transfer
// log); a router over the forwarder gives the call path 0.0; a factory's CREATE and
// CREATE2 children and a selfdestruct's beneficiary carry their roles; the block with
// all of them is screened in one pass with the same hits.
func TestScreenByHashOnDevNode(t *testing.T) {
	n := gethtest.Start(t)
	ctx := t.Context()
	s := testScreener(t)
	c := dial(t, n)
	a, b := n.Accounts[0], n.Accounts[1]

	token := n.Deploy(t, a, gethtest.Initcode(gethtest.TokenRuntime()))
	fwd := n.Deploy(t, a, gethtest.Initcode(gethtest.ForwarderRuntime(listedTarget)))
	router := n.Deploy(t, a, gethtest.Initcode(gethtest.RouterRuntime(fwd)))
	factory := n.Deploy(t, a, gethtest.Initcode(gethtest.FactoryRuntime(7)))
	sd := n.Deploy(t, a, gethtest.Initcode(gethtest.SelfdestructRuntime(listedBenefic)))

	rs := n.MustMine(t,
		gethtest.Tx{From: b, To: &fwd, Value: big.NewInt(777)},                 // 0: internal payment to listedTarget
		gethtest.Tx{From: b, To: &token, Data: transferData(listedTokenTo, 5)}, // 1: token transfer to listedTokenTo
		gethtest.Tx{From: b, To: &router, Value: big.NewInt(9)},                // 2: router → forwarder → listedTarget
		gethtest.Tx{From: b, To: &factory},                                     // 3: CREATE + CREATE2
		gethtest.Tx{From: b, To: &sd, Value: big.NewInt(55)},                   // 4: selfdestruct to listedBenefic
		gethtest.Tx{From: b, To: &unlistedAddress, Value: big.NewInt(1)},       // 5: clean
	)

	screenHash := func(i int) screen.TxResult {
		t.Helper()
		res, err := ethereum.ScreenTxHash(ctx, s, c, rs[i].TxHash)
		require.NoError(t, err)
		assert.Equal(t, rs[i].TxHash.Hex(), res.TxID)
		assert.Empty(t, res.Unscreened, "tx %d: everything screened through the node", i)
		return res
	}

	res := screenHash(0)
	assert.Equal(t, map[string]int{fmt.Sprintf("%s %s 0", ethereum.RoleInternalRecipient, listedTarget.Hex()): 1}, hitSet(res.Hits))
	require.Len(t, res.Notes, 1)
	assert.Contains(t, res.Notes[0], "path 0")
	assert.True(t, res.Sanctioned())

	res = screenHash(1)
	assert.Equal(t, map[string]int{
		fmt.Sprintf("%s %s -1", screen.RoleTokenRecipient, listedTokenTo.Hex()): 1, // calldata
		fmt.Sprintf("%s %s 0", screen.RoleLogTransferTo, listedTokenTo.Hex()):   1, // the receipt's Transfer log
	}, hitSet(res.Hits))

	res = screenHash(2)
	assert.Equal(t, map[string]int{fmt.Sprintf("%s %s 1", ethereum.RoleInternalRecipient, listedTarget.Hex()): 1}, hitSet(res.Hits))
	require.Len(t, res.Notes, 1)
	assert.Contains(t, res.Notes[0], "path 0.0", "router → forwarder → target")

	// The factory's children are not listed: screen them against a list that names them.
	created := crypto.CreateAddress(factory, 1)
	created2 := crypto.CreateAddress2(factory, common.BigToHash(big.NewInt(7)), crypto.Keccak256(gethtest.ChildInitcode))
	party := &sanctions.Entity{ID: "c", Name: "CHILDREN"}
	cl := sanctions.NewList(sanctions.Source{Name: "CHILDREN", Published: time.Now().UTC()}, []sanctions.ListedAddress{
		{Ticker: "ETH", Value: created.Hex(), Entity: party}, {Ticker: "ETH", Value: created2.Hex(), Entity: party}})
	cs, err := screen.New([]*sanctions.List{cl})
	require.NoError(t, err)
	res, err = ethereum.ScreenTxHash(ctx, cs, c, rs[3].TxHash)
	require.NoError(t, err)
	assert.Equal(t, map[string]int{
		fmt.Sprintf("%s %s 0", ethereum.RoleCreatedContract, created.Hex()):  1,
		fmt.Sprintf("%s %s 1", ethereum.RoleCreatedContract, created2.Hex()): 1,
	}, hitSet(res.Hits))

	res = screenHash(4)
	assert.Equal(t, map[string]int{fmt.Sprintf("%s %s 0", ethereum.RoleSelfdestructBeneficiary, listedBenefic.Hex()): 1}, hitSet(res.Hits))

	res = screenHash(5)
	assert.Empty(t, res.Hits)
	assert.Empty(t, res.Flags)
	assert.Positive(t, res.Addresses)

	// The whole block, by number and by hash: receipts in one call, traces in one call.
	num := rs[0].BlockNumber.Uint64()
	blk, err := c.BlockByNumber(ctx, num)
	require.NoError(t, err)
	require.Len(t, blk.Transactions, 6)
	require.NoError(t, blk.TraceErr)
	br, err := ethereum.ScreenBlock(ctx, s, blk)
	require.NoError(t, err)
	assert.Equal(t, rs[0].BlockHash.Hex(), br.Hash)
	assert.Equal(t, 6, br.Txs)
	assert.Zero(t, br.Unscreened)
	assert.Len(t, br.Hits, 5, "internal recipient twice, token recipient twice, beneficiary once")
	byHash, err := c.BlockByHash(ctx, rs[0].BlockHash)
	require.NoError(t, err)
	br2, err := ethereum.ScreenBlock(ctx, s, byHash)
	require.NoError(t, err)
	assert.Equal(t, hitSet(br.Hits), hitSet(br2.Hits))
	h, err := c.BlockHash(ctx, num)
	require.NoError(t, err)
	assert.Equal(t, rs[0].BlockHash, h)
	_, err = c.BlockByNumber(ctx, num+100)
	assert.ErrorIs(t, err, ethrpc.ErrNotFound)
	_, err = c.BlockHash(ctx, num+100)
	assert.ErrorIs(t, err, ethrpc.ErrNotFound)

	// An unknown hash: not found (the CLI's exit 2), nothing reported.
	_, err = ethereum.ScreenTxHash(ctx, s, c, common.HexToHash("0x1234"))
	require.ErrorIs(t, err, ethrpc.ErrNotFound)
	_, err = c.BlockByHash(ctx, common.HexToHash("0x1234"))
	require.ErrorIs(t, err, ethrpc.ErrNotFound)
}

// A node without the debug API: the transaction is screened (sender, recipient,
// receipt) but reported UNSCREENED_INPUT with "no call traces", never complete; the
// listed internal recipient is not seen and the result says so. A block likewise.
func TestNodeWithoutTracing(t *testing.T) {
	n := gethtest.Start(t, gethtest.WithoutTracing())
	ctx := t.Context()
	s := testScreener(t)
	c := dial(t, n)
	a, b := n.Accounts[0], n.Accounts[1]
	token := n.Deploy(t, a, gethtest.Initcode(gethtest.TokenRuntime()))
	fwd := n.Deploy(t, a, gethtest.Initcode(gethtest.ForwarderRuntime(listedTarget)))
	rs := n.MustMine(t,
		gethtest.Tx{From: b, To: &fwd, Value: big.NewInt(777)},
		gethtest.Tx{From: b, To: &token, Data: transferData(listedTokenTo, 5)})

	_, err := c.CallTrace(ctx, rs[0].TxHash)
	require.ErrorIs(t, err, ethereum.ErrNoTraces)

	res, err := ethereum.ScreenTxHash(ctx, s, c, rs[0].TxHash)
	require.NoError(t, err)
	assert.Empty(t, res.Hits, "the internal payment cannot be seen without traces")
	require.Len(t, res.Unscreened, 1)
	assert.Contains(t, res.Unscreened[0].Reason, "no call traces")
	assert.True(t, res.Has(screen.FlagUnscreenedInput))
	assert.True(t, res.Incomplete())

	res, err = ethereum.ScreenTxHash(ctx, s, c, rs[1].TxHash)
	require.NoError(t, err)
	assert.Len(t, res.Hits, 2, "the receipt is still read: token recipient in calldata and log")
	assert.True(t, res.Incomplete())

	blk, err := c.BlockByNumber(ctx, rs[0].BlockNumber.Uint64())
	require.NoError(t, err)
	require.ErrorIs(t, blk.TraceErr, ethereum.ErrNoTraces)
	br, err := ethereum.ScreenBlock(ctx, s, blk)
	require.NoError(t, err)
	assert.Equal(t, 2, br.Unscreened)
	assert.True(t, br.Incomplete())
	assert.True(t, br.Has(screen.FlagUnscreenedInput))
}

// A node that is down, stops, or serves another chain: typed errors, never a result.
// Credentials in the URL are sent as basic auth and never appear in errors.
func TestNodeFailures(t *testing.T) {
	n := gethtest.Start(t)
	ctx := t.Context()
	s := testScreener(t)

	// Wrong chain id.
	_, err := ethrpc.Dial(ctx, n.URL, ethrpc.WithChainID(big.NewInt(1)))
	require.ErrorIs(t, err, ethrpc.ErrWrongNetwork)
	assert.Contains(t, err.Error(), "1337")

	// Nothing listening.
	_, err = ethrpc.Dial(ctx, "http://alice:s3cretpass@127.0.0.1:1", ethrpc.WithTimeout(2*time.Second))
	require.ErrorIs(t, err, ethrpc.ErrNodeUnavailable)
	assert.NotContains(t, err.Error(), "s3cretpass")
	assert.NotContains(t, err.Error(), "alice:")

	// Basic auth through a proxy that requires it; a wrong password is unavailable.
	target, err := url.Parse(n.URL)
	require.NoError(t, err)
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != "alice" || p != "s3cretpass" {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	defer srv.Close()
	authURL := strings.Replace(srv.URL, "http://", "http://alice:s3cretpass@", 1)
	c, err := ethrpc.Dial(ctx, authURL, ethrpc.WithChainID(n.ChainID))
	require.NoError(t, err)
	assert.NotContains(t, c.Endpoint(), "s3cretpass")
	c.Close()
	_, err = ethrpc.Dial(ctx, strings.Replace(srv.URL, "http://", "http://alice:wrongpass@", 1), ethrpc.WithChainID(n.ChainID))
	require.ErrorIs(t, err, ethrpc.ErrNodeUnavailable)
	assert.NotContains(t, err.Error(), "wrongpass")

	// The node stops after Dial: unavailable, nothing reported clean.
	a, b := n.Accounts[0], n.Accounts[1]
	rs := n.MustMine(t, gethtest.Tx{From: a, To: &b.Address, Value: big.NewInt(1)})
	c = dial(t, n, ethrpc.WithTimeout(2*time.Second))
	require.NoError(t, n.Close())
	_, err = ethereum.ScreenTxHash(ctx, s, c, rs[0].TxHash)
	require.ErrorIs(t, err, ethrpc.ErrNodeUnavailable)
	_, err = c.BlockByNumber(ctx, 1)
	require.ErrorIs(t, err, ethrpc.ErrNodeUnavailable)

	// A deadline that has passed: unavailable too.
	dctx, cancel := context.WithTimeout(ctx, time.Nanosecond)
	defer cancel()
	<-dctx.Done()
	_, err = c.Transaction(dctx, rs[0].TxHash)
	require.True(t, errors.Is(err, ethrpc.ErrNodeUnavailable), "%v", err)
}
