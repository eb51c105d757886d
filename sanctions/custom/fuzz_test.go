package custom

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/sanctions"
)

var fuzzPub = sanctions.Meta{Published: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)}

// checkFuzzList checks the invariants every reader keeps: a list or an error, never
// both; every value has an entity and a key.
func checkFuzzList(t *testing.T, l *sanctions.List, err error) {
	if err != nil {
		if l != nil {
			t.Fatal("list and error")
		}
		return
	}
	for _, la := range l.Addresses {
		if la.Entity == nil || la.Addr.Key == "" {
			t.Fatalf("value %q without entity or key", la.Value)
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add("address,name,chain,program\n0x098B716B8Aaf21512996dC57EB0615e2383E2f96,A,ETH,p\n")
	f.Add("date_added,address,name\n2020-09-10,0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c,\"B\"\n")
	f.Add("\"unterminated\n12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h\n")
	f.Fuzz(func(t *testing.T, in string) {
		l, err := ReadCSV(context.Background(), strings.NewReader(in), fuzzPub)
		checkFuzzList(t, l, err)
	})
}

func FuzzReadJSON(f *testing.F) {
	f.Add(`[{"address":"0x098B716B8Aaf21512996dC57EB0615e2383E2f96","name":"A","programs":["p"]}]`)
	f.Add(`[1, null, {"address": 7}, {"address":"12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h"}]`)
	f.Fuzz(func(t *testing.T, in string) {
		l, err := ReadJSON(context.Background(), strings.NewReader(in), fuzzPub)
		checkFuzzList(t, l, err)
	})
}
