package nbctf

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/chainscreen/chainscreen/sanctions"
)

// Order is one seizure order as releases.csv describes it.
type Order struct {
	// Reference is the order in the form the wallets table uses: "צ.ת 18/26".
	Reference string
	// Date is the order's date (its row's "date of update"), UTC midnight.
	Date time.Time
	// Valid is the last day the order is in force (UTC midnight); zero when the order
	// was converted into a forfeiture order (permanent) or the table gives no date.
	Valid time.Time
	// Forfeiture is the forfeiture order it was converted into ("צח 14/26"), if any.
	Forfeiture string
	// Line is the order's line in releases.csv.
	Line int
}

// Until is when the order stops being in force: the day after its last valid day, at
// 00:00 UTC (later than the end of that day in Israel, so never early). Zero when the
// order has no end.
func (o Order) Until() time.Time {
	if o.Valid.IsZero() {
		return time.Time{}
	}
	return o.Valid.AddDate(0, 0, 1)
}

// Releases is the parsed releases.csv table.
type Releases struct {
	// Orders by Reference.
	Orders map[string]Order
	// Newest is the newest date in the table (orders, amendments and annexes).
	Newest time.Time
	// Issues are the table's problems (Kind "malformed_row", "validity_unknown").
	Issues []sanctions.Issue
}

var (
	// orderNumber finds "N/YY" in an order's text.
	orderNumber = regexp.MustCompile(`(\d{1,4})\s*/\s*(\d{2,4})`)
	// forfeitureRef finds "צח n/yy" in a validity cell.
	forfeitureRef = regexp.MustCompile(`צח\s*(\d{1,4})\s*/\s*(\d{2,4})`)
)

const releasesHeader = "תוקף הצו" // "validity of the order"

// ParseReleases parses the records of releases.csv (header row first). Rows that do not
// parse are Issues with their line, never a silent drop.
func ParseReleases(records [][]string) Releases {
	rel := Releases{Orders: map[string]Order{}}
	for i, r := range records {
		line := i + 1
		for j := range r {
			r[j] = cleanText(r[j])
		}
		if i == 0 && len(r) > 0 && strings.Contains(strings.Join(r, ","), releasesHeader) {
			continue
		}
		if allEmpty(r) {
			continue
		}
		bad := func(kind, why string) {
			rel.Issues = append(rel.Issues, sanctions.Issue{Line: line, Kind: kind,
				Reason: "releases.csv line " + strconv.Itoa(line) + ": " + why})
		}
		if len(r) < 3 {
			bad("malformed_row", fmt.Sprintf("%d fields, want 3 (kind, date, validity): %q", len(r), r))
			continue
		}
		kind, dateText, valid := r[0], r[1], r[2]
		date, err := parseDate(dateText)
		if err != nil {
			bad("malformed_row", fmt.Sprintf("date %q: %v", dateText, err))
		} else if date.After(rel.Newest) {
			rel.Newest = date
		}
		if strings.HasPrefix(kind, "נספח") || strings.Contains(kind, "תיקון") {
			// An annex ("נספח לצו תפיסה 43/25 - פרטי ישויות וארנקים") or an amendment
			// of an order: it dates the publication, it is not an order of its own.
			continue
		}
		m := orderNumber.FindStringSubmatch(kind)
		if m == nil {
			bad("malformed_row", fmt.Sprintf("no order number in %q", kind))
			continue
		}
		o := Order{Reference: reference(m[1], m[2]), Date: date, Line: line}
		switch {
		case strings.HasPrefix(valid, "צו חילוט") || forfeitureRef.MatchString(valid):
			if f := forfeitureRef.FindStringSubmatch(valid); f != nil {
				o.Forfeiture = "צח " + f[1] + "/" + f[2]
			} else {
				o.Forfeiture = valid
			}
		default:
			v, err := parseDate(valid)
			if err != nil {
				// Fail closed: an order whose validity cannot be read stays in force.
				bad("validity_unknown", fmt.Sprintf("order %s: validity %q is neither a date nor a forfeiture order; treated as in force", o.Reference, valid))
			} else {
				o.Valid = v
			}
		}
		if prev, dup := rel.Orders[o.Reference]; dup {
			bad("malformed_row", fmt.Sprintf("order %s also on line %d; the later validity is kept", o.Reference, prev.Line))
			if prev.Valid.IsZero() || (!o.Valid.IsZero() && prev.Valid.After(o.Valid)) {
				o.Valid, o.Forfeiture = prev.Valid, prev.Forfeiture
			}
		}
		rel.Orders[o.Reference] = o
	}
	return rel
}

// reference is the canonical order reference "צ.ת N/YY".
func reference(n, yy string) string {
	n = strings.TrimLeft(n, "0")
	if n == "" {
		n = "0"
	}
	return "צ.ת " + n + "/" + yy
}

// parseDate reads the table's dates: "01.07.2026", "3.12.2024", "26/07/2003".
func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == '/' || r == '-' })
	if len(parts) != 3 {
		return time.Time{}, fmt.Errorf("not a day.month.year date")
	}
	d, err1 := strconv.Atoi(parts[0])
	m, err2 := strconv.Atoi(parts[1])
	y, err3 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || err3 != nil || d < 1 || d > 31 || m < 1 || m > 12 || y < 1900 || y > 2200 {
		return time.Time{}, fmt.Errorf("not a day.month.year date")
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, fmt.Errorf("no day %d in %d-%02d", d, y, m)
	}
	return t, nil
}

// ReadReleases reads releases.csv.
func ReadReleases(r io.Reader) (Releases, error) {
	b, err := readAll(r, ReleasesFile)
	if err != nil {
		return Releases{}, err
	}
	return ParseReleases(releaseRecords(b)), nil
}
