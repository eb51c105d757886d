package bitcoin

import (
	"context"
	"github.com/chainscreen/chainscreen/internal/listtest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
)

// TestScreenMsgTxSnapshot: the same result as ScreenMsgTx against the snapshot's
// lists, which stay in force after the Screener's lists are swapped.
func TestScreenMsgTxSnapshot(t *testing.T) {
	k := newBtcKeys(t)
	tx, prevouts, _ := spendTx(t, k)
	s, err := screen.New([]*sanctions.List{listtest.MemList(t, "2025-11-19", [3]string{"XBT", k.p2wpkh.EncodeAddress(), "1"})})
	require.NoError(t, err)
	ctx := context.Background()
	want, err := ScreenMsgTx(ctx, s, tx, WithPrevouts(prevouts))
	require.NoError(t, err)
	require.NotEmpty(t, want.Hits)
	for _, h := range want.Hits {
		assert.Equal(t, "1", h.Entity.ID)
	}
	snap, err := s.Snapshot()
	require.NoError(t, err)
	require.NoError(t, s.Swap(listtest.MemList(t, "2025-11-20", [3]string{"XBT", listedBTC, "2"})))
	got, err := ScreenMsgTxSnapshot(ctx, snap, tx, WithPrevouts(prevouts))
	require.NoError(t, err)
	assert.Equal(t, want, got, "the pinned lists, not the swapped ones")
	now, err := ScreenMsgTx(ctx, s, tx, WithPrevouts(prevouts))
	require.NoError(t, err)
	for _, h := range now.Hits { // the new list names the outputs' address only
		assert.Equal(t, "2", h.Entity.ID)
	}
	assert.NotEqual(t, want.List, now.List)

	_, err = ScreenMsgTxSnapshot(ctx, nil, tx)
	require.ErrorIs(t, err, screen.ErrNoList)
	_, err = ScreenMsgTxSnapshot(ctx, snap, nil)
	require.ErrorIs(t, err, screen.ErrInvalidTx)
}
