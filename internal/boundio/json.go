package boundio

import "io"

// JSON returns a reader that fails once one element of a JSON document's main array is
// longer than max bytes, white space around it included. The main array is the
// top-level array, or, when the document is an object, any array that is a member of
// it (the "result" of a JSON-RPC response); every other member of a top-level object
// is bounded as one element. A string is bounded wherever it is. Bytes before the
// document and after it count as an element too.
//
// The bound holds for a reader that decodes one element at a time (a json.Decoder that
// walks the main array with Token and decodes each element, and skips the other
// members with Token rather than Decode).
func JSON(r io.Reader, max int64, opts ...Option) io.Reader {
	return newReader(r, &jsonScanner{max: max}, "JSON element", max, opts)
}

type jsonScanner struct {
	max, n int64
	depth  int
	top    byte // '[' or '{' once the document has started
	second byte // the kind of the open container at depth 2
	str    bool // inside a string
	esc    bool // just after a backslash inside a string
}

func (j *jsonScanner) scan(b []byte) int {
	for i, c := range b {
		j.n++
		if j.n > j.max {
			return i
		}
		if j.str {
			switch {
			case j.esc:
				j.esc = false
			case c == '\\':
				j.esc = true
			case c == '"':
				j.str = false
			}
			continue
		}
		switch c {
		case '"':
			j.str = true
			continue
		case '[', '{':
			j.depth++
			if j.depth == 1 {
				j.top = c
			} else if j.depth == 2 {
				j.second = c
			}
		case ']', '}':
			if j.depth > 0 {
				j.depth--
			}
		case ',', ':':
		default:
			continue
		}
		// A structural byte: the element ends here when it is back at the level of
		// the main array.
		if j.depth <= 1 || (j.depth == 2 && j.top == '{' && j.second == '[') {
			j.n = 0
		}
	}
	return -1
}
