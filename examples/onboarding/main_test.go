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

// TestOnboarding runs against the publication embedded in chainscreen (every clone has
// it) and against the real excerpt file of the same date (the shared data).
func TestOnboarding(t *testing.T) {
	t.Run("embedded", func(t *testing.T) { testOnboarding(t, embedded.Name) })
	t.Run("file", func(t *testing.T) {
		testOnboarding(t, testdata.Path(t, "ofac", "excerpts", "sdn_advanced_excerpt_2025-11-19.xml"))
	})
}

func testOnboarding(t *testing.T, list string) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"--list", list}, &out))
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 6, out.String())
	assert.Contains(t, lines[0], "screening against OFAC SDN 2025-11-19 (sha256 ")
	assert.Contains(t, lines[2], "signup customer-1001 "+cleanAddress+" (evm): ACCEPT")
	assert.Contains(t, lines[3], "signup customer-1002 "+listedAddress+": REJECT, SANCTIONED: address")
	assert.Contains(t, lines[3], "Lazarus Group (id 27307, DPRK3) in OFAC SDN 2025-11-19")
	assert.Contains(t, lines[4], ": BROADCAST (2 addresses screened)")
	assert.Contains(t, lines[5], ": BLOCK, SANCTIONED: recipient "+listedAddress+" is listed for Lazarus Group")

	// Other inputs: an invalid deposit address is asked again; a bad destination is an error.
	out.Reset()
	require.NoError(t, run(context.Background(), []string{"--list", list, "--signup", "0x1234", "--withdraw-to", cleanAddress}, &out))
	assert.Contains(t, out.String(), `signup customer-1002 "0x1234": ASK AGAIN, not a valid address`)
	assert.Equal(t, 2, strings.Count(out.String(), ": BROADCAST"))
	err := run(context.Background(), []string{"--list", list, "--withdraw-to", strings.ToLower(listedAddress[:41]) + "G"}, &out)
	assert.ErrorContains(t, err, "withdrawal destination")
}

// Fail closed: without a list nobody is onboarded.
func TestOnboardingNeedsAList(t *testing.T) {
	var out bytes.Buffer
	assert.Error(t, run(context.Background(), nil, &out))
	assert.Error(t, run(context.Background(), []string{"--list", filepath.Join(t.TempDir(), "missing.xml")}, &out))
}
