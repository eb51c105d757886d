package ethereum

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chainscreen/chainscreen/screen"
)

// receipts and traces are sources that answer from data held in memory (the node
// adapters live elsewhere; this tests how screening uses what a source returns).
type receipts map[common.Hash]*types.Receipt

func (r receipts) TransactionReceipt(_ context.Context, h common.Hash) (*types.Receipt, error) {
	if rc, ok := r[h]; ok {
		return rc, nil
	}
	return nil, errors.New("not found")
}

type traces struct {
	frame *CallFrame
	err   error
}

func (t traces) CallTrace(context.Context, common.Hash) (*CallFrame, error) { return t.frame, t.err }

func TestScreenWithReceiptAndTraceSources(t *testing.T) {
	f := newEthFixture(t)
	router := common.HexToAddress("0x3333333333333333333333333333333333333333")
	raw := rawTx(t, types.NewTx(&types.DynamicFeeTx{ChainID: chainOne, GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(2),
		Gas: 100000, To: &router, Value: big.NewInt(5)}), types.LatestSignerForChainID(chainOne), f.clean)
	var tx types.Transaction
	require.NoError(t, tx.UnmarshalBinary(raw))
	token := common.HexToAddress("0x2222222222222222222222222222222222222222")
	rc := &types.Receipt{TxHash: tx.Hash(), Logs: []*types.Log{
		transferLog(token, 0, router, listedETH1, 3, common.LeftPadBytes([]byte{9}, 32)),
	}}
	to := func(a common.Address) *common.Address { return &a }
	wei := (*hexutil.Big)(big.NewInt(5))
	root := &CallFrame{Type: "CALL", From: crypto.PubkeyToAddress(f.clean.PublicKey), To: &router, Value: wei, Calls: []CallFrame{
		{Type: "STATICCALL", From: router, To: &token},
		{Type: "CALL", From: router, To: to(listedETH2), Value: wei}, // the router forwards ETH to a listed address
		{Type: "CREATE2", From: router, To: &f.creation, Calls: []CallFrame{
			{Type: "SELFDESTRUCT", From: f.creation, To: to(listedETH3), Value: wei},
		}},
	}}
	res, err := ScreenTransaction(context.Background(), f.s, &tx, WithReceiptSource(receipts{tx.Hash(): rc}), WithTraceSource(traces{frame: root}))
	require.NoError(t, err)
	got := map[string]int{}
	for _, h := range res.Hits {
		idx := -1
		if h.Index != nil {
			idx = *h.Index
		}
		got[fmt.Sprintf("%s %s %d", h.Role, h.Address, idx)]++
	}
	assert.Equal(t, map[string]int{
		fmt.Sprintf("%s %s 0", screen.RoleLogTransferTo, listedETH1.Hex()): 1,
		fmt.Sprintf("%s %s 1", RoleInternalRecipient, listedETH2.Hex()):    1,
		fmt.Sprintf("%s %s 2", RoleCreatedContract, f.creation.Hex()):      1,
		// The listed created contract is also the sender of its selfdestruct's balance.
		fmt.Sprintf("%s %s 3", RoleInternalSender, f.creation.Hex()):          1,
		fmt.Sprintf("%s %s 3", RoleSelfdestructBeneficiary, listedETH3.Hex()): 1,
	}, got)
	assert.Empty(t, res.Unscreened)
	assert.Len(t, res.Notes, 3) // one per internal call with a hit, with its call path
	assert.Contains(t, res.Notes[0], "path 1")
	assert.Contains(t, res.Notes[2], "path 2.0")

	// A node without tracing: reported, never complete.
	res, err = ScreenTransaction(context.Background(), f.s, &tx, WithTraceSource(traces{err: fmt.Errorf("debug_traceTransaction: %w", ErrNoTraces)}))
	require.NoError(t, err)
	require.Len(t, res.Unscreened, 1)
	assert.Contains(t, res.Unscreened[0].Reason, "no call traces")
	assert.True(t, res.Has(screen.FlagUnscreenedInput))

	// A source that fails: an error, no result.
	_, err = ScreenTransaction(context.Background(), f.s, &tx, WithTraceSource(traces{err: errors.New("connection refused")}))
	require.Error(t, err)
	_, err = ScreenTransaction(context.Background(), f.s, &tx, WithReceiptSource(receipts{}))
	require.Error(t, err)
}
