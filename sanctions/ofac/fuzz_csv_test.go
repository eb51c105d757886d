package ofac

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
	f.Add("25308,\"YAN\",\"individual\",\"SDNTK\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"Digital Currency Address - XBT 12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h.\"\r\n\x1a",
		"25308,\"x; alt. Digital Currency Address - ETH 0x098B716B8Aaf21512996dC57EB0615e2383E2f96\"\r\n")
	f.Add("1,\"a\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\""+strings.Repeat("x", 990)+"; Digital C\"\r\n", "")
	f.Add("", "22985,\"4X3191Z8; alt. Digital Currency Address - USDT TE3mCcPULjPUE7ykX7RArDPAhyahoy3d2j\"\r\n")
	f.Fuzz(func(t *testing.T, prim, comments string) {
		files := CSVFiles{Comments: strings.NewReader(comments)}
		if prim != "" {
			files.Primary = strings.NewReader(prim)
		}
		l, err := ReadCSV(context.Background(), files, fuzzPub)
		checkFuzzList(t, l, err)
	})
}
