package screen

import (
	"context"
	"github.com/chainscreen/chainscreen/internal/listtest"
	"testing"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The NBCTF table's XRP entry (lists/nbctf/wallets.csv line 874: one account, tag
// 102334770, at an exchange's shared deposit address) and its X-addresses, encoded by
// testdata/xaddress.py (run: python3 screen/testdata/xaddress.py rEb8TK3gBgk5auZkwc6sHnwrGVJH8DuaLh 102334770).
const (
	taggedXRP    = "rEb8TK3gBgk5auZkwc6sHnwrGVJH8DuaLh"
	listedTag    = "102334770"
	xWithTag     = "XVH3aqvbYGhRhrD1FYSzGooNuxdzbGnr6npvMPngiJneTg5"
	xWithTag1    = "XVH3aqvbYGhRhrD1FYSzGooNuxdzbGhnWTduxmifoVM3vAC"
	xWithoutTag  = "XVH3aqvbYGhRhrD1FYSzGooNuxdzbEyND6EG8Ecsjo5Yqr8"
	nbctfOrderXR = "צ.ת 18/26"
)

func TestListedWithTag(t *testing.T) {
	ctx := context.Background()
	l := listtest.CatList(t, "NBCTF", "Israel NBCTF", sanctions.CategoryTerrorismFinancing, "2025-10-01",
		sanctions.ListedAddress{Ticker: "XRP", Value: taggedXRP, Tag: listedTag, Reference: nbctfOrderXR})
	s, err := New([]*sanctions.List{l})
	require.NoError(t, err)

	for _, tc := range []struct {
		name, in, tag string
		flags         []Flag
		mismatch      bool
	}{
		{"X-address with the listed tag", xWithTag, "", []Flag{FlagTerrorismFinancing}, false},
		{"address and tag given separately", taggedXRP, listedTag, []Flag{FlagTerrorismFinancing}, false},
		{"address?dt=tag", taggedXRP + "?dt=" + listedTag, "", []Flag{FlagTerrorismFinancing}, false},
		{"bare address", taggedXRP, "", []Flag{FlagListedWithTag}, true},
		{"another tag", taggedXRP, "1", []Flag{FlagListedWithTag}, true},
		{"X-address with another tag", xWithTag1, "", []Flag{FlagListedWithTag}, true},
		{"X-address without a tag", xWithoutTag, "", []Flag{FlagListedWithTag}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := s.ScreenAddressTag(ctx, address.ChainUnknown, tc.in, tc.tag)
			require.NoError(t, err)
			assert.Equal(t, tc.flags, r.Flags, r.Notes)
			assert.Equal(t, address.ChainRipple, r.Chain)
			assert.True(t, r.Sanctioned(), "never clean: a CLI exit 1, a monitor event")
			require.Len(t, r.Hits, 1)
			h := r.Hits[0]
			assert.Equal(t, listedTag, h.Tag, "the hit names the listed tag")
			assert.Equal(t, tc.mismatch, h.TagMismatch)
			assert.Equal(t, nbctfOrderXR, h.Reference)
			assert.Equal(t, sanctions.CategoryTerrorismFinancing, h.Category)
			if tc.mismatch {
				assert.Equal(t, SeverityMedium, r.Severity)
			} else {
				assert.Equal(t, SeverityCritical, r.Severity)
			}
		})
	}
	// The X-address decoder keeps the tag it decodes.
	a, err := address.Parse(xWithTag)
	require.NoError(t, err)
	assert.Equal(t, listedTag, a.Tag)
	a, err = address.Parse(xWithoutTag)
	require.NoError(t, err)
	assert.Empty(t, a.Tag)
	// A transaction lookup carries no tag: the tagged listing is LISTED_WITH_TAG there too.
	hits, fs := s.ix.Load().lookup(a.Key, address.ChainRipple, taggedXRP, RoleRecipient)
	require.Len(t, hits, 1)
	assert.True(t, hits[0].TagMismatch)
	assert.Equal(t, flagSet(0).with(FlagListedWithTag), fs)
}

func (s flagSet) with(f Flag) flagSet { s.add(f); return s }
