package main

import (
	"context"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chainscreen/chainscreen/internal/btcdtest"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/bitcoin/exposure"
)

// exposureChain builds on the CLI's simnet btcd:
//
//	FA -> L 30,000,000 and U 90,000,000
//	T2: L 30,000,000 + U 90,000,000 -> 119,990,000   (V = 120,000,000)
//	T0: 119,990,000 -> 119,980,000 = the deposit T0:0
//
// T0 (hop 1, share 1) -> T2 (hop 2): L carries 30/120 = 1/4 (high); U 3/4 -> FA (hop
// 3), which spends a coinbase: complete with depth 3, cut with depth 1.
// It returns the deposit's txid, T2's, and a custom list file naming L.
func exposureChain(t *testing.T) (deposit, merge chainhash.Hash, list string, n *btcdtest.Node) {
	t.Helper()
	n = simnet(t)
	ctx := context.Background()
	w, err := n.NewWallet(ctx, 1)
	require.NoError(t, err)
	l, err := w.NewKey()
	require.NoError(t, err)
	u, err := w.NewKey()
	require.NoError(t, err)
	k, err := w.NewKey()
	require.NoError(t, err)
	_, coins, err := w.Fund(ctx, btcdtest.Payment{To: l, Value: 30_000_000}, btcdtest.Payment{To: u, Value: 90_000_000})
	require.NoError(t, err)
	t2, a, err := w.Pay(ctx, coins, btcdtest.Payment{To: k, Value: 119_990_000})
	require.NoError(t, err)
	t0, _, err := w.Pay(ctx, a, btcdtest.Payment{To: u, Value: 119_980_000})
	require.NoError(t, err)
	_, err = n.Generate(ctx, 1)
	require.NoError(t, err)
	list = filepath.Join(t.TempDir(), "listed.csv")
	require.NoError(t, os.WriteFile(list, []byte("address,name\n"+l.Mainnet+",LISTED MERGER\n"), 0o600))
	return t0.TxHash(), t2.TxHash(), list, n
}

func TestExposureCLI(t *testing.T) {
	deposit, merge, list, n := exposureChain(t)
	op := wire.OutPoint{Hash: deposit, Index: 0}.String()
	run := func(args ...string) (int, string, string) {
		return cli(t, "", append([]string{"exposure", "--rpc", n.URL, "--network", "simnet", "--list", list, op}, args...)...)
	}

	code, out, errOut := run("--format", "json")
	require.Equal(t, exitHit, code, errOut)
	var res exposure.Result
	require.NoError(t, json.Unmarshal([]byte(out), &res), out)
	require.Len(t, res.Sources, 1)
	assert.Zero(t, big.NewRat(1, 4).Cmp(res.Sources[0].Share), res.Sources[0].Share)
	assert.Equal(t, 2, res.Sources[0].Hops)
	assert.Equal(t, screen.SeverityHigh, res.Sources[0].Severity)
	assert.Equal(t, []exposure.Step{{TxID: deposit.String()}, {TxID: merge.String()}}, res.Sources[0].Path)
	assert.Equal(t, []screen.Flag{screen.FlagIndirectExposure}, res.Flags)
	assert.Contains(t, out, `"share": "1/4"`)
	assert.Equal(t, 4, res.Fetched) // T0, T2, FA, the coinbase

	code, out, _ = run()
	require.Equal(t, exitHit, code)
	t.Logf("chainscreen exposure %s:\n%s", op, out)
	for _, want := range []string{"25% (1/4)", "INDIRECT_EXPOSURE", "LISTED MERGER", deposit.String() + " < " + merge.String(), "high"} {
		assert.Contains(t, out, want)
	}

	// Under the threshold: high is not critical.
	code, _, errOut = run("--fail-on", "critical")
	assert.Equal(t, exitClear, code, errOut)
	// Critical from 25%.
	code, _, _ = run("--fail-on", "critical", "--critical-share", "1/4")
	assert.Equal(t, exitHit, code)
	// Poison: share 1.
	code, out, _ = run("--rule", "poison", "--format", "json")
	assert.Equal(t, exitHit, code)
	assert.Contains(t, out, `"share": "1"`)
	// Depth 1: T2 is not reached; never clean.
	code, out, errOut = run("--depth", "1", "--format", "json")
	assert.Equal(t, exitIncomplete, code)
	assert.Contains(t, out, string(screen.FlagExposureIncomplete))
	assert.Contains(t, errOut, "depth")
	// The budget: T0 alone.
	code, _, _ = run("--budget", "1")
	assert.Equal(t, exitIncomplete, code)
	// Min share over 25% cuts U's branch; L is still found.
	code, out, _ = run("--min-share", "80%", "--format", "json")
	assert.Equal(t, exitHit, code)
	assert.Contains(t, out, `"rule": "min_share"`)

	// Bad input: exit 2.
	for _, bad := range [][]string{
		{"exposure", "--rpc", n.URL, "--network", "simnet", "--list", list, "nonsense"},
		{"exposure", "--rpc", n.URL, "--network", "simnet", "--list", list, deposit.String() + ":9"},
		{"exposure", "--rpc", n.URL, "--network", "simnet", "--list", list, strings.Repeat("ab", 32) + ":0"},
		{"exposure", "--rpc", n.URL, "--network", "simnet", "--list", list, op, "--rule", "taint"},
		{"exposure", "--rpc", n.URL, "--network", "simnet", "--list", list, op, "--min-share", "2"},
		{"exposure", "--rpc", n.URL, "--network", "simnet", "--list", list, op, "--depth", "0"},
		{"exposure", "--rpc", n.URL, "--network", "simnet", "--list", list, op, "--format", "xml"},
		{"exposure", "--list", list, op},
	} {
		code, _, errOut := cli(t, "", bad...)
		assert.Equal(t, exitInvalid, code, "%v: %s", bad, errOut)
	}
	// The node is unavailable: exit 3; the wrong network: exit 3.
	code, _, _ = cli(t, "", "exposure", "--rpc", "http://u:p@127.0.0.1:1", "--network", "simnet", "--list", list, op)
	assert.Equal(t, exitUnavailable, code)
	code, _, _ = cli(t, "", "exposure", "--rpc", n.URL, "--list", list, op)
	assert.Equal(t, exitUnavailable, code)
}

func TestParseOutpointAndShare(t *testing.T) {
	h := strings.Repeat("0", 63) + "1"
	op, err := parseOutpoint(" " + h + ":7 ")
	require.NoError(t, err)
	assert.Equal(t, uint32(7), op.Index)
	assert.Equal(t, h, op.Hash.String())
	for _, bad := range []string{"", h, h + ":", h + ":-1", h + ":x", h + ":4294967295", h + ":99999999999", "zz:0", h[:62] + ":0", h + ":1:2"} {
		_, err := parseOutpoint(bad)
		assert.Error(t, err, bad)
	}
	for in, want := range map[string]*big.Rat{"0.1%": big.NewRat(1, 1000), "0.001": big.NewRat(1, 1000), "1/1000": big.NewRat(1, 1000),
		"50%": big.NewRat(1, 2), "0": new(big.Rat), "1": big.NewRat(1, 1), "100%": big.NewRat(1, 1)} {
		got, err := parseShare(in)
		require.NoError(t, err, in)
		assert.Zero(t, want.Cmp(got), in)
	}
	for _, bad := range []string{"", "%", "101%", "2", "-1", "1e-3", "abc", "1/0", strings.Repeat("9", 50)} {
		_, err := parseShare(bad)
		assert.Error(t, err, bad)
	}
}

// FuzzParseOutpoint: never a panic; an accepted outpoint prints back as given.
func FuzzParseOutpoint(f *testing.F) {
	for _, s := range []string{strings.Repeat("ab", 32) + ":0", strings.Repeat("0", 64) + ":4294967294", "x:1", ":", "1/1000", "0.1%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if op, err := parseOutpoint(s); err == nil {
			txid, _, _ := strings.Cut(strings.TrimSpace(s), ":")
			if !strings.EqualFold(op.Hash.String(), strings.TrimSpace(txid)) {
				t.Fatalf("%q -> %v", s, op)
			}
		}
		if r, err := parseShare(s); err == nil && (r.Sign() < 0 || r.Cmp(big.NewRat(1, 1)) > 0) {
			t.Fatalf("share %q -> %s out of [0, 1]", s, r)
		}
	})
}
