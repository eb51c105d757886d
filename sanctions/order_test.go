package sanctions

import (
	"errors"
	"testing"
	"time"
)

func TestCheckNotOlder(t *testing.T) {
	d := func(s string) time.Time { t, _ := ParseDate(s); return t }
	for _, tc := range []struct {
		pub, cur string
		older    bool
	}{
		{"2025-11-19", "2024-12-19", false},
		{"2025-11-19", "2025-11-19", false}, // same day: the Fetcher's same-day rule decides
		{"2024-12-19", "2025-11-19", true},
		{"", "2025-11-19", false},
		{"2025-11-19", "", false},
	} {
		err := CheckNotOlder("OFAC SDN", d(tc.pub), d(tc.cur))
		if got := errors.Is(err, ErrOlder); got != tc.older {
			t.Errorf("CheckNotOlder(%s, in service %s) = %v, want older=%v", tc.pub, tc.cur, err, tc.older)
		}
	}
	// Calendar days in UTC: a later instant of an earlier day is older.
	late := time.Date(2025, 11, 18, 23, 0, 0, 0, time.UTC)
	if err := CheckNotOlder("x", late, time.Date(2025, 11, 19, 0, 0, 0, 0, time.UTC)); !errors.Is(err, ErrOlder) {
		t.Errorf("an earlier day is older: %v", err)
	}
}
