package bitcoin

import (
	"context"
	"errors"
	"github.com/chainscreen/chainscreen/internal/listtest"
	"testing"

	"github.com/chainscreen/chainscreen/internal/testdata"

	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
)

// FuzzScreenBitcoinTx: any bytes either screen or fail with screen.ErrInvalidTx; never a panic.
// Seeds: the first transactions of the real blocks (when the shared data is present)
// and a built transaction with every input kind.
func FuzzScreenBitcoinTx(f *testing.F) {
	tx, _, _ := spendTx(f, newBtcKeys(f))
	f.Add(serialize(f, tx))
	if _, ok := testdata.Lookup("bitcoin"); ok {
		for _, name := range []string{block574200, block540107} {
			raw := readBlock(f, name)
			db, err := decodeBlock(raw)
			if err != nil {
				f.Fatal(err)
			}
			for i := 0; i < len(db.txs) && i < 20; i++ {
				f.Add(raw[db.offs[i]:db.offs[i+1]])
			}
		}
	}
	s, err := screen.New([]*sanctions.List{listtest.MemList(f, "2025-11-19", [3]string{"XBT", listedP2PKH, "1"})})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		res, err := ScreenTx(context.Background(), s, raw)
		if err != nil {
			if !errors.Is(err, screen.ErrInvalidTx) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if res.TxID == "" {
			t.Fatal("no txid")
		}
		// The same bytes as a one-transaction block body must not panic either.
		_, _ = ScreenBlock(context.Background(), s, append(make([]byte, 80), append([]byte{1}, raw...)...))
	})
}
