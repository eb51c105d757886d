package sanctions

import (
	"strings"
	"unicode"
)

// trimmed strips surrounding white space and invisible format characters.
func trimmed(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) })
}
