package watch_test

import (
	"fmt"
	"math/big"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chainscreen/chainscreen/internal/gethtest"
	"github.com/chainscreen/chainscreen/monitor/watch"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/ethereum/ethrpc"
)

// The in-process go-ethereum dev node: the watcher screens each new block (a listed
// internal payment is a hit through the call traces), resumes from its state file
// without repeating anything, and retracts a block replaced by a reorganisation
// (gethtest Fork) before screening its replacement.
func TestWatchEthereumDevNode(t *testing.T) {
	ctx := t.Context()
	n := gethtest.Start(t)
	listed := common.HexToAddress("0x00000000000000000000000000000000000A11ce")
	list := sanctions.NewList(sanctions.Source{Name: "test list", Format: "custom", Published: time.Now().UTC()},
		[]sanctions.ListedAddress{{Value: listed.Hex(), Entity: &sanctions.Entity{ID: "l", Name: "LISTED"}}})
	s, err := screen.New([]*sanctions.List{list})
	require.NoError(t, err)
	c, err := ethrpc.Dial(ctx, n.URL, ethrpc.WithChainID(n.ChainID))
	require.NoError(t, err)
	defer c.Close()
	a, b, d := n.Accounts[0], n.Accounts[1], n.Accounts[2]
	fwd := n.Deploy(t, a, gethtest.Initcode(gethtest.ForwarderRuntime(listed))) // block 1
	n.MustMine(t, gethtest.Tx{From: b, To: &d.Address, Value: big.NewInt(1)})   // block 2: clean
	r3 := n.MustMine(t, gethtest.Tx{From: b, To: &fwd, Value: big.NewInt(7)})   // block 3: listed internal payment
	head3 := r3[0].BlockHash

	chain := watch.Ethereum{Source: c}
	state := filepath.Join(t.TempDir(), "watch.json")
	cfg := watch.Config{Confirmations: 3, From: 1, FromSet: true, StatePath: state}
	var rec recorder
	w, err := watch.New(chain, s, cfg, rec.emit)
	require.NoError(t, err)
	got, err := w.Poll(ctx)
	require.NoError(t, err)
	assert.Equal(t, 3, got)
	evs := rec.take()
	assert.Equal(t, []string{"block 1", "block 2", "tx 3", "block 3", "confirmed 1"}, kinds(evs))
	require.NotNil(t, evs[2].Result)
	assert.True(t, evs[2].Result.Sanctioned(), "the internal payment to the listed address")
	assert.Equal(t, r3[0].TxHash.Hex(), evs[2].TxID)
	assert.Equal(t, head3.Hex(), evs[2].Hash)
	assert.Equal(t, 1, evs[3].Hits)

	// Restart from the state file: nothing again.
	w2, err := watch.New(chain, s, cfg, rec.emit)
	require.NoError(t, err)
	got, err = w2.Poll(ctx)
	require.NoError(t, err)
	assert.Zero(t, got)
	assert.Empty(t, rec.take())

	// Reorganisation: the head goes back to block 2 and a new block 3 (a clean transfer,
	// and the forwarder payment again, which the pool takes back) and 4 are sealed.
	blk2, err := c.BlockHash(ctx, 2)
	require.NoError(t, err)
	require.NoError(t, n.Fork(blk2))
	n.MustMine(t, gethtest.Tx{From: d, To: &a.Address, Value: big.NewInt(2)})
	n.MustMine(t, gethtest.Tx{From: d, To: &a.Address, Value: big.NewInt(3)})
	new3, err := c.BlockHash(ctx, 3)
	require.NoError(t, err)
	require.NotEqual(t, head3, new3)
	got, err = w2.Poll(ctx)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, got, 2)
	evs = rec.take()
	require.NotEmpty(t, evs)
	assert.Equal(t, "retracted 3", kinds(evs)[0])
	assert.Equal(t, head3.Hex(), evs[0].Hash)
	seen := map[string]bool{}
	for _, e := range evs[1:] {
		if e.Type == watch.EventBlock && e.Height == 3 {
			assert.Equal(t, new3.Hex(), e.Hash, "the replacement is screened")
		}
		if e.Type == watch.EventTx {
			k := e.Hash + "/" + e.TxID
			assert.False(t, seen[k], "emitted twice: %s", k)
			seen[k] = true
		}
	}
	t.Logf("after the reorganisation: %v", fmt.Sprint(kinds(evs)))
}
