package main

import (
	"context"
	"sync"
	"testing"

	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/chaincfg"
	"github.com/btcsuite/btcd/txscript"

	"github.com/chainscreen/chainscreen/internal/btcdtest"
)

// The simnet btcd of the CLI tests: started by the first test that needs it, stopped
// by TestMain.
var (
	nodeOnce  sync.Once
	simNode   *btcdtest.Node
	simErr    error
	simClean  *btcdtest.Chain // a spend of every script type that pays nobody listed
	simListed *btcdtest.Chain // the same, with an output to listedExcerptP2PKH
)

// listedExcerptP2PKH is a P2PKH address of the 2025-11-19 excerpt.
const listedExcerptP2PKH = "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h"

func simnet(t testing.TB) *btcdtest.Node {
	t.Helper()
	nodeOnce.Do(func() {
		ctx := context.Background()
		simNode, simErr = btcdtest.Start(ctx)
		if simErr != nil {
			return
		}
		if simClean, simErr = simNode.SetupChain(ctx); simErr != nil {
			return
		}
		listed, err := btcutil.DecodeAddress(listedExcerptP2PKH, &chaincfg.MainNetParams)
		if err != nil {
			simErr = err
			return
		}
		script, err := txscript.PayToAddrScript(listed)
		if err != nil {
			simErr = err
			return
		}
		simListed, simErr = simNode.SetupChain(ctx, script)
	})
	if simErr != nil {
		btcdtest.Missing(t, simErr)
	}
	return simNode
}
