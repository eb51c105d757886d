package coinjoin

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/btcsuite/btcd/wire"
	"github.com/chainscreen/chainscreen/internal/testdata"
)

// record is one line of the shared CoinJoin data files.
type record struct {
	TxID     string `json:"txid"`
	Hex      string `json:"hex"`
	Kind     string `json:"kind"`
	Prevouts []struct {
		Value        int64  `json:"value"`
		ScriptPubKey string `json:"scriptpubkey"`
	} `json:"prevouts"`
	RulesSatisfied []string `json:"rules_satisfied"`
	LabelConflict  string   `json:"label_conflict"`

	file     string
	tx       *wire.MsgTx
	prevouts Prevouts
}

// dataFiles are the labelled files of shared/data/bitcoin/coinjoin.
var dataFiles = []string{"coinjoins.jsonl", "coinjoins_witness_stripped.jsonl", "controls.jsonl", "candidates_unlabeled.jsonl"}

func loadRecords(t testing.TB) []*record {
	t.Helper()
	var recs []*record
	for _, name := range dataFiles {
		f, err := os.Open(testdata.Path(t, "bitcoin", "coinjoin", name))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 1<<20), 1<<24)
		for sc.Scan() {
			r := &record{file: name}
			if err := json.Unmarshal(sc.Bytes(), r); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			raw, err := hex.DecodeString(r.Hex)
			if err != nil {
				t.Fatalf("%s %s: %v", name, r.TxID, err)
			}
			r.tx = wire.NewMsgTx(0)
			if err := r.tx.Deserialize(bytes.NewReader(raw)); err != nil {
				t.Fatalf("%s %s: %v", name, r.TxID, err)
			}
			if got := r.tx.TxHash().String(); got != r.TxID {
				t.Fatalf("%s: txid %s, want %s", name, got, r.TxID)
			}
			if r.Prevouts != nil {
				if len(r.Prevouts) != len(r.tx.TxIn) {
					t.Fatalf("%s %s: %d prevouts for %d inputs", name, r.TxID, len(r.Prevouts), len(r.tx.TxIn))
				}
				for _, p := range r.Prevouts {
					pk, err := hex.DecodeString(p.ScriptPubKey)
					if err != nil {
						t.Fatal(err)
					}
					r.prevouts = append(r.prevouts, wire.NewTxOut(p.Value, pk))
				}
			}
			recs = append(recs, r)
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return recs
}

func TestExplore(t *testing.T) {
	for _, r := range loadRecords(t) {
		res, err := Detect(r.tx, r.prevouts)
		if err != nil {
			t.Fatal(err)
		}
		var pub []string
		for _, p := range res.Published {
			pub = append(pub, string(p))
		}
		pubOK := len(pub) == len(r.RulesSatisfied)
		for i := range pub {
			if pubOK && pub[i] != r.RulesSatisfied[i] {
				pubOK = false
			}
		}
		want := map[string]Kind{"whirlpool_mix": KindWhirlpool, "none": KindNone, "other": KindJoinMarket, "unknown": KindJoinMarket}[r.Kind]
		if want == "" && r.Kind != "none" {
			want = Kind(r.Kind)
		}
		if res.Kind != want || !pubOK {
			t.Logf("%s %s %s label=%s got=%s pub=%v data=%v conflict=%v", filepath.Base(r.file)[:5], r.TxID[:8], res, r.Kind, res.Kind, pub, r.RulesSatisfied, r.LabelConflict != "")
		}
	}
}
