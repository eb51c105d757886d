package ethereum

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/sanctions"
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

// memList is an in-memory list: rows of {ticker, value, party id}.
func memList(t testing.TB, published string, rows ...[3]string) *sanctions.List {
	t.Helper()
	pub, err := time.Parse(time.DateOnly, published)
	require.NoError(t, err)
	var addrs []sanctions.ListedAddress
	ents := map[string]*sanctions.Entity{}
	for _, r := range rows {
		e := ents[r[2]]
		if e == nil {
			e = &sanctions.Entity{ID: r[2], Name: "PARTY " + r[2], Type: "entity", Programs: []string{"CYBER2"},
				ListedOn: pub.AddDate(0, -1, 0)}
			ents[r[2]] = e
		}
		addrs = append(addrs, sanctions.ListedAddress{Ticker: r[0], Value: r[1], Entity: e})
	}
	return sanctions.NewList(sanctions.Source{Name: "TEST", Format: "test", Published: pub, SHA256: "00"}, addrs)
}
