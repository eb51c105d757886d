package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const lcTornadoExcerpt = "sdn_advanced_excerpt_2024-12-19_tornado_cash.xml"

// TestListsDiff compares the real Tornado Cash excerpt of 2024-12-19 (one party, 90 ETH
// values) with the excerpt of 2025-11-19 (19 other parties): the 90 values are removed.
func TestListsDiff(t *testing.T) {
	old := testdata.Path(t, "ofac", "excerpts", lcTornadoExcerpt)
	code, out, stderr := cli(t, "", "lists", "diff", old, embeddedListArg)
	require.Equal(t, exitClear, code, stderr)
	var d struct {
		Added   []map[string]json.RawMessage `json:"added"`
		Removed []struct {
			Value  string `json:"value"`
			Ticker string `json:"ticker"`
			Entity struct {
				ID   string `json:"id"`
				Name string `json:"name"`
			} `json:"entity"`
		} `json:"removed"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &d))
	require.Len(t, d.Removed, 90)
	for _, it := range d.Removed {
		assert.Equal(t, "TORNADO CASH", it.Entity.Name)
		assert.Equal(t, "ETH", it.Ticker)
		assert.True(t, strings.HasPrefix(it.Value, "0x"), it.Value)
	}
	require.NotEmpty(t, d.Added)
	for _, k := range []string{"value", "ticker", "entity"} {
		assert.Contains(t, d.Added[0], k)
	}

	code, _, stderr = cli(t, "", "lists", "diff", old)
	assert.Equal(t, exitInvalid, code, stderr)
	code, _, stderr = cli(t, "", "lists", "diff", old, filepath.Join(t.TempDir(), "missing.xml"))
	assert.Equal(t, exitUnavailable, code, stderr)
}

// TestCheckArchiveAsOf screens a Tornado Cash pool against an archive directory of the
// two real excerpts (linked, not copied): listed as of 2024-12-19, DELISTED as of
// 2025-11-19.
func TestCheckArchiveAsOf(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{lcTornadoExcerpt, "sdn_advanced_excerpt_2025-11-19.xml"} {
		require.NoError(t, os.Symlink(testdata.Path(t, "ofac", "excerpts", n), filepath.Join(dir, n)))
	}
	pool := "0xD4B88Df4D29F5CedD6857912842cff3b20C8Cfa3" // Tornado Cash DAI 100 pool

	code, out, stderr := cli(t, "", "check", "--archive", dir, "--as-of", "2024-12-19", pool)
	require.Equal(t, exitHit, code, stderr)
	var rs []screen.Result
	require.NoError(t, json.Unmarshal([]byte(out), &rs), out)
	require.Len(t, rs, 1)
	assert.True(t, rs[0].Has(screen.FlagSanctioned))
	assert.Equal(t, "2024-12-19", rs[0].AsOf.String())

	code, out, stderr = cli(t, "", "check", "--archive", dir, "--as-of", "2025-11-19", pool)
	require.Equal(t, exitClear, code, stderr)
	rs = nil
	require.NoError(t, json.Unmarshal([]byte(out), &rs), out)
	require.Len(t, rs, 1)
	assert.True(t, rs[0].Has(screen.FlagDelisted), rs[0].Flags)
	require.Len(t, rs[0].Delisted, 1)
	assert.Equal(t, "2024-12-19", rs[0].Delisted[0].LastListed.String())
	assert.Equal(t, "2025-11-19", rs[0].Delisted[0].DelistedOn.String())

	code, out, stderr = cli(t, pool+"\n", "batch", "--archive", dir, "--as-of", "2025-11-19")
	require.Equal(t, exitClear, code, stderr)
	assert.Contains(t, out, `"DELISTED"`)
	assert.Contains(t, out, `"delisted_on":"2025-11-19"`)

	// Before the archive: fail closed. Bad usage: exit 2.
	code, _, stderr = cli(t, "", "check", "--archive", dir, "--as-of", "2020-01-01", pool)
	assert.Equal(t, exitUnavailable, code, stderr)
	code, _, _ = cli(t, "", "check", "--as-of", "2025-11-19", pool)
	assert.Equal(t, exitInvalid, code)
	code, _, _ = cli(t, "", "check", "--archive", dir, "--as-of", "19.11.2025", pool)
	assert.Equal(t, exitInvalid, code)
}
