package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"
	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/screen"
)

// fixClock sets the clock the tables count ages from.
func fixClock(t *testing.T, now time.Time) {
	old := tableNow
	tableNow = func() time.Time { return now }
	t.Cleanup(func() { tableNow = old })
}

// expectedAge is the "(N days old)" of a YYYY-MM-DD date at now, counted here apart
// from the code under test.
func expectedAge(t *testing.T, published string, now time.Time) string {
	p, err := time.Parse(time.DateOnly, published)
	require.NoError(t, err)
	return "published " + published + " (" + itoa(int(now.Sub(p)/(24*time.Hour))) + " days old)"
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestTxTable(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	fixClock(t, now)
	list := embeddedListArg
	txHex := ethTxHex(t, common.HexToAddress(listedETH))
	code, js, errOut := cli(t, "", "tx", "--list", list, "--chain", "ethereum", txHex)
	require.Equal(t, exitHit, code, errOut)
	var r screen.TxResult
	require.NoError(t, json.Unmarshal([]byte(js), &r))

	code, out, errOut := cli(t, "", "tx", "--list", list, "--chain", "ethereum", "--format", "table", txHex)
	require.Equal(t, exitHit, code, errOut)
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	require.Len(t, lines, 4, out) // TX, LIST, header, one hit
	assert.True(t, strings.HasPrefix(lines[0], "TX "+r.TxID), lines[0])
	assert.Contains(t, lines[0], "severity critical")
	assert.Contains(t, lines[1], expectedAge(t, r.List.Published, now))
	assert.True(t, strings.HasPrefix(lines[3], "recipient"), lines[3])
	assert.Contains(t, lines[3], "HIT")
	assert.Contains(t, lines[3], "Lazarus Group")
	assert.Contains(t, lines[3], r.Hits[0].Address)

	code, _, _ = cli(t, "", "tx", "--list", list, "--chain", "ethereum", "--format", "yaml", txHex)
	assert.Equal(t, exitInvalid, code)
}

// TestTxTableUnscreened: an input that cannot be derived without its previous output
// is a row that says why.
func TestTxTableUnscreened(t *testing.T) {
	list := embeddedListArg
	txHex := unscreenedSpendHex(t)
	code, js, _ := cli(t, "", "tx", "--list", list, "--chain", "bitcoin", txHex)
	require.Equal(t, exitInvalid, code)
	var r screen.TxResult
	require.NoError(t, json.Unmarshal([]byte(js), &r))
	require.Len(t, r.Unscreened, 1)

	code, out, _ := cli(t, "", "tx", "--list", list, "--chain", "bitcoin", "--format", "table", txHex)
	require.Equal(t, exitInvalid, code)
	var row string
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "UNSCREENED") && strings.HasPrefix(l, "input") {
			row = l
		}
	}
	require.NotEmpty(t, row, out)
	assert.Contains(t, row, r.Unscreened[0].Reason)
	assert.Contains(t, row, r.Unscreened[0].Outpoint)
}

func TestBlockTable(t *testing.T) {
	now := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	fixClock(t, now)
	list := testdata.Path(t, "ofac", "sdn_advanced", "2025-11-19b.xml.bz2")
	path := testdata.Path(t, "bitcoin", "block-00000000000000000021868c2cefc52a480d173c849412fe81c4e5ab806f94ab.blk")
	code, js, errOut := cli(t, "", "block", "--list", list, path)
	require.Equal(t, exitHit, code, errOut)
	var r screen.BlockResult
	require.NoError(t, json.Unmarshal([]byte(js), &r))

	code, out, errOut := cli(t, "", "block", "--list", list, "--format", "table", path)
	require.Equal(t, exitHit, code, errOut)
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	require.Len(t, lines, 3+len(r.Results), out) // BLOCK, LIST, header, one row per result
	assert.True(t, strings.HasPrefix(lines[0], "BLOCK "+r.Hash), lines[0])
	assert.Contains(t, lines[0], "transactions 230")
	assert.Contains(t, lines[1], expectedAge(t, r.List.Published, now))
	assert.Equal(t, 3, strings.Count(out, "343w3Xh64q5UpgpvAPqmsUzxrknde8PQHb"))
	for i, tx := range r.Results {
		assert.True(t, strings.HasPrefix(lines[3+i], tx.TxID), lines[3+i])
	}

	// Streaming: every row reaches the writer on its own write.
	var w countingWriter
	require.NoError(t, writeBlockTable(&w, r))
	assert.Equal(t, 3+len(r.Results), w.writes)
}

type countingWriter struct{ writes int }

func (c *countingWriter) Write(p []byte) (int, error) { c.writes++; return len(p), nil }

func TestListsDiffTable(t *testing.T) {
	now := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	fixClock(t, now)
	old := testdata.Path(t, "ofac", "excerpts", lcTornadoExcerpt)
	code, js, stderr := cli(t, "", "lists", "diff", old, embeddedListArg)
	require.Equal(t, exitClear, code, stderr)
	var d struct {
		Added   []struct{ Ticker string }     `json:"added"`
		Removed []struct{ Ticker string }     `json:"removed"`
		Old     struct{ Published time.Time } `json:"old"`
		New     struct{ Published time.Time } `json:"new"`
	}
	require.NoError(t, json.Unmarshal([]byte(js), &d))

	code, out, stderr := cli(t, "", "lists", "diff", "--format", "table", old, embeddedListArg)
	require.Equal(t, exitClear, code, stderr)
	assert.Contains(t, out, expectedAge(t, d.Old.Published.Format(time.DateOnly), now))
	assert.Contains(t, out, expectedAge(t, d.New.Published.Format(time.DateOnly), now))
	counts := map[string][2]int{}
	for _, it := range d.Added {
		c := counts[it.Ticker]
		c[0]++
		counts[it.Ticker] = c
	}
	for _, it := range d.Removed {
		c := counts[it.Ticker]
		c[1]++
		counts[it.Ticker] = c
	}
	require.Equal(t, 90, counts["ETH"][1])
	rows := map[string][]string{}
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Fields(l); len(f) == 3 {
			rows[f[0]] = f[1:]
		}
	}
	for tk, c := range counts {
		assert.Equal(t, []string{itoa(c[0]), itoa(c[1])}, rows[tk], tk)
	}
	assert.Equal(t, []string{itoa(len(d.Added)), itoa(len(d.Removed))}, rows["total"])
	assert.Contains(t, out, "changed parties ")
}

func TestAgeDays(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	assert.Equal(t, "0 days", ageDays(now.Add(-time.Hour), now))
	assert.Equal(t, "1 day", ageDays(now.Add(-30*time.Hour), now))
	assert.Equal(t, "379 days", ageDays(time.Date(2025, 11, 19, 0, 0, 0, 0, time.UTC), now))
	assert.Equal(t, "age unknown", ageDays(time.Time{}, now))
}

// unscreenedSpendHex is a spend whose input address cannot be derived without its
// previous output (a signature-only script), as in TestTxCommandBitcoinPrevouts.
func unscreenedSpendHex(t *testing.T) string {
	t.Helper()
	key, err := btcutilNewKey()
	require.NoError(t, err)
	script, err := txscript.PayToAddrScript(key)
	require.NoError(t, err)
	op := wire.OutPoint{Hash: chainhash.HashH([]byte("prev")), Index: 3}
	sigOnly, err := txscript.NewScriptBuilder().AddData(append(bytes.Repeat([]byte{0x30}, 71), 1)).Script()
	require.NoError(t, err)
	tx := wire.NewMsgTx(2)
	tx.AddTxIn(wire.NewTxIn(&op, sigOnly, nil))
	tx.AddTxOut(wire.NewTxOut(1, script))
	var b bytes.Buffer
	require.NoError(t, tx.Serialize(&b))
	return hex.EncodeToString(b.Bytes())
}

// The table shows the --keep columns after LINE, by the names given, "-" for an empty
// cell; a tab or newline in a kept cell cannot break the alignment.
func TestBatchTableKeep(t *testing.T) {
	in := "customer id,address,note\nc-1,0x098B716B8Aaf21512996dC57EB0615e2383E2f96,x\n,1BoatSLRHtKNngkdXEeobR76b53LETtpyT,\"a\tb\"\n"
	code, out, errs := cli(t, in, "batch", "--list", embeddedListArg, "--input-format", "csv",
		"--keep", "customer id,note", "--format", "table")
	assert.Equal(t, exitHit, code, errs)
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	require.Len(t, lines, 3, out)
	assert.Equal(t, []string{"LINE", "customer", "id", "note", "INPUT", "CHAIN", "FLAGS", "LIST", "HITS"}, strings.Fields(lines[0]))
	assert.Equal(t, []string{"2", "c-1", "x", "0x098B716B8Aaf21512996dC57EB0615e2383E2f96", "evm", "SANCTIONED"},
		strings.Fields(lines[1])[:6])
	assert.Equal(t, []string{"3", "-", "a", "b", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "bitcoin", "clear"},
		strings.Fields(lines[2])[:7])
	// The columns are aligned: INPUT starts at the same offset on every line.
	at := strings.Index(lines[0], "INPUT")
	assert.Equal(t, at, strings.Index(lines[1], "0x098B"))
	assert.Equal(t, at, strings.Index(lines[2], "1Boat"))
}
