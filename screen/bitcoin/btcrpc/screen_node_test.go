package btcrpc

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chainscreen/chainscreen/internal/btcdtest"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/bitcoin"
)

// listedInputs are the spend inputs whose address the list names: the P2SH-P2WPKH,
// P2WSH, taproot key-path, P2PK and bare multisig ones (the last three cannot be
// derived from the spending transaction alone).
var listedInputs = []int{2, 3, 4, 6, 7}

func TestScreenTxThroughBtcd(t *testing.T) {
	n := need(t)
	ctx := context.Background()
	c, err := Dial(ctx, n.URL, WithNetwork(n.Params))
	require.NoError(t, err)
	assert.Equal(t, BackendBtcd, c.Backend())
	var listed []string
	for _, i := range listedInputs {
		listed = append(listed, chain.InputAddresses[i])
	}
	s := listOf(t, listed...)

	viaNode, err := bitcoin.ScreenTxID(ctx, s, c, chain.Spend.TxHash(), bitcoin.WithNetwork(n.Params))
	require.NoError(t, err)
	txOnly, err := bitcoin.ScreenMsgTx(ctx, s, chain.Spend, bitcoin.WithNetwork(n.Params))
	require.NoError(t, err)

	inputHits := func(r screen.TxResult) map[int]bool {
		m := map[int]bool{}
		for _, h := range r.Hits {
			if h.Role == screen.RoleInput {
				m[*h.Index] = true
			}
		}
		return m
	}
	unscreened := func(r screen.TxResult) map[int]string {
		m := map[int]string{}
		for _, u := range r.Unscreened {
			m[u.Index] = u.Reason
		}
		return m
	}
	// Through the node every input is screened by its previous output's script.
	assert.Empty(t, viaNode.Unscreened)
	assert.False(t, viaNode.Incomplete())
	assert.Equal(t, map[int]bool{2: true, 3: true, 4: true, 6: true, 7: true}, inputHits(viaNode))
	assert.Equal(t, []screen.Flag{screen.FlagSanctioned}, viaNode.Flags)
	for _, h := range viaNode.Hits {
		assert.Equal(t, chain.Spend.TxHash().String(), h.TxID)
	}
	// From the transaction alone the P2PK, bare multisig and taproot key-path spends
	// cannot be screened.
	assert.Equal(t, map[int]bool{2: true, 3: true}, inputHits(txOnly))
	u := unscreened(txOnly)
	assert.Len(t, u, 3)
	assert.Contains(t, u[4], "taproot key-path")
	assert.Contains(t, u[6], "P2PK")
	assert.Contains(t, u[7], "multisig")

	for i, kind := range btcdtest.SpendKinds {
		_, un := unscreened(viaNode)[i]
		_, unRaw := unscreened(txOnly)[i]
		t.Logf("input %d %-16s via node: screened=%v unscreened=%v | tx alone: screened=%v unscreened=%v",
			i, kind, !un, un, !unRaw, unRaw)
	}
	t.Logf("via btcd: %d of %d inputs screened, %d UNSCREENED_INPUT; tx alone: %d screened, %d UNSCREENED_INPUT",
		len(chain.Spend.TxIn)-len(viaNode.Unscreened), len(chain.Spend.TxIn), len(viaNode.Unscreened),
		len(chain.Spend.TxIn)-len(txOnly.Unscreened), len(txOnly.Unscreened))
}

func TestScreenBlockThroughBtcd(t *testing.T) {
	n := need(t)
	ctx := context.Background()
	c, err := Dial(ctx, n.URL, WithNetwork(n.Params))
	require.NoError(t, err)
	s := listOf(t, chain.InputAddresses[6], chain.InputAddresses[4])
	byHeight, err := bitcoin.ScreenBlockHeight(ctx, s, c, chain.SpendHeight, bitcoin.WithNetwork(n.Params))
	require.NoError(t, err)
	assert.Equal(t, chain.SpendBlock.String(), byHeight.Hash)
	require.Equal(t, 2, byHeight.Txs) // coinbase and the spend
	// Only the coinbase input is unscreened, and it hides nothing.
	assert.Equal(t, 1, byHeight.Unscreened)
	assert.False(t, byHeight.Incomplete())
	var hits []int
	for _, h := range byHeight.Hits {
		require.Equal(t, chain.Spend.TxHash().String(), h.TxID)
		hits = append(hits, *h.Index)
	}
	assert.ElementsMatch(t, []int{4, 6}, hits)

	byHash, err := bitcoin.ScreenBlockHash(ctx, s, c, chain.SpendBlock, bitcoin.WithNetwork(n.Params))
	require.NoError(t, err)
	assert.Equal(t, byHeight.Hits, byHash.Hits)

	_, err = bitcoin.ScreenBlockHeight(ctx, s, c, 1_000_000)
	assert.ErrorIs(t, err, bitcoin.ErrNotFound)
}
