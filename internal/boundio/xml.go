package boundio

import "io"

// XML returns a reader that fails once one XML token is longer than max bytes: a run of
// text between two tags, or one piece of markup (a start or end tag, a comment, CDATA, a
// processing instruction, a DOCTYPE). It follows the token rules of the tokenizer the
// list readers use (github.com/orisano/gosax): a '>' inside a quoted attribute value, a
// comment or CDATA does not end the token, a DOCTYPE ends at its matching '>'.
func XML(r io.Reader, max int64, opts ...Option) io.Reader {
	return newReader(r, &xmlScanner{max: max}, "XML token", max, opts)
}

// The states of xmlScanner.
const (
	xText    = iota // between tags
	xLT             // just after '<'
	xBang           // just after "<!"
	xTag            // inside a start tag (quote in q)
	xClose          // inside "</...>"
	xComment        // inside "<!-...-->"
	xCDATA          // inside "<![...]]>"
	xPI             // inside "<?...?>"
	xDoctype        // inside "<!D...>" (nesting in lv)
)

type xmlScanner struct {
	max, n int64
	st     int
	q      byte // the open quote inside a start tag, 0 when none
	lv     int  // DOCTYPE nesting
	p1, p2 byte // the two bytes before this one inside a comment, CDATA or PI
}

// tagStop marks the bytes that change the state inside a start tag.
var tagStop = [256]bool{'"': true, '\'': true, '>': true}

func (x *xmlScanner) scan(b []byte) int {
	for i := 0; i < len(b); {
		switch x.st {
		case xText:
			at, over := countTo(b, i, '<', &x.n, x.max)
			if over >= 0 || at < 0 {
				return over
			}
			i = at + 1
			x.n, x.st = 1, xLT
			continue
		case xTag:
			if x.q != 0 {
				// Inside a quoted value: the closing quote is counted too.
				at, over := countTo(b, i, x.q, &x.n, x.max)
				if over >= 0 || at < 0 {
					return over
				}
				if k := x.add(b, at, 1); k >= 0 {
					return k
				}
				i, x.q = at+1, 0
				continue
			}
			j := i
			for j < len(b) && !tagStop[b[j]] {
				j++
			}
			if j == len(b) {
				return x.add(b, i, j-i)
			}
			if k := x.add(b, i, j-i+1); k >= 0 {
				return k
			}
			if b[j] == '>' {
				x.endToken()
			} else {
				x.q = b[j]
			}
			i = j + 1
			continue
		case xClose:
			at, over := countTo(b, i, '>', &x.n, x.max)
			if over >= 0 || at < 0 {
				return over
			}
			if k := x.add(b, at, 1); k >= 0 {
				return k
			}
			i = at + 1
			x.endToken()
			continue
		}
		// The byte-at-a-time states.
		c := b[i]
		if k := x.add(b, i, 1); k >= 0 {
			return k
		}
		i++
		switch x.st {
		case xLT:
			switch c {
			case '!':
				x.st = xBang
			case '/':
				x.st = xClose
			case '?':
				x.st, x.p1, x.p2 = xPI, 0, 0
			case '>':
				x.endToken() // "<>": gosax reads it as an (empty) start tag
			default:
				x.st, x.q = xTag, 0
				if c == '"' || c == '\'' {
					x.q = c
				}
			}
		case xBang:
			switch c {
			case '[':
				x.st, x.p1, x.p2 = xCDATA, 0, 0
			case '-':
				x.st, x.p1, x.p2 = xComment, 0, 0
			case 'D', 'd':
				x.st, x.lv = xDoctype, 1
			default:
				// gosax refuses it; count it as a tag so that the bound still holds.
				x.st, x.q = xTag, 0
				if c == '>' {
					x.endToken()
				}
			}
		case xComment, xCDATA:
			end := byte('-')
			if x.st == xCDATA {
				end = ']'
			}
			if c == '>' && x.p1 == end && x.p2 == end {
				x.endToken()
				continue
			}
			x.p2, x.p1 = x.p1, c
		case xPI:
			if c == '>' && x.p1 == '?' {
				x.endToken()
				continue
			}
			x.p1 = c
		case xDoctype:
			switch c {
			case '<':
				x.lv++
			case '>':
				x.lv--
				if x.lv == 0 {
					x.endToken()
				}
			}
		}
	}
	return -1
}

// add counts n more bytes of the token, starting at b[i]; it returns the index of the
// first byte past the limit, or -1.
func (x *xmlScanner) add(b []byte, i, n int) int {
	if x.n+int64(n) > x.max {
		return i + int(x.max-x.n)
	}
	x.n += int64(n)
	return -1
}

func (x *xmlScanner) endToken() { x.n, x.st, x.q = 0, xText, 0 }
