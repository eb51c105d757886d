package screen

import (
	"context"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/sanctions"
)

// TestOptionsNilSafe: a nil argument to a With* option, or a nil Option, keeps the
// default instead of panicking later (screen.WithLogger(nil) panicked on the first
// Swap before).
func TestOptionsNilSafe(t *testing.T) {
	ctx := context.Background()
	l := refreshList(t, "2025-11-19", "aa", "ETH", refreshETH)
	for name, opt := range map[string]Option{
		"WithLogger(nil)": WithLogger(nil),
		"WithClock(nil)":  WithClock(nil),
		"nil Option":      nil,
	} {
		t.Run(name, func(t *testing.T) {
			s, err := New([]*sanctions.List{l}, opt, WithMaxAge(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			res, err := s.ScreenAddress(ctx, refreshETH) // uses the clock (max age) and may log
			if err != nil || !res.Sanctioned() {
				t.Fatalf("%v %+v", err, res.Flags)
			}
			if err := s.Swap(l); err != nil { // logs
				t.Fatal(err)
			}
			a, err := sanctions.NewArchive(l)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := NewFromArchive(a, time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC), opt); err != nil {
				t.Fatal(err)
			}
		})
	}
	for name, opt := range map[string]RefreshOption{
		"WithRefreshLogger(nil)":  WithRefreshLogger(nil),
		"WithRefreshClock(nil)":   WithRefreshClock(nil),
		"WithRefreshTimeout(0)":   WithRefreshTimeout(0),
		"WithRefreshMaxShrink(0)": WithRefreshMaxShrink(0),
		"nil RefreshOption":       nil,
	} {
		t.Run(name, func(t *testing.T) {
			s, err := New([]*sanctions.List{l})
			if err != nil {
				t.Fatal(err)
			}
			r := NewRefresher(s, loadOf(l), 0, opt)
			defer r.Stop()
			if err := r.Trigger(ctx); err != nil {
				t.Fatal(err)
			}
			if st := r.Status(); st.LastSuccess.IsZero() || st.Refreshes != 1 {
				t.Errorf("status %+v", st)
			}
		})
	}
}
