package coinjoin

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"

	"github.com/btcsuite/btcd/wire"
	"github.com/chainscreen/chainscreen/internal/testdata"
)

// FuzzDetect decodes arbitrary bytes as a transaction and runs Detect on it, without
// and with prevouts (taken from the transaction's own outputs): it must never panic,
// and its evidence must match the transaction. Seeds: the real CoinJoins and controls.
func FuzzDetect(f *testing.F) {
	for _, name := range []string{"coinjoins.jsonl", "controls.jsonl"} {
		p, ok := testdata.Lookup("bitcoin", "coinjoin", name)
		if !ok {
			continue
		}
		file, err := os.Open(p)
		if err != nil {
			f.Fatal(err)
		}
		sc := bufio.NewScanner(file)
		sc.Buffer(make([]byte, 0, 1<<20), 1<<24)
		for n := 0; sc.Scan() && n < 40; n++ {
			var r struct {
				Hex string `json:"hex"`
			}
			if json.Unmarshal(sc.Bytes(), &r) == nil {
				if raw, err := hex.DecodeString(r.Hex); err == nil {
					f.Add(raw)
				}
			}
		}
		file.Close()
	}
	var buf bytes.Buffer
	_ = build(ins(5, p2wpkhIn), equalOuts(5, 1_000_000, p2wpkhOut, 0)).Serialize(&buf)
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, raw []byte) {
		var tx wire.MsgTx
		if err := tx.Deserialize(bytes.NewReader(raw)); err != nil {
			return
		}
		check := func(prev Prevouts) {
			res, err := Detect(&tx, prev)
			if err != nil {
				t.Fatalf("Detect: %v", err)
			}
			if res.Evidence.Inputs != len(tx.TxIn) || res.Evidence.Outputs != len(tx.TxOut) {
				t.Fatalf("evidence %+v for %d inputs, %d outputs", res.Evidence, len(tx.TxIn), len(tx.TxOut))
			}
			if res.IsCoinJoin() != (res.Rule != "") {
				t.Fatalf("kind %q with rule %q", res.Kind, res.Rule)
			}
			_ = res.String()
		}
		check(nil)
		if len(tx.TxOut) > 0 {
			prev := make(Prevouts, len(tx.TxIn))
			for i := range prev {
				if i%3 != 2 { // leave some unknown
					prev[i] = tx.TxOut[i%len(tx.TxOut)]
				}
			}
			check(prev)
		}
	})
}
