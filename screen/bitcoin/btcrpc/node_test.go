package btcrpc

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/internal/btcdtest"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
)

// One btcd in simnet for the package's tests, with a chain set up by setupChain.
var (
	node    *btcdtest.Node
	nodeErr error
	chain   *btcdtest.Chain
)

func TestMain(m *testing.M) {
	ctx := context.Background()
	node, nodeErr = btcdtest.Start(ctx)
	if nodeErr == nil {
		start := time.Now()
		chain, nodeErr = node.SetupChain(ctx)
		fmt.Fprintf(os.Stderr, "btcd simnet: chain set up in %s\n", time.Since(start).Round(time.Millisecond))
	}
	code := m.Run()
	node.Stop()
	os.Exit(code)
}

// need returns the shared node, skipping or failing the test when there is none.
func need(t testing.TB) *btcdtest.Node {
	t.Helper()
	if nodeErr != nil {
		btcdtest.Missing(t, nodeErr)
	}
	return node
}

// listOf is an in-memory list naming the given addresses (one party each).
func listOf(t testing.TB, values ...string) *screen.Screener {
	t.Helper()
	var addrs []sanctions.ListedAddress
	for i, v := range values {
		e := &sanctions.Entity{ID: fmt.Sprint(i + 1), Name: fmt.Sprintf("PARTY %d", i+1), Type: "entity"}
		addrs = append(addrs, sanctions.ListedAddress{Ticker: "XBT", Value: v, Entity: e})
	}
	l := sanctions.NewList(sanctions.Source{Name: "TEST", Format: "test", Published: time.Now().UTC(), SHA256: "00"}, addrs)
	s, err := screen.New([]*sanctions.List{l})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// startOther starts a second, empty simnet btcd (for a test that stops it).
func startOther(ctx context.Context) (*btcdtest.Node, error) {
	return btcdtest.Start(ctx)
}
