package boundio

import "io"

// CSV returns a reader that fails once one CSV record is longer than max bytes: more
// than max bytes without a newline outside double quotes (RFC 4180; a quoted field may
// hold newlines, and "" inside it is a quote that opens and closes at once).
func CSV(r io.Reader, max int64, opts ...Option) io.Reader {
	return newReader(r, &csvScanner{max: max}, "CSV record", max, opts)
}

type csvScanner struct {
	max, n int64
	quoted bool
}

func (s *csvScanner) scan(b []byte) int {
	for i, c := range b {
		switch {
		case c == '"':
			s.quoted = !s.quoted
		case c == '\n' && !s.quoted:
			s.n = 0
			continue
		}
		s.n++
		if s.n > s.max {
			return i
		}
	}
	return -1
}
