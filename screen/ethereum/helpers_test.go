package ethereum

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/sanctions"
	_ "github.com/chainscreen/chainscreen/sanctions/all" // the list formats read by these tests
)

// lazarusETH is a real listed value (OFAC SDN, ETH).
const lazarusETH = "0x098B716B8Aaf21512996dC57EB0615e2383E2f96"

var (
	ofacListsMu sync.Mutex
	ofacLists   = map[string]*sanctions.List{}
)

// ofacList opens an SDN_ADVANCED publication of the shared data once per test binary.
func ofacList(t testing.TB, pub string) *sanctions.List {
	t.Helper()
	dir := testdata.Dir(t)
	ofacListsMu.Lock()
	defer ofacListsMu.Unlock()
	if l, ok := ofacLists[pub]; ok {
		return l
	}
	l, err := sanctions.Open(context.Background(), filepath.Join(dir, "ofac", "sdn_advanced", pub+".xml.bz2"))
	if err != nil {
		t.Fatal(err)
	}
	ofacLists[pub] = l
	return l
}
