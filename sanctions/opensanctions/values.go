package opensanctions

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/chainscreen/chainscreen/sanctions"
)

// delatinise returns s with look-alike letters replaced by Latin ones
// (sanctions.Unconfuse), and whether the result is plain ASCII and differs from s.
func delatinise(s string) (string, bool) {
	l, changed := sanctions.Unconfuse(s)
	if !changed || !isASCII(l) {
		return s, false
	}
	return l, true
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
