package screen

import (
	"context"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withoutKeptDecodes is ix with no kept decode: every input is decoded again.
func withoutKeptDecodes(ix *index) *index {
	c := *ix
	c.byText = maps.Clone(ix.byText)
	for k, te := range c.byText {
		te.addr = nil
		c.byText[k] = te
	}
	return &c
}

// realLists are the real publications of every format in the shared data.
func realLists(t *testing.T) map[string]*sanctions.List {
	t.Helper()
	out := map[string]*sanctions.List{}
	for _, pub := range testdata.Publications {
		out["ofac "+pub] = publication(t, pub)
	}
	for name, parts := range map[string][]string{
		"nbctf":         {"lists", "nbctf"},
		"opensanctions": {"lists", "opensanctions", "entities.ftm.json"},
		"usdt freeze":   {"lists", "usdt_freeze_ethereum", "usdt_blacklist_logs.json"},
	} {
		l, err := sanctions.Open(context.Background(), testdata.Path(t, parts...))
		require.NoError(t, err, name)
		out[name] = l
	}
	return out
}

// TestKeptDecodeIsTheDecode screens every listed value of every real list (as
// published, as its canonical text, and as variants that must not take the kept decode)
// through the index with its kept decodes and through the same index without them: the
// results must be identical, field for field. It also checks that the kept decodes are
// used at all: every value that address.Parse reads as given is kept.
func TestKeptDecodeIsTheDecode(t *testing.T) {
	at := screenTime{now: time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)}
	for name, l := range realLists(t) {
		t.Run(name, func(t *testing.T) {
			ix := buildIndex([]*sanctions.List{l})
			bare := withoutKeptDecodes(ix)
			kept, want := 0, map[string]bool{}
			for _, te := range ix.byText {
				if te.addr != nil {
					kept++
				}
			}
			for _, la := range l.Addresses {
				if a, err := address.Parse(la.Value); err == nil && len(a.Normalised) == 0 && la.Addr.Key != "" {
					want[la.Value] = true
					want[a.Canonical] = true
				}
				texts := []string{la.Value, la.Addr.Canonical, " " + la.Value, strings.ToLower(la.Value),
					strings.ToUpper(la.Value), la.Value + "?dt=1"}
				for _, in := range texts {
					for _, chain := range []address.Chain{address.ChainUnknown, la.Addr.Chain} {
						got, exp := ix.screen(at, chain, in, ""), bare.screen(at, chain, in, "")
						require.Equal(t, exp, got, "%s %q as %q", la.Ticker, in, chain)
					}
				}
			}
			require.NotEmpty(t, want)
			for v := range want {
				assert.NotNil(t, ix.byText[v].addr, "%q: decode not kept", v)
			}
			assert.Equal(t, len(want), kept, "kept decodes")
		})
	}
}
