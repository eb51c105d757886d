package coinjoin

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"maps"
	"os"
	"slices"
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

// Label counts printed by testdata/count_labels.py (run it from the module root:
// python3 screen/bitcoin/coinjoin/testdata/count_labels.py ../shared/data/bitcoin/coinjoin).
const (
	wantRecords = 387
	// records of coinjoins_witness_stripped.jsonl ("file" line)
	wantStripped = 180
	// labelled kinds, and how many of each the data itself marks label_conflict
	wantWasabi1, wantWasabi2, wantWhirlpoolMix, wantTx0, wantJoinMarket = 60, 31, 32, 31, 32
	wantOther, wantUnknown, wantControls                                = 1, 1, 199
	wantTx0Conflicts, wantJoinMarketConflicts                           = 5, 3
	// records on which each published rule fires (the data's rules_satisfied)
	wantRuleA, wantRuleB, wantRuleC, wantRuleD = 56, 36, 26, 33
	// the Detect rule each record should fire ("detect_rule" lines)
	wantWasabi1Rule, wantWasabi1HalfRule, wantWasabi1CoordRule = 45, 14, 1
	wantWasabi2Rule, wantWasabi2SmallRule                      = 26, 5
	wantWhirlpoolRule, wantAshigaruRule, wantTx0Rule           = 36, 1, 26
	wantJoinMarketRule, wantNoRule                             = 31, 202
)

// expectedKind is what Detect must say for a record: its label, with Dumplings'
// "other" (its OtherCoinJoins file, the one its JoinMarket labels come from) and the
// unlabelled JoinMarket-shaped candidate as joinmarket. The data's label conflicts are
// the two documented exceptions: mix-shaped Tx0s are mixes, and JoinMarket rows whose
// only repeated value is 546-sat dust are not CoinJoins (BlockSci excludes that value).
func expectedKind(r *record) Kind {
	switch {
	case r.Kind == "whirlpool_tx0" && r.LabelConflict != "":
		return KindWhirlpool
	case r.Kind == "joinmarket" && r.LabelConflict != "":
		return KindNone
	}
	return map[string]Kind{
		"wasabi1": KindWasabi1, "wasabi2": KindWasabi2, "whirlpool_mix": KindWhirlpool,
		"whirlpool_tx0": KindWhirlpoolTx0, "joinmarket": KindJoinMarket, "other": KindJoinMarket,
		"unknown": KindJoinMarket, "none": KindNone,
	}[r.Kind]
}

// row is one line of the measured table.
type row struct{ labelled, detected, wrongKind, missed int }

// TestRealData runs Detect over every record of the shared CoinJoin data (the
// witness-stripped ones with their prevouts) and requires: every record gets its
// expected kind; the published rules fire exactly where the data's rules_satisfied
// says; and the measured table equals the counts of count_labels.py.
func TestRealData(t *testing.T) {
	recs := loadRecords(t)
	if len(recs) != wantRecords {
		t.Fatalf("%d records, want %d", len(recs), wantRecords)
	}
	table := map[string]*row{}
	published := map[PublishedRule]int{}
	for _, r := range recs {
		res, err := Detect(r.tx, r.prevouts)
		if err != nil {
			t.Fatalf("%s: %v", r.TxID, err)
		}
		var pub []string
		for _, p := range res.Published {
			pub = append(pub, string(p))
			published[p]++
		}
		if !slices.Equal(pub, r.RulesSatisfied) {
			t.Errorf("%s (%s): published rules %v, data says %v", r.TxID, r.Kind, pub, r.RulesSatisfied)
		}
		if want := expectedKind(r); res.Kind != want {
			t.Errorf("%s (%s): got %q (%s), want %q", r.TxID, r.Kind, res.Kind, res, want)
		}
		if res.IsCoinJoin() && (res.Rule == "" || res.Evidence.Inputs != len(r.tx.TxIn) || res.Evidence.Outputs != len(r.tx.TxOut)) {
			t.Errorf("%s: incomplete evidence %+v", r.TxID, res)
		}
		rw := table[r.Kind]
		if rw == nil {
			rw = &row{}
			table[r.Kind] = rw
		}
		rw.labelled++
		label := map[string]Kind{"whirlpool_mix": KindWhirlpool, "other": KindJoinMarket, "unknown": KindJoinMarket, "none": KindNone}
		want, ok := label[r.Kind]
		if !ok {
			want = Kind(r.Kind)
		}
		switch {
		case res.Kind == want && want != KindNone:
			rw.detected++
		case res.Kind == KindNone && want != KindNone:
			rw.missed++
		case res.Kind != want:
			rw.wrongKind++ // for controls: flagged
		}
	}
	t.Logf("%-14s %8s %8s %10s %6s", "label", "labelled", "detected", "wrong/flag", "missed")
	for _, k := range []string{"wasabi1", "wasabi2", "whirlpool_mix", "whirlpool_tx0", "joinmarket", "other", "unknown", "none"} {
		r := table[k]
		t.Logf("%-14s %8d %8d %10d %6d", k, r.labelled, r.detected, r.wrongKind, r.missed)
	}
	want := map[string]row{
		"wasabi1":       {wantWasabi1, wantWasabi1, 0, 0},
		"wasabi2":       {wantWasabi2, wantWasabi2, 0, 0},
		"whirlpool_mix": {wantWhirlpoolMix, wantWhirlpoolMix, 0, 0},
		"whirlpool_tx0": {wantTx0, wantTx0 - wantTx0Conflicts, wantTx0Conflicts, 0},
		"joinmarket":    {wantJoinMarket, wantJoinMarket - wantJoinMarketConflicts, 0, wantJoinMarketConflicts},
		"other":         {wantOther, wantOther, 0, 0},
		"unknown":       {wantUnknown, wantUnknown, 0, 0},
		"none":          {wantControls, 0, 0, 0},
	}
	if len(table) != len(want) {
		t.Errorf("labels %v, want %v", table, want)
	}
	for k, w := range want {
		if g := table[k]; g == nil || *g != w {
			t.Errorf("%s: got %+v, want %+v", k, g, w)
		}
	}
	wantPub := map[PublishedRule]int{PublishedWasabi1: wantRuleA, PublishedWhirlpool: wantRuleB, PublishedWasabi2: wantRuleC, PublishedJoinMarket: wantRuleD}
	if !maps.Equal(published, wantPub) {
		t.Errorf("published rule counts %v, want %v", published, wantPub)
	}
}

// TestRealDataRules pins the rule each deviation fires on, by count over the labelled
// records (the deviations' data, see doc.go).
func TestRealDataRules(t *testing.T) {
	got := map[Rule]int{}
	for _, r := range loadRecords(t) {
		res, err := Detect(r.tx, r.prevouts)
		if err != nil {
			t.Fatal(err)
		}
		got[res.Rule]++
	}
	t.Logf("rules: %v", got)
	want := map[Rule]int{
		RuleWasabi1: wantWasabi1Rule, RuleWasabi1Half: wantWasabi1HalfRule, RuleWasabi1Coordinator: wantWasabi1CoordRule,
		RuleWasabi2: wantWasabi2Rule, RuleWasabi2Small: wantWasabi2SmallRule,
		RuleWhirlpool: wantWhirlpoolRule, RuleWhirlpoolAshigaru: wantAshigaruRule, RuleWhirlpoolTx0: wantTx0Rule,
		RuleJoinMarket: wantJoinMarketRule, "": wantNoRule,
	}
	if !maps.Equal(got, want) {
		t.Errorf("rules %v, want %v", got, want)
	}
}

// TestRealDataStrippedNoPrevouts runs the 180 witness-stripped records without their
// prevouts: every input is then of unknown type (counted in Evidence.UnknownInputs)
// and each record must still get its expected kind.
func TestRealDataStrippedNoPrevouts(t *testing.T) {
	n := 0
	for _, r := range loadRecords(t) {
		if r.prevouts == nil {
			continue
		}
		n++
		res, err := Detect(r.tx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if want := expectedKind(r); res.Kind != want {
			t.Errorf("%s (%s): got %q (%s), want %q", r.TxID, r.Kind, res.Kind, res, want)
		}
		if res.Evidence.UnknownInputs != len(r.tx.TxIn) {
			t.Errorf("%s: %d unknown inputs of %d", r.TxID, res.Evidence.UnknownInputs, len(r.tx.TxIn))
		}
	}
	if n != wantStripped {
		t.Errorf("%d stripped records, want %d", n, wantStripped)
	}
}
