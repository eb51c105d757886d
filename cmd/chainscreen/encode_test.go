package main

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/stretchr/testify/require"
)

// The fast NDJSON encoder writes exactly what encoding/json writes, for real results of
// every shape (clean, normalised, invalid, hits, several lists) and for texts that need
// escaping.
func TestFastEncoderMatchesJSON(t *testing.T) {
	require.True(t, fastResult, "screen.Result changed shape: update resultEncoder (and the field list in encode.go)")
	ctx := context.Background()
	l, err := sanctions.Open(ctx, excerpt(t))
	require.NoError(t, err)
	other := sanctions.NewList(sanctions.Source{Name: "custom <&>", Format: "custom", Published: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)},
		[]sanctions.ListedAddress{{Value: "0x52908400098527886E0F7030069857D2E4169EE7", Entity: &sanctions.Entity{ID: "x", Name: "X"}}})
	inputs := []string{cleanETH, listedETH, "  " + listedETH, "garbage", "", "bc1q05aktddf9ce4p7hh3stgsf253m4vweu7nkhtmw",
		"BC1Q05AKTDDF9CE4P7HH3STGSF253M4VWEU7NKHTMW", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq",
		"<script>&", "Ünïcödé\u2028", "\xff\xfe", "0x52908400098527886e0f7030069857d2e4169ee7"}
	for _, lists := range [][]*sanctions.List{{l}, {l, other}} {
		s, err := screen.New(lists)
		require.NoError(t, err)
		var enc resultEncoder
		for i, in := range inputs {
			r, err := s.ScreenAddress(ctx, in)
			require.NoError(t, err)
			for _, row := range []batchRow{{Result: r}, {Line: i + 1, Result: r}} {
				want, err := json.Marshal(row)
				require.NoError(t, err)
				got, err := enc.appendRow(nil, &row)
				require.NoError(t, err)
				require.Equal(t, string(want)+"\n", string(got), "input %q", in)
			}
		}
		// Texts that need escaping, on the fast path (a result without notes or hits).
		for _, in := range []string{"<a>&\"\\", "\u2028\u2029", "\x00\x1f", "\xff", "é"} {
			row := batchRow{Line: 3, Result: screen.Result{Input: in, Canonical: in, Flags: []screen.Flag{}, Hits: []screen.Hit{},
				List: s.Lists()[0], Lists: s.Lists()}}
			want, _ := json.Marshal(row)
			got, err := enc.appendRow(nil, &row)
			require.NoError(t, err)
			require.Equal(t, string(want)+"\n", string(got))
		}
	}
}

// BenchmarkEncodeRow compares the fast encoder with encoding/json on a clean result.
func BenchmarkEncodeRow(b *testing.B) {
	l, err := sanctions.Open(context.Background(), excerpt(b))
	require.NoError(b, err)
	s, _ := screen.New([]*sanctions.List{l})
	r, _ := s.ScreenAddress(context.Background(), cleanETH)
	row := batchRow{Line: 12345, Result: r}
	b.Run("fast", func(b *testing.B) {
		var enc resultEncoder
		buf := make([]byte, 0, 1024)
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			buf, _ = enc.appendRow(buf[:0], &row)
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			_, _ = json.Marshal(row)
		}
	})
}
