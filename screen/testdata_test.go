package screen

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/chainscreen/chainscreen/internal/testdata"
	_ "github.com/chainscreen/chainscreen/sanctions/all" // the list formats read by these tests

	"github.com/chainscreen/chainscreen/sanctions"
)

// The two real mainnet blocks in the shared data.
const (
	block574200 = "block-0000000000000000001602407ac49862a7bca9d00f7f402db20b7be2f5de59d2.blk"
	block540107 = "block-00000000000000000021868c2cefc52a480d173c849412fe81c4e5ab806f94ab.blk"
)

// readBlock reads a real block from the shared data.
func readBlock(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testdata.Dir(t), "bitcoin", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The four SDN_ADVANCED publications, decompressed once per test binary (bzip2 costs
// about 1.8 s each).
var (
	ofacListsMu sync.Mutex
	ofacLists   = map[string]*sanctions.List{}
)

var ofacPublications = testdata.Publications

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
