package main

import (
	"os"
	"testing"

	"github.com/chainscreen/chainscreen/internal/pgtest"
)

// TestMain points the user cache directory (where --list snapshots go without --cache)
// at a temporary directory, so that tests never write into the developer's cache, and
// stops the servers the tests started.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "chainscreen-cli-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	simNode.Stop() // the simnet btcd of the node tests, if one was started
	pgtest.Stop()  // the PostgreSQL server of the --db postgres:// tests, if one was started
	os.Exit(code)
}
