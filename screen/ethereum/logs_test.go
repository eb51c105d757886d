package ethereum

import (
	"context"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chainscreen/chainscreen/screen"
)

// TestApprovalAndERC1155Logs: the parties of Approval (ERC-20 and ERC-721),
// ApprovalForAll and ERC-1155 TransferSingle/TransferBatch logs are screened with their
// roles; a log with one of those topics and another shape is noted, not read.
func TestApprovalAndERC1155Logs(t *testing.T) {
	f := newEthFixture(t)
	token := common.HexToAddress("0x2222222222222222222222222222222222222222")
	word := common.LeftPadBytes([]byte{1}, 32)
	h := func(a common.Address) common.Hash { return common.BytesToHash(a.Bytes()) }
	logs := []*types.Log{
		{Address: token, Index: 0, Topics: []common.Hash{ApprovalTopic, h(cleanETH), h(listedETH1)}, Data: word},
		{Address: token, Index: 1, Topics: []common.Hash{ApprovalTopic, h(listedETH2), h(cleanETH), common.BigToHash(common.Big1)}},
		{Address: token, Index: 2, Topics: []common.Hash{ApprovalForAllTopic, h(cleanETH), h(listedETH3)}, Data: word},
		{Address: token, Index: 3, Topics: []common.Hash{TransferSingleTopic, h(listedETH1), h(cleanETH), h(listedETH2)}, Data: append(word, word...)},
		{Address: token, Index: 4, Topics: []common.Hash{TransferBatchTopic, h(cleanETH), h(listedETH3), h(cleanETH)}, Data: make([]byte, 192)},
		{Address: token, Index: 5, Topics: []common.Hash{TransferSingleTopic, h(listedETH1), h(listedETH1)}, Data: word}, // malformed
		{Address: token, Index: 6, Topics: []common.Hash{ApprovalTopic, common.HexToHash("0xff" + strings.Repeat("00", 31)), h(listedETH1)}, Data: word},
	}
	res, err := ScreenLogs(context.Background(), f.s, logs)
	require.NoError(t, err)
	assert.ElementsMatch(t, []roleHit{
		{RoleLogApprovalSpender, listedETH1}, {RoleLogApprovalOwner, listedETH2}, {RoleLogApprovalSpender, listedETH3},
		{RoleLogOperator, listedETH1}, {screen.RoleLogTransferTo, listedETH2}, {screen.RoleLogTransferFrom, listedETH3},
	}, hitsOf(res))
	require.Len(t, res.Notes, 2, "%v", res.Notes)
	assert.Contains(t, res.Notes[0], "log 5")
	assert.Contains(t, res.Notes[1], "log 6")
}
