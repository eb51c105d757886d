package main

import (
	"os"
	"testing"

	"github.com/chainscreen/chainscreen/internal/pgtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	simNode.Stop() // the simnet btcd of the node tests, if one was started
	pgtest.Stop()  // the PostgreSQL server of the --db postgres:// tests, if one was started
	os.Exit(code)
}
