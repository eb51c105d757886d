package freeze_test

import (
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/chainscreen/chainscreen/sanctions/freeze"
)

// A Replay fed with logs as a node returns them (ethclient.FilterLogs with
// FilterQuery{Topics: freeze.Topics()}): a freeze and a later release of one address,
// a freeze of another.
func ExampleNewReplay() {
	who := func(a string) common.Hash { return common.BytesToHash(common.HexToAddress(a).Bytes()) }
	rp := freeze.NewReplay()
	err := rp.Apply(
		types.Log{Address: freeze.USDC.Contract, BlockNumber: 100, Index: 2, TxHash: common.Hash{1},
			Topics: []common.Hash{freeze.TopicBlacklisted, who("0x1111111111111111111111111111111111111111")}},
		types.Log{Address: freeze.USDC.Contract, BlockNumber: 100, Index: 3, TxHash: common.Hash{1},
			Topics: []common.Hash{freeze.TopicBlacklisted, who("0x2222222222222222222222222222222222222222")}},
		types.Log{Address: freeze.USDC.Contract, BlockNumber: 250, Index: 0, TxHash: common.Hash{2},
			Topics: []common.Hash{freeze.TopicUnBlacklisted, who("0x2222222222222222222222222222222222222222")}},
	)
	if err != nil {
		panic(err)
	}
	l, err := rp.List()
	if err != nil {
		panic(err)
	}
	fmt.Println(l.Source.Name, "by", l.Source.Publisher)
	for _, la := range l.Addresses {
		state := "frozen"
		if !la.Until.IsZero() {
			state = "released by " + la.EndedBy[:len("UnBlacklisted")]
		}
		fmt.Println(la.Value, la.Category, state)
	}
	// Output:
	// Circle USDC freezes (Ethereum) by Circle
	// 0x1111111111111111111111111111111111111111 issuer_freeze frozen
	// 0x2222222222222222222222222222222222222222 issuer_freeze released by UnBlacklisted
}
