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
		{"2025-11-19", "2025-11-19", false}, // same day: CheckNotEarlierIssue decides
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

// TestCheckNotEarlierIssue: on the same date of issue, a publication that only removes
// values is taken for the earlier issue of that day; one that adds any value, or one of
// another date or source, is not refused by this half of the rule.
func TestCheckNotEarlierIssue(t *testing.T) {
	day := time.Date(2025, 11, 19, 0, 0, 0, 0, time.UTC)
	e := &Entity{ID: "1", Name: "P", Type: "entity"}
	list := func(name string, published time.Time, values ...string) *List {
		var addrs []ListedAddress
		for _, v := range values {
			addrs = append(addrs, ListedAddress{Ticker: "ETH", Value: v, Entity: e})
		}
		return NewList(Source{Name: name, Published: published}, addrs)
	}
	const a, b = "0x098B716B8Aaf21512996dC57EB0615e2383E2f96", "0xa0e1c89Ef1a489c9C7dE96311eD5Ce5D32c20E4B"
	later := list("OFAC SDN", day, a, b)
	for _, tc := range []struct {
		name    string
		next    *List
		refused bool
	}{
		{"only removes, same day", list("OFAC SDN", day, a), true},
		{"adds one, same day", list("OFAC SDN", day, a, b, "0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c"), false},
		{"same values", list("OFAC SDN", day, a, b), false},
		{"only removes, next day", list("OFAC SDN", day.AddDate(0, 0, 1), a), false},
		{"only removes, other source", list("custom", day, a), false},
		{"nil", nil, false},
	} {
		err := CheckNotEarlierIssue(later, tc.next)
		if got := errors.Is(err, ErrOlder); got != tc.refused {
			t.Errorf("%s: %v, want refused=%v", tc.name, err, tc.refused)
		}
	}
}
