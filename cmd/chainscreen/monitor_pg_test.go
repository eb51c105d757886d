package main

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/chainscreen/chainscreen/internal/pgtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// `monitor --db postgres://…` keeps the watchlist and events in PostgreSQL (today's
// defect: it exited 0 and wrote a bbolt file named "postgres:"); another URL scheme is a
// usage error, never a file.
func TestMonitorPostgresDB(t *testing.T) {
	db := pgtest.Start(t).DSN
	addrs := tornadoAddresses(t)[:2]
	list := tornadoExcerpt(t)
	dir := t.TempDir()
	t.Chdir(dir)
	code, _, errs := cli(t, "", append([]string{"monitor", "add", "--db", db, "--label", "c1"}, addrs...)...)
	require.Equal(t, exitClear, code, errs)
	code, out, errs := cli(t, "", "monitor", "run", "--db", db, "--list", list)
	require.Equal(t, exitHit, code, errs)
	assert.Len(t, decodeNDJSON[map[string]any](t, out), 2, "two NEWLY_SANCTIONED events")
	code, out, errs = cli(t, "", "monitor", "list", "--db", db, "--format", "json")
	require.Equal(t, exitClear, code, errs)
	var regs []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &regs))
	assert.Len(t, regs, 2)
	ents, err := readDirNames(dir)
	require.NoError(t, err)
	assert.Empty(t, ents, "no file written in the working directory")

	code, _, errs = cli(t, "", "monitor", "list", "--db", "mysql://localhost/x")
	assert.Equal(t, exitInvalid, code)
	assert.Contains(t, errs, "unsupported database URL scheme")
}

func readDirNames(dir string) ([]string, error) {
	es, err := os.ReadDir(dir)
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out, err
}
