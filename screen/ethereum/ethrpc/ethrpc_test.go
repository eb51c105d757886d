package ethrpc_test

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chainscreen/chainscreen/internal/gethtest"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/ethereum"
	"github.com/chainscreen/chainscreen/screen/ethereum/ethrpc"
)

// Addresses of the dev chain's scenario (they hold nothing anywhere else).
var (
	tokenTo   = common.HexToAddress("0x00000000000000000000000000000000000000a1") // receives tokens
	fwdTarget = common.HexToAddress("0x00000000000000000000000000000000000000b2") // receives ETH inside a call
	sdBene    = common.HexToAddress("0x00000000000000000000000000000000000000c3") // receives a SELFDESTRUCT's balance
	clean     = common.HexToAddress("0x00000000000000000000000000000000000000d4")
)

// listOf reads a custom CSV list naming addrs (one party each).
func listOf(t *testing.T, addrs ...common.Address) *screen.Screener {
	t.Helper()
	var b strings.Builder
	b.WriteString("address,name,chain\n")
	for i, a := range addrs {
		b.WriteString(a.Hex() + ",PARTY " + string(rune('A'+i)) + ",ETH\n")
	}
	l, err := sanctions.ReadCustomCSV(context.Background(), strings.NewReader(b.String()),
		sanctions.Meta{Name: "TEST", Published: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
	require.NoError(t, err)
	s, err := screen.New([]*sanctions.List{l})
	require.NoError(t, err)
	return s
}

func transferData(to common.Address, amount int64) []byte {
	data := append([]byte{0xa9, 0x05, 0x9c, 0xbb}, common.LeftPadBytes(to.Bytes(), 32)...)
	return append(data, common.LeftPadBytes(big.NewInt(amount).Bytes(), 32)...)
}

// hitRoles returns the roles of the hits on a.
func hitRoles(r screen.TxResult, a common.Address) []screen.Role {
	var roles []screen.Role
	for _, h := range r.Hits {
		if strings.EqualFold(h.Address, a.Hex()) {
			roles = append(roles, h.Role)
		}
	}
	return roles
}

// TestScreenByHash: on a real in-process go-ethereum dev node, transactions screened by
// hash through JSON-RPC show the token recipient (calldata and Transfer log), the
// internal recipient of a forwarder, and the beneficiary of a SELFDESTRUCT; the block
// gives the same hits with one receipts call and one trace call.
func TestScreenByHash(t *testing.T) {
	n := gethtest.Start(t)
	ctx := t.Context()
	a, b := n.Accounts[0], n.Accounts[1]
	token := n.Deploy(t, a, gethtest.Initcode(gethtest.TokenRuntime()))
	fwd := n.Deploy(t, a, gethtest.Initcode(gethtest.ForwarderRuntime(fwdTarget)))
	sd := n.Deploy(t, a, gethtest.Initcode(gethtest.SelfdestructRuntime(sdBene)))

	rs := n.MustMine(t,
		gethtest.Tx{From: b, To: &token, Data: transferData(tokenTo, 1234)},
		gethtest.Tx{From: b, To: &fwd, Value: big.NewInt(777)},
		gethtest.Tx{From: a, To: &sd, Value: big.NewInt(55)},
		gethtest.Tx{From: a, To: &clean, Value: big.NewInt(1)},
	)
	require.Len(t, rs, 4)

	s := listOf(t, tokenTo, fwdTarget, sdBene)
	c, err := ethrpc.Dial(ctx, n.URL, ethrpc.WithChainID(n.ChainID))
	require.NoError(t, err)
	defer c.Close()

	r, err := c.ScreenTx(ctx, s, rs[0].TxHash)
	require.NoError(t, err)
	assert.ElementsMatch(t, []screen.Role{screen.RoleTokenRecipient, screen.RoleLogTransferTo}, hitRoles(r, tokenTo))
	assert.True(t, r.Sanctioned())
	assert.Empty(t, r.Unscreened)

	r, err = c.ScreenTx(ctx, s, rs[1].TxHash)
	require.NoError(t, err)
	assert.Equal(t, []screen.Role{ethereum.RoleInternalRecipient}, hitRoles(r, fwdTarget),
		"the ETH forwarded inside the call reaches a listed address: %+v", r.Hits)
	assert.Empty(t, r.Unscreened)

	r, err = c.ScreenTx(ctx, s, rs[2].TxHash)
	require.NoError(t, err)
	assert.Contains(t, hitRoles(r, sdBene), ethereum.RoleSelfdestructBeneficiary)

	r, err = c.ScreenTx(ctx, s, rs[3].TxHash)
	require.NoError(t, err)
	assert.False(t, r.Sanctioned())
	assert.Empty(t, r.Unscreened, "a traced, received transaction is complete")

	br, blk, err := c.ScreenBlock(ctx, s, rpc.BlockNumberOrHashWithHash(rs[0].BlockHash, false))
	require.NoError(t, err)
	assert.Equal(t, rs[0].BlockNumber.Uint64(), blk.NumberU64())
	require.Len(t, br.Results, 4)
	assert.Equal(t, 0, br.Unscreened)
	var roles []screen.Role
	for _, h := range br.Hits {
		roles = append(roles, h.Role)
	}
	assert.ElementsMatch(t, []screen.Role{screen.RoleTokenRecipient, screen.RoleLogTransferTo,
		ethereum.RoleInternalRecipient, ethereum.RoleSelfdestructBeneficiary}, roles)

	// By number too, and "latest".
	ref, err := ethrpc.ParseBlockRef(rs[0].BlockNumber.String())
	require.NoError(t, err)
	br2, _, err := c.ScreenBlock(ctx, s, ref)
	require.NoError(t, err)
	assert.Equal(t, br.Hash, br2.Hash)
	ref, err = ethrpc.ParseBlockRef("latest")
	require.NoError(t, err)
	_, latest, err := c.ScreenBlock(ctx, s, ref)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, latest.NumberU64(), blk.NumberU64())
}

// TestCreatedContracts: contracts created inside a call (CREATE and CREATE2) are screened
// as created_contract.
func TestCreatedContracts(t *testing.T) {
	n := gethtest.Start(t)
	ctx := t.Context()
	a, b := n.Accounts[0], n.Accounts[1]
	factory := n.Deploy(t, a, gethtest.Initcode(gethtest.FactoryRuntime(9)))
	created := crypto.CreateAddress(factory, 1)
	created2 := crypto.CreateAddress2(factory, common.BigToHash(big.NewInt(9)), crypto.Keccak256(gethtest.ChildInitcode))
	rs := n.MustMine(t, gethtest.Tx{From: b, To: &factory})
	c, err := ethrpc.Dial(ctx, n.URL)
	require.NoError(t, err)
	defer c.Close()
	r, err := c.ScreenTx(ctx, listOf(t, created, created2), rs[0].TxHash)
	require.NoError(t, err)
	assert.Equal(t, []screen.Role{ethereum.RoleCreatedContract}, hitRoles(r, created))
	assert.Equal(t, []screen.Role{ethereum.RoleCreatedContract}, hitRoles(r, created2))
}

// TestNodeWithoutTracing: a node without the debug API is reported (UNSCREENED_INPUT, "no
// call traces"), by hash and by block; the top level and the receipt are still screened.
func TestNodeWithoutTracing(t *testing.T) {
	n := gethtest.Start(t, gethtest.WithoutTracing())
	ctx := t.Context()
	a, b := n.Accounts[0], n.Accounts[1]
	fwd := n.Deploy(t, a, gethtest.Initcode(gethtest.ForwarderRuntime(fwdTarget)))
	rs := n.MustMine(t, gethtest.Tx{From: b, To: &fwd, Value: big.NewInt(777)})
	c, err := ethrpc.Dial(ctx, n.URL)
	require.NoError(t, err)
	defer c.Close()
	s := listOf(t, fwdTarget)

	r, err := c.ScreenTx(ctx, s, rs[0].TxHash)
	require.NoError(t, err)
	assert.False(t, r.Sanctioned(), "the internal payment cannot be seen without traces")
	require.Len(t, r.Unscreened, 1)
	assert.Contains(t, r.Unscreened[0].Reason, "no call traces")
	assert.Contains(t, r.Flags, screen.FlagUnscreenedInput)

	_, err = c.CallTrace(ctx, rs[0].TxHash)
	assert.ErrorIs(t, err, ethereum.ErrNoTraces)

	br, _, err := c.ScreenBlock(ctx, s, rpc.BlockNumberOrHashWithHash(rs[0].BlockHash, false))
	require.NoError(t, err)
	assert.Equal(t, 1, br.Unscreened)
	assert.Contains(t, br.Flags, screen.FlagUnscreenedInput)
}

// TestErrors: an unknown hash or block is ErrNotFound; a node on another chain is
// ErrWrongNetwork; a node that is down is ErrUnavailable, with no credentials in the
// message.
func TestErrors(t *testing.T) {
	n := gethtest.Start(t)
	ctx := t.Context()
	s := listOf(t, fwdTarget)
	c, err := ethrpc.Dial(ctx, n.URL)
	require.NoError(t, err)
	defer c.Close()
	assert.Equal(t, n.ChainID, c.ChainID())
	// A fresh node answers "transaction indexing is in progress" (ErrUnavailable: ask
	// again later) until its first blocks are indexed.
	a := n.Accounts[0]
	rs := n.MustMine(t, gethtest.Tx{From: a, To: &clean, Value: big.NewInt(1)})
	_, err = c.ScreenTx(ctx, s, rs[0].TxHash)
	require.NoError(t, err)

	_, err = c.ScreenTx(ctx, s, common.HexToHash("0x01"))
	assert.ErrorIs(t, err, ethrpc.ErrNotFound)
	_, _, err = c.ScreenBlock(ctx, s, rpc.BlockNumberOrHashWithNumber(1_000_000))
	assert.ErrorIs(t, err, ethrpc.ErrNotFound)
	_, _, err = c.ScreenBlock(ctx, s, rpc.BlockNumberOrHashWithHash(common.HexToHash("0x02"), false))
	assert.ErrorIs(t, err, ethrpc.ErrNotFound)

	_, err = ethrpc.Dial(ctx, n.URL, ethrpc.WithChainID(big.NewInt(1)))
	assert.ErrorIs(t, err, ethrpc.ErrWrongNetwork)

	down, err := gethtest.New()
	require.NoError(t, err)
	url := strings.Replace(down.URL, "http://", "http://alice:s3cret@", 1)
	c2, err := ethrpc.Dial(ctx, url, ethrpc.WithTimeout(2*time.Second))
	require.NoError(t, err, "credentials in the URL are basic authentication (geth ignores them)")
	require.NoError(t, down.Close())
	_, err = c2.ScreenTx(ctx, s, common.HexToHash("0x01"))
	assert.ErrorIs(t, err, ethrpc.ErrUnavailable)
	assert.NotContains(t, err.Error(), "s3cret")
	_, err = ethrpc.Dial(ctx, url, ethrpc.WithTimeout(2*time.Second))
	assert.ErrorIs(t, err, ethrpc.ErrUnavailable)
	assert.NotContains(t, err.Error(), "s3cret")

	_, err = ethrpc.Dial(ctx, "not a url")
	assert.Error(t, err)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = c.ScreenTx(cctx, s, common.HexToHash("0x01"))
	assert.True(t, errors.Is(err, context.Canceled), "%v", err)
}

func TestParseBlockRef(t *testing.T) {
	for in, ok := range map[string]bool{"0": true, "123": true, "0x7b": true, "latest": true,
		"0x" + strings.Repeat("ab", 32): true, "": false, "-1": false, "12a": false, "0xzz": false,
		"99999999999999999999": false, "+5": false} {
		_, err := ethrpc.ParseBlockRef(in)
		assert.Equal(t, ok, err == nil, "%q: %v", in, err)
	}
	r, err := ethrpc.ParseBlockRef("123")
	require.NoError(t, err)
	num, ok := r.Number()
	assert.True(t, ok)
	assert.Equal(t, int64(123), num.Int64())
}
