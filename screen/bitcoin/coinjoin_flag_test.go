package bitcoin

import (
	"bufio"
	"context"
	"encoding/hex"
	"encoding/json"
	"github.com/chainscreen/chainscreen/internal/listtest"
	"os"
	"strings"
	"testing"

	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every screened Bitcoin transaction is checked for CoinJoin: the 7 named real CoinJoins
// (full hex, screened from the transaction alone) carry COINJOIN with their kind (the
// labels' "whirlpool_mix" is the kind "whirlpool"; "other" is the JoinMarket-shaped one),
// and the real blocks' 3,545 transactions none (the coinjoin package's own tests measure
// the rules on all 387 labelled records and controls).
func TestCoinJoinFlagOnRealTransactions(t *testing.T) {
	s, err := screen.New([]*sanctions.List{listtest.MemList(t, "2025-11-19", [3]string{"XBT", listedP2PKH, "1"})})
	require.NoError(t, err)
	f, err := os.Open(testdata.Path(t, "bitcoin", "coinjoin", "coinjoins.jsonl"))
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 8<<20)
	want := map[string]string{"whirlpool_mix": "whirlpool", "wasabi2": "wasabi2", "joinmarket": "joinmarket",
		"whirlpool_tx0": "whirlpool_tx0", "other": "joinmarket"}
	n := 0
	for sc.Scan() {
		var rec struct{ TxID, Hex, Kind string }
		require.NoError(t, json.Unmarshal(sc.Bytes(), &rec))
		raw, err := hex.DecodeString(rec.Hex)
		require.NoError(t, err)
		res, err := ScreenTx(context.Background(), s, raw)
		require.NoError(t, err)
		require.Equal(t, rec.TxID, res.TxID)
		assert.Contains(t, res.Flags, screen.FlagCoinJoin, rec.TxID)
		if assert.NotNil(t, res.CoinJoin, rec.TxID) {
			assert.Equal(t, want[rec.Kind], res.CoinJoin.Kind, "%s labelled %s: %s", rec.TxID, rec.Kind, res.CoinJoin.Detail)
			assert.True(t, strings.HasPrefix(res.CoinJoin.Detail, res.CoinJoin.Kind), res.CoinJoin.Detail)
		}
		n++
	}
	require.NoError(t, sc.Err())
	assert.Equal(t, 7, n)

	for name := range realBlocks {
		res, err := ScreenBlock(context.Background(), s, readBlock(t, name))
		require.NoError(t, err)
		assert.NotContains(t, res.Flags, screen.FlagCoinJoin, blockLabel(name))
	}
}
