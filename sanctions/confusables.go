package sanctions

import "strings"

// confusables maps the Cyrillic and Greek letters that look like Latin ones to those
// Latin letters: a small explicit table (the letters that occur in base58, bech32, hex
// and base32 addresses), not a general transliteration.
var confusables = map[rune]rune{
	// Cyrillic capitals.
	'А': 'A', 'В': 'B', 'Е': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O', 'Р': 'P',
	'С': 'C', 'Т': 'T', 'Х': 'X', 'У': 'Y', 'Ѕ': 'S', 'І': 'I', 'Ј': 'J', 'Ү': 'Y', 'Ԛ': 'Q', 'Ԝ': 'W',
	// Cyrillic small letters.
	'а': 'a', 'е': 'e', 'о': 'o', 'р': 'p', 'с': 'c', 'х': 'x', 'у': 'y', 'і': 'i',
	'ј': 'j', 'ѕ': 's', 'ԁ': 'd', 'һ': 'h', 'ԛ': 'q', 'ԝ': 'w',
	// Greek capitals.
	'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M',
	'Ν': 'N', 'Ο': 'O', 'Ρ': 'P', 'Τ': 'T', 'Υ': 'Y', 'Χ': 'X',
	// Greek small letters.
	'ο': 'o', 'ν': 'v', 'α': 'a', 'ι': 'i', 'κ': 'k', 'ρ': 'p', 'τ': 't', 'υ': 'u',
}

// Unconfuse maps the Cyrillic and Greek look-alike letters in s to Latin (a small
// explicit table of the letters that look like the Latin ones of base58, bech32, hex and
// base32 addresses, such as Cyrillic "Н" and "с") and reports whether it changed
// anything. Other characters are kept.
func Unconfuse(s string) (string, bool) {
	changed := false
	out := strings.Map(func(r rune) rune {
		if l, ok := confusables[r]; ok {
			changed = true
			return l
		}
		return r
	}, s)
	return out, changed
}
