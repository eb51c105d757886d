package opensanctions

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// confusables maps the Cyrillic and Greek letters that look like Latin ones (as typed
// into published address tables) to the Latin letters. Only used on values that do not
// parse otherwise; see normalise.
var confusables = map[rune]rune{
	'А': 'A', 'В': 'B', 'Е': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O', 'Р': 'P', 'С': 'C',
	'Т': 'T', 'Х': 'X', 'У': 'Y', 'Ѕ': 'S', 'І': 'I', 'Ј': 'J', 'а': 'a', 'е': 'e', 'о': 'o',
	'р': 'p', 'с': 'c', 'у': 'y', 'х': 'x', 'і': 'i', 'ј': 'j', 'ѕ': 's', 'Α': 'A', 'Β': 'B',
	'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M', 'Ν': 'N', 'Ο': 'O', 'Ρ': 'P',
	'Τ': 'T', 'Υ': 'Y', 'Χ': 'X', 'ο': 'o', 'ν': 'v',
}

// delatinise returns s with look-alike letters replaced by Latin ones, and whether the
// result is plain ASCII and differs from s.
func delatinise(s string) (string, bool) {
	if isASCII(s) {
		return s, false
	}
	var b strings.Builder
	for _, r := range s {
		if l, ok := confusables[r]; ok {
			r = l
		}
		if r >= utf8.RuneSelf {
			return s, false
		}
		b.WriteRune(r)
	}
	return b.String(), true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// tagSuffix matches "ADDRESS (Address tag N)" with an optional trailing "*", as the
// NBCTF table (and so the il_mod_crypto dataset) writes XRP, XLM and BNB deposit
// accounts.
var tagSuffix = regexp.MustCompile(`(?i)^\s*(\S+)\s*\(\s*(?:address\s+)?(?:destination\s+)?(?:tag|memo)\s*:?\s*(\d+)\s*\)\s*\*?\s*$`)

// splitTag returns the address and tag of a value with a tag suffix ("" when none).
func splitTag(v string) (addr, tag string) {
	if !strings.ContainsRune(v, '(') {
		return v, ""
	}
	m := tagSuffix.FindStringSubmatch(v)
	if m == nil {
		return v, ""
	}
	return m[1], m[2]
}
