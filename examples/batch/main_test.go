package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/sanctions/embedded"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func excerpt(t *testing.T) string {
	return testdata.Path(t, "ofac", "excerpts", "sdn_advanced_excerpt_2025-11-19.xml")
}

// TestBatchSample runs against the publication embedded in chainscreen (every clone has
// it) and against the real excerpt file of the same date (the shared data).
func TestBatchSample(t *testing.T) {
	t.Run("embedded", func(t *testing.T) { testBatchSample(t, embedded.Name) })
	t.Run("file", func(t *testing.T) { testBatchSample(t, excerpt(t)) })
}

func testBatchSample(t *testing.T, list string) {
	var out bytes.Buffer
	rep, err := run(context.Background(), []string{"--list", list}, &out)
	require.NoError(t, err)
	assert.Equal(t, Report{Rows: 8, Hits: 3, Invalid: 1, Customers: []string{"c-1002", "c-1003", "c-1005"}}, rep)
	s := out.String()
	assert.Contains(t, s, "# screened against OFAC SDN 2025-11-19, sha256 ")
	assert.Contains(t, s, "Lazarus Group (id 27307, DPRK3) listed as ETH")
	assert.Contains(t, s, "Sokolovski Rolan (id 56360, ILLICIT-DRUGS-EO14059) listed as BNB")
	assert.Contains(t, s, "EIP-55")
	assert.NotContains(t, s, "c-1001", "clean customers need no action")
	assert.NotContains(t, s, "c-1007", "surrounding white space is not a reason to act")
	assert.Contains(t, s, "8 addresses screened: 3 sanctioned (customers: c-1002, c-1003, c-1005), 1 to fix")
}

func TestBatchOwnCSV(t *testing.T) {
	p := filepath.Join(t.TempDir(), "export.csv")
	require.NoError(t, os.WriteFile(p, []byte("acct;wallet\n"), 0o600))
	var out bytes.Buffer
	_, err := run(context.Background(), []string{"--list", embedded.Name, "--csv", p}, &out)
	assert.ErrorContains(t, err, `the CSV needs columns "customer_id" and "address"`)

	require.NoError(t, os.WriteFile(p, []byte("Acct,Wallet\nA1,0x098B716B8Aaf21512996dC57EB0615e2383E2f96\nA2\n"), 0o600))
	out.Reset()
	rep, err := run(context.Background(), []string{"--list", embedded.Name, "--csv", p, "--id-column", "acct", "--column", "wallet"}, &out)
	require.NoError(t, err)
	assert.Equal(t, 1, rep.Hits)
	assert.Equal(t, 1, rep.Invalid)
	assert.True(t, strings.Contains(out.String(), "the row has 1 fields"))

	_, err = run(context.Background(), []string{"--csv", p}, &out)
	assert.Error(t, err, "no list: nothing is reported clean")
}
