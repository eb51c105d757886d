package freeze_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"

	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/sanctions/freeze"
)

// FuzzRead feeds the reader arbitrary bytes, seeded with slices of the real USDT logs:
// it must never panic, and it either returns a list or an error of the documented kinds.
func FuzzRead(f *testing.F) {
	if p, ok := testdata.Lookup("lists", "usdt_freeze_ethereum", "usdt_blacklist_logs.json"); ok {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		// The first logs, closed as an array; one log cut in half; the whole file.
		objs := bytes.SplitAfter(b, []byte("\n },"))
		f.Add(append(bytes.TrimSuffix(bytes.Join(objs[:4], nil), []byte(",")), ']'))
		f.Add(b[:len(objs[0])/2])
		f.Add(b)
	}
	f.Add([]byte(`{"jsonrpc":"2.0","id":1,"result":[{"address":"0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48","topics":["0xffa4e6181777692565cf28528fc88fd1516ea86b56da075235fa575af6a4b855","0x0000000000000000000000001111111111111111111111111111111111111111"],"data":"0x","blockNumber":"0x10","transactionHash":"0x0100000000000000000000000000000000000000000000000000000000000000","logIndex":"0x0","removed":true}]}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, in []byte) {
		l, err := freeze.Read(context.Background(), bytes.NewReader(in))
		if err != nil {
			if !errors.Is(err, sanctions.ErrFormat) && !errors.Is(err, sanctions.ErrEmpty) {
				t.Fatalf("undocumented error %v", err)
			}
			return
		}
		if len(l.Addresses) == 0 {
			t.Fatal("a list without values and without an error")
		}
		for _, la := range l.Addresses {
			if la.Category != sanctions.CategoryIssuerFreeze || la.Reference == "" {
				t.Fatalf("value %+v", la)
			}
			if !la.Until.IsZero() && la.EndedBy == "" {
				t.Fatalf("ended value without EndedBy %+v", la)
			}
		}
	})
}
