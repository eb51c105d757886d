package address

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxInputLen is the longest input Parse looks at (a Zcash unified address with every
// receiver is about 220 characters). Longer inputs are ErrInvalid.
const MaxInputLen = 512

// family is one address codec: the chains it serves, a cheap shape test and its parser.
// The shape test must never reject text the parser would claim (it may accept text the
// parser then rejects); it only saves calling parsers that cannot want the text. A parser
// gets the cleaned text and an optional chain hint; it returns an error wrapping
// ErrUnknownFormat when the text does not have its shape, so that Parse can try the
// next family.
type family struct {
	chains []Chain
	maybe  func(s string, hint Chain) bool
	parse  func(s string, hint Chain) (Address, error)
}

// families is tried in this order by Parse: the most specific shapes first, Solana (any
// base58 string of 32 bytes) last.
var families = []family{
	{[]Chain{ChainEVM}, func(s string, hint Chain) bool {
		return hint == ChainEVM || (s[0] == '0' && len(s) > 1 && (s[1] == 'x' || s[1] == 'X'))
	}, parseEVM},
	{[]Chain{ChainBitcoinCash}, func(s string, _ Chain) bool {
		return strings.IndexByte(s, ':') >= 0 || cashAddrBodyLen(len(s))
	}, parseCashAddr},
	{[]Chain{ChainBitcoin, ChainLitecoin, ChainBitcoinGold, ChainDigiByte, ChainVerge}, func(s string, _ Chain) bool {
		return strings.LastIndexByte(s, '1') > 0
	}, parseSegwit},
	{[]Chain{ChainBNBBeacon}, func(s string, _ Chain) bool {
		return hasPrefixFold(s, "bnb1") || hasPrefixFold(s, "tbnb1")
	}, parseBNB},
	{[]Chain{ChainZcash}, func(s string, _ Chain) bool {
		return strings.IndexByte("tzZuU", s[0]) >= 0
	}, parseZcash},
	{[]Chain{ChainMonero}, func(s string, _ Chain) bool {
		return len(s) == moneroStdLen || len(s) == moneroIntLen
	}, parseMonero},
	{[]Chain{ChainCardano}, func(s string, hint Chain) bool {
		return hint == ChainCardano || hasPrefixFold(s, "addr") || hasPrefixFold(s, "stake") || len(s) >= cardanoByronMinLen
	}, parseCardano},
	{[]Chain{ChainStellar}, func(s string, hint Chain) bool {
		return hint == ChainStellar || len(s) == stellarAccountLen || len(s) == stellarMuxedLen
	}, parseStellar},
	{[]Chain{ChainAlgorand}, func(s string, hint Chain) bool {
		return hint == ChainAlgorand || len(s) == algorandLen
	}, parseAlgorand},
	{[]Chain{ChainSiacoin}, func(s string, _ Chain) bool { return len(s) == siaLen }, parseSia},
	{[]Chain{ChainLisk}, func(s string, _ Chain) bool {
		return s[len(s)-1] == 'L' || (len(s) == lisk32Len && strings.HasPrefix(s, lisk32Prefix))
	}, parseLisk},
	{[]Chain{ChainIOST}, func(_ string, hint Chain) bool { return hint == ChainIOST }, parseIOST},
	{[]Chain{ChainTron}, func(s string, hint Chain) bool {
		return s[0] == 'T' || hint == ChainTron
	}, parseTron},
	{[]Chain{ChainRipple}, func(s string, _ Chain) bool {
		return s[0] == 'r' || s[0] == 'X' || s[0] == 'T'
	}, parseRipple},
	{[]Chain{ChainBitcoin, ChainBitcoinCash, ChainBitcoinSV, ChainBitcoinGold, ChainLitecoin,
		ChainDogecoin, ChainDash, ChainVerge, ChainDigiByte, ChainKomodo, ChainStratis}, func(s string, _ Chain) bool {
		return len(s) >= minBase58CheckLen && len(s) <= maxBase58CheckLen
	}, parseBase58Check},
	{[]Chain{ChainSolana}, func(s string, _ Chain) bool {
		return len(s) >= solanaMinLen && len(s) <= solanaMaxLen
	}, parseSolana},
}

// Parse detects the chain of s and returns the canonical address.
//
// When several chains accept the same text, Chain is the most likely one and the
// others are in AlsoValidOn. On failure the error wraps one of the package's sentinel
// errors; when an EVM address fails only its EIP-55 case checksum, the returned Address
// is still filled in (its Key is that of the decoded bytes) and the error wraps
// ErrChecksum, so that a caller can both flag the mismatch and look the bytes up.
func Parse(s string) (Address, error) {
	return parse(ChainUnknown, s)
}

// ParseAs parses s as an address of chain c. A valid address of another chain is
// ErrWrongChain. For EVM chains, a hex address without the "0x" prefix is accepted.
func ParseAs(c Chain, s string) (Address, error) {
	if c == ChainUnknown {
		return Parse(s)
	}
	known := false
	for _, k := range Chains() {
		if k == c {
			known = true
		}
	}
	if !known {
		return Address{Input: s}, perr(s, c, ErrUnsupportedChain, "")
	}
	return parse(c, s)
}

func parse(hint Chain, input string) (Address, error) {
	s, notes, err := clean(input)
	if err != nil {
		return Address{Input: input, Normalised: notes}, err
	}
	var best error
	for _, f := range families {
		if (hint != ChainUnknown && !serves(f, hint)) || !f.maybe(s, hint) {
			continue
		}
		a, err := f.parse(s, hint)
		if err == nil || (a.Key != "" && errRank(err) == 4) {
			a.Input = input
			a.Normalised = notes
			if err == nil && hint != ChainUnknown && !a.ValidOn(hint) {
				return Address{Input: input, Normalised: notes}, perr(input, hint, ErrWrongChain,
					fmt.Sprintf("valid %s address, not %s", a.Chain, hint))
			}
			if hint != ChainUnknown && a.Chain != hint {
				a.AlsoValidOn = promote(a, hint)
				a.Chain = hint
			}
			return a, err
		}
		if best == nil || errRank(err) > errRank(best) {
			best = err
		}
	}
	if best == nil || best == errNotMine {
		best = &ParseError{Input: input, Chain: hint, Err: ErrUnknownFormat}
	}
	if hint == ChainUnknown || errRank(best) > 1 {
		return Address{Input: input, Normalised: notes}, fixInput(best, input)
	}
	// The named chain did not recognise it: say whether another chain would have.
	if other, err := parse(ChainUnknown, input); err == nil {
		return Address{Input: input, Normalised: notes}, perr(input, hint, ErrWrongChain,
			fmt.Sprintf("valid %s address, not %s", other.Chain, hint))
	}
	return Address{Input: input, Normalised: notes}, fixInput(best, input)
}

// fixInput makes the error quote the caller's input rather than the cleaned text.
func fixInput(err error, input string) error {
	if pe, ok := err.(*ParseError); ok {
		cp := *pe
		cp.Input = input
		return &cp
	}
	return err
}

func serves(f family, c Chain) bool {
	for _, k := range f.chains {
		if k == c {
			return true
		}
	}
	return false
}

// promote returns a.AlsoValidOn with hint removed and a.Chain added.
func promote(a Address, hint Chain) []Chain {
	out := []Chain{a.Chain}
	for _, c := range a.AlsoValidOn {
		if c != hint {
			out = append(out, c)
		}
	}
	return out
}

// invisible reports runes that render as nothing (zero-width, BOM, soft hyphen...).
func invisible(r rune) bool {
	switch r {
	case '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u180E', '\u2061', '\u2062', '\u2063', '\u2064':
		return true
	}
	return unicode.Is(unicode.Cf, r)
}

// Trim strips surrounding white space and invisible characters, as Parse does.
func Trim(s string) string {
	// The usual case: printable ASCII at both ends, nothing to strip (every character
	// stripped is a control, a space or outside ASCII).
	if n := len(s); n > 0 && s[0] > ' ' && s[0] < 0x7f && s[n-1] > ' ' && s[n-1] < 0x7f {
		return s
	}
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || invisible(r) })
}

// clean strips surrounding white space and invisible characters and rejects any that
// remain inside the address. It returns the notes of what was stripped.
func clean(input string) (string, []string, error) {
	if plainASCII(input) {
		return input, nil, nil
	}
	if len(input) > MaxInputLen {
		return "", nil, perr(input, ChainUnknown, ErrInvalid, fmt.Sprintf("longer than %d bytes", MaxInputLen))
	}
	if !utf8.ValidString(input) {
		return "", nil, perr(input, ChainUnknown, ErrInvalid, "not valid UTF-8")
	}
	var notes []string
	strip := func(r rune) bool { return unicode.IsSpace(r) || invisible(r) }
	s := strings.TrimFunc(input, strip)
	if s != input {
		seen := map[string]bool{}
		for _, r := range input {
			if !strip(r) {
				continue
			}
			n := describe(r)
			if !seen[n] {
				seen[n] = true
				notes = append(notes, n)
			}
		}
	}
	if s == "" {
		return "", notes, perr(input, ChainUnknown, ErrEmpty, "")
	}
	for i, r := range s {
		if r > unicode.MaxASCII || r <= ' ' || r == 0x7f {
			return "", notes, perr(input, ChainUnknown, ErrInvalid,
				fmt.Sprintf("character %U at byte %d inside the address", r, i))
		}
	}
	return s, notes, nil
}

func describe(r rune) string {
	switch r {
	case ' ':
		return "stripped space"
	case '\t':
		return "stripped tab"
	case '\n', '\r':
		return "stripped line break"
	}
	return fmt.Sprintf("stripped %U", r)
}

// hasPrefixFold reports whether s begins with prefix, ignoring ASCII case, without
// allocating.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// plainASCII reports whether s is non-empty, within MaxInputLen and made only of
// printable ASCII without spaces: the usual input, which needs no cleaning.
func plainASCII(s string) bool {
	if len(s) == 0 || len(s) > MaxInputLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f {
			return false
		}
	}
	return true
}
