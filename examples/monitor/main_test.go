package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/sanctions/embedded"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Real excerpts: TORNADO CASH as listed on 2024-12-19, and 19 parties of 2025-11-19.
func excerpts(t *testing.T) (old, cur string) {
	return testdata.Path(t, "ofac", "excerpts", "sdn_advanced_excerpt_2024-12-19_tornado_cash.xml"),
		testdata.Path(t, "ofac", "excerpts", "sdn_advanced_excerpt_2025-11-19.xml")
}

func TestMonitorTornadoCashDelisted(t *testing.T) {
	old, cur := excerpts(t)
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"--list", old, "--list", cur}, &out))
	s := out.String()
	assert.Equal(t, 5, strings.Count(s, "NEWLY_SANCTIONED"), s)
	assert.Equal(t, 5, strings.Count(s, " DELISTED "), s)
	assert.Contains(t, s, "ALERT #6 DELISTED 0x12D66f87A04A9E220743712cE6d9bB1B5616B8Fc [customer-1002 deposit]: "+
		"no longer listed for TORNADO CASH (id 39796, CYBER2 DPRK3) in OFAC SDN 2025-11-19")
	assert.Contains(t, s, "; listed in OFAC SDN 2024-12-19")
	// DELISTED comes after the 2025 publication line, never before.
	assert.Less(t, strings.Index(s, "publication OFAC SDN 2025-11-19"), strings.Index(s, "DELISTED"))
}

// With --db, two runs behave like a service that was down while the list changed: the
// second run alerts only on the delisting.
func TestMonitorAcrossRuns(t *testing.T) {
	old, cur := excerpts(t)
	db := filepath.Join(t.TempDir(), "watch.db")
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"--db", db, "--list", old}, &out))
	assert.Equal(t, 5, strings.Count(out.String(), "NEWLY_SANCTIONED"))
	out.Reset()
	require.NoError(t, run(context.Background(), []string{"--db", db, "--list", cur}, &out))
	assert.Equal(t, 0, strings.Count(out.String(), "NEWLY_SANCTIONED"))
	assert.Equal(t, 5, strings.Count(out.String(), " DELISTED "))
	assert.Contains(t, out.String(), "ALERT #10 DELISTED")
	out.Reset()
	require.NoError(t, run(context.Background(), []string{"--db", db, "--list", cur}, &out))
	assert.Contains(t, out.String(), "no change")
	assert.NotContains(t, out.String(), "ALERT")
}

func TestMonitorArguments(t *testing.T) {
	var out bytes.Buffer
	assert.Error(t, run(context.Background(), nil, &out))
	assert.Error(t, run(context.Background(), []string{"--list", embedded.Name, "--addresses", filepath.Join(t.TempDir(), "none")}, &out))
}
