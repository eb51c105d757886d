package coinjoin

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/btcsuite/btcd/wire"
	"github.com/chainscreen/chainscreen/internal/testdata"
)

// blocksRules is the part of shared/data/bitcoin/coinjoin/blocks_rules.json the test reads.
type blocksRules struct {
	Blocks map[string]struct {
		Height  int                 `json:"height"`
		TxCount int                 `json:"tx_count"`
		Rules   map[string][]string `json:"rules"`
	} `json:"blocks"`
}

func loadBlock(t testing.TB, name string) *wire.MsgBlock {
	t.Helper()
	raw, err := os.ReadFile(testdata.Path(t, "bitcoin", name))
	if err != nil {
		t.Fatal(err)
	}
	var blk wire.MsgBlock
	if err := blk.Deserialize(bytes.NewReader(raw)); err != nil {
		t.Fatal(err)
	}
	return &blk
}

// Counts printed by testdata/count_labels.py for blocks_rules.json: the published rules
// fire on 6 transactions of block 574200 (all rule d) and on none of block 540107.
const (
	block574200Txs   = 3315
	block540107Txs   = 230
	block574200RuleD = 6
)

// TestBlocksPublished runs the published rules over every transaction of the two real
// blocks (no prevouts, as blocks_rules.json did) and requires exactly the transactions
// blocks_rules.json lists for each rule. Detect itself flags none of them: five are Omni
// Layer sends and the sixth spends 2-of-3 multisig inputs.
func TestBlocksPublished(t *testing.T) {
	raw, err := os.ReadFile(testdata.Path(t, "bitcoin", "coinjoin", "blocks_rules.json"))
	if err != nil {
		t.Fatal(err)
	}
	var br blocksRules
	if err := json.Unmarshal(raw, &br); err != nil {
		t.Fatal(err)
	}
	if len(br.Blocks) != 2 {
		t.Fatalf("%d blocks in blocks_rules.json, want 2", len(br.Blocks))
	}
	wantTxs := map[int]int{574200: block574200Txs, 540107: block540107Txs}
	totalD := 0
	for name, want := range br.Blocks {
		blk := loadBlock(t, name)
		if len(blk.Transactions) != want.TxCount || want.TxCount != wantTxs[want.Height] {
			t.Fatalf("%s: %d transactions, json %d, counted %d", name, len(blk.Transactions), want.TxCount, wantTxs[want.Height])
		}
		got := map[string][]string{}
		for _, tx := range blk.Transactions {
			res, err := Detect(tx, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range res.Published {
				got[string(p)] = append(got[string(p)], tx.TxHash().String())
			}
			if res.IsCoinJoin() {
				t.Errorf("block %d: %s flagged %s", want.Height, tx.TxHash(), res)
			}
		}
		for rule, txids := range want.Rules {
			g := got[rule]
			slices.Sort(g)
			w := slices.Clone(txids)
			slices.Sort(w)
			if !slices.Equal(g, w) {
				t.Errorf("block %d rule %s: got %v, want %v", want.Height, rule, g, w)
			}
			delete(got, rule)
			if rule == string(PublishedJoinMarket) {
				totalD += len(txids)
			}
		}
		if len(got) != 0 {
			t.Errorf("block %d: rules not in blocks_rules.json fired: %v", want.Height, got)
		}
	}
	if totalD != block574200RuleD {
		t.Errorf("rule d fired %d times, count_labels.py says %d", totalD, block574200RuleD)
	}
}
