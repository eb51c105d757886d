package ethereum

import (
	"context"
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

func topic(a common.Address) common.Hash { return common.BytesToHash(a.Bytes()) }

func roleSet(res screen.TxResult) map[string]int {
	got := map[string]int{}
	for _, h := range res.Hits {
		idx := -1
		if h.Index != nil {
			idx = *h.Index
		}
		got[fmt.Sprintf("%s %s %d", h.Role, h.Address, idx)]++
	}
	return got
}

// Approval, ApprovalForAll and the ERC-1155 transfer events name their parties with
// roles; a wrong shape is noted and its parties not read.
func TestScreenApprovalAnd1155Logs(t *testing.T) {
	f := newEthFixture(t)
	token := common.HexToAddress("0x2222222222222222222222222222222222222222")
	word := common.LeftPadBytes([]byte{1}, 32)
	h := common.HexToHash("0xabcd")
	logs := []*types.Log{
		{Address: token, Index: 0, TxHash: h, Topics: []common.Hash{ApprovalTopic, topic(listedETH1), topic(cleanETH)}, Data: word},
		{Address: token, Index: 1, TxHash: h, Topics: []common.Hash{ApprovalForAllTopic, topic(cleanETH), topic(listedETH2)}, Data: word},
		{Address: token, Index: 2, TxHash: h, Topics: []common.Hash{TransferSingleTopic, topic(listedETH3), topic(cleanETH), topic(listedETH1)},
			Data: append(append([]byte{}, word...), word...)},
		{Address: token, Index: 3, TxHash: h, Topics: []common.Hash{TransferBatchTopic, topic(cleanETH), topic(listedETH2), topic(cleanETH)},
			Data: make([]byte, 128)},
		// ERC-721 Approval: the token id in topic 3, no data.
		{Address: token, Index: 4, TxHash: h, Topics: []common.Hash{ApprovalTopic, topic(cleanETH), topic(listedETH3), common.BigToHash(big.NewInt(7))}},
		// Wrong shapes: noted, not read.
		{Address: token, Index: 5, TxHash: h, Topics: []common.Hash{TransferSingleTopic, topic(listedETH1), topic(listedETH1)}, Data: word},
		{Address: token, Index: 6, TxHash: h, Topics: []common.Hash{ApprovalTopic, common.HexToHash("0xff00000000000000000000000000000000000000000000000000000000000001"), topic(listedETH1)}, Data: word},
	}
	res, err := ScreenLogs(context.Background(), f.s, logs)
	require.NoError(t, err)
	assert.Equal(t, map[string]int{
		fmt.Sprintf("%s %s 0", RoleLogApprovalOwner, listedETH1.Hex()):       1,
		fmt.Sprintf("%s %s 1", RoleLogApprovalSpender, listedETH2.Hex()):     1,
		fmt.Sprintf("%s %s 2", RoleLogOperator, listedETH3.Hex()):            1,
		fmt.Sprintf("%s %s 2", screen.RoleLogTransferTo, listedETH1.Hex()):   1,
		fmt.Sprintf("%s %s 3", screen.RoleLogTransferFrom, listedETH2.Hex()): 1,
		fmt.Sprintf("%s %s 4", RoleLogApprovalSpender, listedETH3.Hex()):     1,
	}, roleSet(res))
	require.Len(t, res.Notes, 2)
	assert.Contains(t, res.Notes[0], "TransferSingle topic but 3 topics")
	assert.Contains(t, res.Notes[1], "non-address party")
}

// Value does not move to the callee of a DELEGATECALL (the tracer reports the caller's
// value), a STATICCALL or a CALLCODE: the callee is contract_called, not
// internal_recipient, and the caller is no internal_sender.
func TestDelegatecallValueIsNotAPayment(t *testing.T) {
	f := newEthFixture(t)
	router := common.HexToAddress("0x3333333333333333333333333333333333333333")
	raw := rawTx(t, types.NewTx(&types.DynamicFeeTx{ChainID: chainOne, GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(2),
		Gas: 100000, To: &router, Value: big.NewInt(5)}), types.LatestSignerForChainID(chainOne), f.clean)
	var tx types.Transaction
	require.NoError(t, tx.UnmarshalBinary(raw))
	wei := (*hexutil.Big)(big.NewInt(5))
	lib := listedETH1
	root := &CallFrame{Type: "CALL", From: crypto.PubkeyToAddress(f.clean.PublicKey), To: &router, Value: wei, Calls: []CallFrame{
		{Type: "DELEGATECALL", From: router, To: &lib, Value: wei},
		{Type: "CALLCODE", From: router, To: &lib, Value: wei},
		{Type: "staticcall", From: router, To: &lib},
	}}
	res, err := ScreenTransaction(context.Background(), f.s, &tx, WithTraceSource(traces{frame: root}))
	require.NoError(t, err)
	assert.Equal(t, map[string]int{
		fmt.Sprintf("%s %s 0", RoleContractCalled, lib.Hex()): 1,
		fmt.Sprintf("%s %s 1", RoleContractCalled, lib.Hex()): 1,
		fmt.Sprintf("%s %s 2", RoleContractCalled, lib.Hex()): 1,
	}, roleSet(res))
}

// A transaction without a receipt (pending): reported unscreened, never complete.
func TestPendingTransactionIsIncomplete(t *testing.T) {
	f := newEthFixture(t)
	to := cleanETH
	raw := rawTx(t, types.NewTx(&types.DynamicFeeTx{ChainID: chainOne, GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(2),
		Gas: 21000, To: &to, Value: big.NewInt(5)}), types.LatestSignerForChainID(chainOne), f.clean)
	var tx types.Transaction
	require.NoError(t, tx.UnmarshalBinary(raw))
	res, err := ScreenTransaction(context.Background(), f.s, &tx, WithReceiptSource(pendingReceipts{}), WithTraceSource(traces{frame: &CallFrame{Type: "CALL"}}))
	require.NoError(t, err)
	require.Len(t, res.Unscreened, 1)
	assert.Contains(t, res.Unscreened[0].Reason, "no receipt")
	assert.True(t, res.Incomplete())
}

type pendingReceipts struct{}

func (pendingReceipts) TransactionReceipt(context.Context, common.Hash) (*types.Receipt, error) {
	return nil, fmt.Errorf("%w: receipt", ErrNotFound)
}
