package nbctf

import (
	"regexp"
	"strings"
	"unicode"
)

// invisible reports the characters that are never part of a value and that a copy from
// a web page or a spreadsheet leaves behind: zero-width characters, bidirectional marks
// and embeddings, the BOM, soft hyphens.
func invisible(r rune) bool {
	switch {
	case r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2060 && r <= 0x2064,
		r >= 0x2066 && r <= 0x2069, r == 0xFEFF, r == 0x00AD, r == 0x061C, r == 0x180E:
		return true
	}
	return false
}

// cleanText trims white space and removes invisible characters (for names, numbers
// and dates, where they carry nothing).
func cleanText(s string) string {
	if isPlainASCII(s) {
		return strings.TrimSpace(s)
	}
	return strings.TrimFunc(strings.Map(func(r rune) rune {
		if invisible(r) {
			return -1
		}
		return r
	}, s), unicode.IsSpace)
}

// cleanCell cleans a value cell and reports what it removed.
func cleanCell(s string) (out string, hadInvisible, hadSpace bool) {
	if !isPlainASCII(s) {
		out = strings.Map(func(r rune) rune {
			if invisible(r) {
				hadInvisible = true
				return -1
			}
			return r
		}, s)
	} else {
		out = s
	}
	t := strings.TrimFunc(out, unicode.IsSpace)
	return t, hadInvisible, t != out
}

func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func hasConfusable(s string) bool {
	for _, r := range s {
		if (r >= 0x0370 && r <= 0x03FF) || (r >= 0x0400 && r <= 0x052F) {
			return true
		}
	}
	return false
}

// isPlaceholder reports the cells that say "nothing here".
func isPlaceholder(s string) bool {
	switch s {
	case "-", "–", "—", "--", "---":
		return true
	}
	return false
}

var (
	// taggedValue matches "ADDRESS (Address tag N) *": one account at an exchange's
	// shared deposit address (XRP destination tag, Stellar or BNB memo). The trailing
	// asterisk is a footnote mark of the page.
	taggedValue = regexp.MustCompile(`(?i)^(\S+)\s*\(\s*(?:address\s+)?(?:tag|memo)\s*:?\s*([^()\s]+)\s*\)\s*\**$`)
	// sciNotation is a number that a spreadsheet turned into "9.46108E+11".
	sciNotation = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?[eE]\+?[0-9]+$`)
)

// isTagged reports whether v is "ADDRESS (Address tag N)".
func isTagged(v string) bool {
	return strings.IndexByte(v, '(') > 0 && taggedValue.MatchString(v)
}

// isAccountID reports a numeric exchange user id or a phone-number-like id ("+972…").
func isAccountID(v string) bool {
	v = strings.TrimPrefix(v, "+")
	if v == "" {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

// isSciNotation reports a number that a spreadsheet turned into "9.46108E+11".
func isSciNotation(v string) bool {
	return v != "" && v[0] >= '0' && v[0] <= '9' && strings.ContainsAny(v, "eE") && sciNotation.MatchString(v)
}

// shapeTicker names the currency of a value whose shape is unambiguous, for currencies
// that the address package does not decode (the table's currency column is mostly
// empty). Empty: the value's chain is detected from the value itself.
func shapeTicker(v string) string {
	if v == "" {
		return ""
	}
	switch n, last := len(v), v[len(v)-1]; {
	case last == 'L' && n <= 21, n == 76, n == 56 && v[0] == 'G', n == 58,
		n > 50 && (strings.HasPrefix(v, "addr1") || strings.HasPrefix(v, "DdzFF") || strings.HasPrefix(v, "Ae2")):
	default:
		return "" // no shape below can match (saves the regular expressions)
	}
	switch {
	case lisk.MatchString(v):
		return "LSK"
	case siacoin.MatchString(v):
		return "SC"
	case stellar.MatchString(v):
		return "XLM"
	case algorand.MatchString(v):
		return "ALGO"
	case cardano.MatchString(v):
		return "ADA"
	}
	return ""
}

var (
	lisk     = regexp.MustCompile(`^[0-9]{1,20}L$`)
	siacoin  = regexp.MustCompile(`^[0-9a-f]{76}$`)
	stellar  = regexp.MustCompile(`^G[A-Z2-7]{55}$`)
	algorand = regexp.MustCompile(`^[A-Z2-7]{58}$`)
	cardano  = regexp.MustCompile(`^(?:addr1[02-9ac-hj-np-z]{50,}|DdzFF[1-9A-HJ-NP-Za-km-z]{50,}|Ae2[1-9A-HJ-NP-Za-km-z]{50,})$`)
)

// minSplitLen is the length of the shortest address the table holds (a Lisk address
// is shorter, but it never shares a cell).
const minSplitLen = 25

// splitValues splits a value cell that holds several values ("0x…, TR2n…"). Commas,
// semicolons and line breaks separate values; white space separates them too unless
// the cell is one tagged value.
func splitValues(cell string) []string {
	if !strings.ContainsAny(cell, ",;\n\r \t") && !strings.ContainsFunc(cell, unicode.IsSpace) {
		return []string{cell} // one value (the common case)
	}
	parts := strings.FieldsFunc(cell, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '\r' })
	var out []string
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if !strings.ContainsFunc(p, unicode.IsSpace) || isTagged(p) {
			out = append(out, p)
			continue
		}
		// "0xabc… TR2n…": white space separates values only when every piece is as
		// long as an address; otherwise the cell is one value (matched as exact text).
		fs := strings.Fields(p)
		long := true
		for _, f := range fs {
			long = long && len(f) >= minSplitLen
		}
		if long {
			out = append(out, fs...)
		} else {
			out = append(out, p)
		}
	}
	return out
}
