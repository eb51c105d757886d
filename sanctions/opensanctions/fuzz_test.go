package opensanctions_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/sanctions/opensanctions"
)

// FuzzRead feeds the reader arbitrary lines, seeded with real lines of entities.ftm.json
// (a wallet with its sanction, a holder after its wallet, a cut line): it must never
// panic, never list a value without a category, and fail only with ErrEmpty.
func FuzzRead(f *testing.F) {
	if p, ok := testdata.Lookup("lists", "opensanctions", "entities.ftm.json"); ok {
		b, err := readFile(p)
		if err != nil {
			f.Fatal(err)
		}
		lines := bytes.SplitAfter(b, []byte("\n"))
		f.Add(bytes.Join(lines[:4], nil))
		f.Add(bytes.Join(lines[len(lines)-6:], nil))
		f.Add(append(bytes.Join(lines[10:14], nil), lines[14][:len(lines[14])/2]...))
		// A holder after its wallet: the OFAC part's first lines, reversed.
		for i, l := range lines {
			if bytes.Contains(l, []byte(`"us_ofac_sdn"`)) {
				f.Add(append(append([]byte{}, lines[i+1]...), lines[i]...))
				break
			}
		}
	}
	f.Add([]byte(`{"id":"w","schema":"CryptoWallet","properties":{"publicKey":["rEb8TK3gBgk5auZkwc6sHnwrGVJH8DuaLh (Address tag 1)*"],"topics":["crime.terror"]},"datasets":["d"]}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		l, err := opensanctions.Read(context.Background(), bytes.NewReader(in))
		if err != nil {
			if !errors.Is(err, sanctions.ErrEmpty) {
				t.Fatalf("undocumented error %v", err)
			}
			return
		}
		for _, la := range l.Addresses {
			if la.Category == "" || la.Entity == nil || la.Addr.Key == "" {
				t.Fatalf("value %+v", la)
			}
			if !la.Until.IsZero() && la.EndedBy == "" {
				t.Fatalf("ended value without EndedBy %+v", la)
			}
		}
	})
}
