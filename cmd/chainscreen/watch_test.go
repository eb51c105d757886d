package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/chainscreen/chainscreen/internal/btcdtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// `watch --once` against the simnet btcd: every block from --from is screened (the
// coinbases pay the listed miner address: exit 1), and a second run resumes from the
// state file with nothing to repeat (exit 0, no output).
func TestWatchCommand(t *testing.T) {
	n := simnet(t)
	ctx := context.Background()
	hashes, err := n.Generate(ctx, 3)
	require.NoError(t, err)
	dir := t.TempDir()
	list := filepath.Join(dir, "custom.csv")
	require.NoError(t, os.WriteFile(list, []byte("address,name\n"+btcdtest.MainnetText(n.MinerAddr)+",MINER\n"), 0o600))
	blk, err := n.Call(ctx, "getblock", hashes[0].String())
	require.NoError(t, err)
	var head struct{ Height int64 }
	require.NoError(t, json.Unmarshal(blk, &head))
	state := filepath.Join(dir, "watch.json")
	args := []string{"watch", "--chain", "bitcoin", "--rpc", n.URL, "--network", "simnet", "--once",
		"--from", "0", "--state", state, "--confirmations", "2", "--list", list}
	args[9] = strconv.FormatInt(head.Height, 10)
	code, out, errs := cli(t, "", args...)
	require.Equal(t, exitHit, code, errs)
	var blocks, txs int
	for _, e := range decodeNDJSON[map[string]any](t, out) {
		switch e["type"] {
		case "block":
			blocks++
		case "tx":
			txs++
		}
	}
	assert.Equal(t, 3, blocks, out)
	assert.Equal(t, 3, txs, "one coinbase hit per block")

	code, out, errs = cli(t, "", args...)
	assert.Equal(t, exitClear, code, errs)
	assert.Empty(t, out)

	code, _, errs = cli(t, "", "watch", "--chain", "solana", "--rpc", n.URL)
	assert.Equal(t, exitInvalid, code)
	assert.Contains(t, errs, "bitcoin")
}
