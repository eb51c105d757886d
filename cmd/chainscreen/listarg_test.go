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

func TestSplitListArg(t *testing.T) {
	for _, tc := range []struct{ arg, format, path string }{
		{"ofac:/data/sdn.xml", "ofac", "/data/sdn.xml"},
		{"ofac-csv:dir", "ofac-csv", "dir"},
		{"custom:C:\\lists\\a.csv", "custom", "C:\\lists\\a.csv"},
		{"C:\\lists\\sdn.xml", "", "C:\\lists\\sdn.xml"}, // a drive letter is not a format
		{"./a:b.csv", "", "./a:b.csv"},
		{"nosuchformat:x.csv", "", "nosuchformat:x.csv"},
		{":x", "", ":x"},
		{"plain.xml", "", "plain.xml"},
	} {
		f, p := splitListArg(tc.arg)
		assert.Equal(t, tc.format, f, tc.arg)
		assert.Equal(t, tc.path, p, tc.arg)
	}
}

func checkOne(t *testing.T, args ...string) (int, screen.Result, string) {
	t.Helper()
	code, out, errb := cli(t, "", append([]string{"check", "--format", "ndjson"}, args...)...)
	var r screen.Result
	require.NoError(t, json.Unmarshal([]byte(out), &r), "stdout %q stderr %q", out, errb)
	return code, r, errb
}

// TestCheckListCustomCSV: a custom CSV list written by the test screens in check, detected
// from its content and forced with custom:FILE (issue 9: it failed with "OFAC advanced
// XML: text before the root element").
func TestCheckListCustomCSV(t *testing.T) {
	p := filepath.Join(t.TempDir(), "watch.csv")
	require.NoError(t, os.WriteFile(p, []byte("address,name,chain\n"+listedETH+",Our own watch entry,ethereum\n"), 0o644))
	for _, arg := range []string{p, "custom:" + p} {
		code, r, errb := checkOne(t, "--list", arg, listedETH)
		require.Equal(t, exitHit, code, errb)
		require.Len(t, r.Hits, 1)
		assert.Equal(t, "Our own watch entry", r.Hits[0].Entity.Name)
		code, _, errb = checkOne(t, "--list", arg, cleanETH)
		assert.Equal(t, exitClear, code, errb)
	}
}

// TestCheckListLegacyCSVDirectory: the OFAC legacy CSV set of 2024-05-03 (a directory)
// screens the Lazarus Group address (in its sdn.csv remarks:
// grep -c 0x098B716B8Aaf21512996dC57EB0615e2383E2f96 sdn.csv).
func TestCheckListLegacyCSVDirectory(t *testing.T) {
	dir := testdata.Path(t, "ofac", "sdn_csv_2024-05-03")
	for _, arg := range []string{dir, "ofac-csv:" + dir} {
		code, r, errb := checkOne(t, "--list", arg, listedETH)
		require.Equal(t, exitHit, code, errb)
		require.NotEmpty(t, r.Hits)
		assert.Equal(t, "LAZARUS GROUP", strings.ToUpper(r.Hits[0].Entity.Name))
		assert.Equal(t, "ofac-csv", r.List.Format)
	}
}

// TestCheckListOFACBz2WarmStart: the official .xml.bz2, detected and forced; the second
// read of the unchanged file comes from its verified snapshot in --cache.
func TestCheckListOFACBz2WarmStart(t *testing.T) {
	if testing.Short() {
		t.Skip("parses a full publication")
	}
	pub := testdata.Path(t, "ofac", "sdn_advanced", "2025-11-19b.xml.bz2")
	cache := t.TempDir()
	code, r, errb := checkOne(t, "--cache", cache, "--list", pub, "-v", listedETH)
	require.Equal(t, exitHit, code, errb)
	assert.Equal(t, "2025-11-19", r.List.Published)
	assert.NotContains(t, errb, "read from its snapshot")
	first := r.List.SHA256

	code, r, errb = checkOne(t, "--cache", cache, "--list", pub, "-v", listedETH)
	require.Equal(t, exitHit, code, errb)
	assert.Contains(t, errb, "read from its snapshot", "the second call skips the parse")
	assert.Equal(t, first, r.List.SHA256)

	code, r, errb = checkOne(t, "--cache", cache, "--list", "ofac:"+pub, listedETH)
	require.Equal(t, exitHit, code, errb)
	assert.Equal(t, first, r.List.SHA256)
}

// TestListUnknownFormat: a file of no registered format names the formats tried; a
// forced format that does not fit is a format error. Nothing is screened (exit 3).
func TestListUnknownFormat(t *testing.T) {
	p := filepath.Join(t.TempDir(), "notes.txt")
	require.NoError(t, os.WriteFile(p, []byte("just some notes\nnothing listed here\n"), 0o644))
	code, out, errb := cli(t, "", "check", "--list", p, listedETH)
	assert.Equal(t, exitUnavailable, code, out)
	assert.Empty(t, out)
	assert.Contains(t, errb, "unknown list format")
	for _, name := range []string{"ofac", "custom"} {
		assert.Contains(t, errb, name, "the formats tried are named")
	}
	code, _, errb = cli(t, "", "check", "--list", "ofac:"+p, listedETH)
	assert.Equal(t, exitUnavailable, code)
	assert.Contains(t, errb, "malformed list")
}

// TestListSameSourceRefused: two publications of OFAC's list (2024-12-19, which still
// lists TORNADO CASH, and 2025-11-19b, after its delisting) are refused with exit 2;
// they used to merge silently and show Tornado Cash as sanctioned from the older one.
func TestListSameSourceRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("parses two full publications")
	}
	old := testdata.Path(t, "ofac", "sdn_advanced", "2024-12-19.xml.bz2")
	cur := testdata.Path(t, "ofac", "sdn_advanced", "2025-11-19b.xml.bz2")
	const tornado = "0x8589427373D6D84E98730D7795D8f6f8731FDA16" // TORNADO CASH in 2024-12-19
	code, out, errb := cli(t, "", "check", "--list", old, "--list", cur, tornado)
	assert.Equal(t, exitInvalid, code, out)
	assert.Empty(t, out, "nothing is screened")
	assert.Contains(t, errb, "two publications of the same source")
	assert.Contains(t, errb, "2024-12-19")
	assert.Contains(t, errb, "2025-11-19")

	// Each alone: the older one lists it, the newer one does not.
	code, _, errb = checkOne(t, "--list", old, tornado)
	assert.Equal(t, exitHit, code, errb)
	code, _, errb = checkOne(t, "--list", cur, tornado)
	assert.NotEqual(t, exitHit, code, errb)
}

// TestListsMergeDistinctSources: an OFAC publication and a custom list merge in one
// Screener; lists info shows both with their formats.
func TestListsMergeDistinctSources(t *testing.T) {
	p := filepath.Join(t.TempDir(), "own.csv")
	require.NoError(t, os.WriteFile(p, []byte("address,name\n"+cleanETH+",Own entry\n"), 0o644))
	code, out, errb := cli(t, "", "check", "--list", embeddedListArg, "--list", p, listedETH, cleanETH)
	require.Equal(t, exitHit, code, errb)
	var rs []screen.Result
	require.NoError(t, json.Unmarshal([]byte(out), &rs))
	require.Len(t, rs, 2)
	assert.Equal(t, "Lazarus Group", rs[0].Hits[0].Entity.Name)
	assert.Equal(t, "Own entry", rs[1].Hits[0].Entity.Name)

	code, out, errb = cli(t, "", "lists", "info", "--format", "json", "--list", embeddedListArg, "--list", p)
	require.Equal(t, exitClear, code, errb)
	var infos []listInfo
	require.NoError(t, json.Unmarshal([]byte(out), &infos))
	require.Len(t, infos, 2)
	assert.Equal(t, "OFAC SDN", infos[0].Source)
	assert.Equal(t, 1, infos[1].PerKind["address"])
	assert.Equal(t, 1, infos[1].PerChain["evm"])
	n := 0
	for _, c := range infos[0].IssueKinds {
		n += c
	}
	assert.Equal(t, len(infos[0].Issues), n, "every issue is counted under a kind")
}

// TestListsUpdateFromAndSource: --from seeds the cache offline and check then screens
// from it; --source custom without a URL or a file is a usage error; an unknown source
// names the registered ones.
func TestListsUpdateFromAndSource(t *testing.T) {
	cache := t.TempDir()
	code, out, errb := cli(t, "", "lists", "update", "--cache", cache, "--from", excerpt(t))
	require.Equal(t, exitClear, code, errb)
	var rep updateReport
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	assert.Equal(t, "updated", rep.Status)
	assert.Equal(t, "2025-11-19", rep.Published)
	code, r, errb := checkOne(t, "--cache", cache, listedETH)
	assert.Equal(t, exitHit, code, errb)
	assert.Equal(t, rep.SHA256, r.List.SHA256)

	code, _, errb = cli(t, "", "lists", "update", "--cache", cache, "--source", "custom")
	assert.Equal(t, exitInvalid, code)
	assert.Contains(t, errb, "--url URL or --from FILE")
	code, _, errb = cli(t, "", "lists", "update", "--cache", cache, "--source", "nosuch")
	assert.Equal(t, exitInvalid, code)
	assert.Contains(t, errb, "ofac-csv")
	code, _, errb = cli(t, "", "lists", "update", "--cache", cache, "--from", excerpt(t), "--url", "http://x")
	assert.Equal(t, exitInvalid, code, errb)

	p := filepath.Join(t.TempDir(), "own.csv")
	require.NoError(t, os.WriteFile(p, []byte("address,name\n"+cleanETH+",Own entry\n"), 0o644))
	code, out, errb = cli(t, "", "lists", "update", "--cache", cache, "--source", "custom", "--from", p)
	require.Equal(t, exitClear, code, errb)
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	assert.Equal(t, filepath.Join(cache, "custom"), rep.Cache)
}
