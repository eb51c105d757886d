package boundio

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// ErrTooLarge is wrapped by every error of this package's readers: a token, line,
// element, record or stream was longer than its limit. sanctions.ErrTooLarge is the
// same value.
var ErrTooLarge = errors.New("token or record too large")

// LimitError is the error a bounded reader returns once its limit is passed.
type LimitError struct {
	// What is bounded ("XML token", "line", "JSON element", "stream"), and the name
	// given with WithName ("" when none).
	What, Name string
	// Limit is the bound in bytes; Offset is the stream offset where it was passed.
	Limit, Offset int64
	class         error
}

func (e *LimitError) Error() string {
	s := ""
	if e.class != nil {
		s = e.class.Error() + ": "
	}
	if e.Name != "" {
		s += e.Name + ": "
	}
	return fmt.Sprintf("%s%s longer than %d bytes at offset %d (%v)", s, e.What, e.Limit, e.Offset, ErrTooLarge)
}

// Unwrap returns ErrTooLarge and the class given with WithClass.
func (e *LimitError) Unwrap() []error {
	if e.class != nil {
		return []error{ErrTooLarge, e.class}
	}
	return []error{ErrTooLarge}
}

// Option configures a bounded reader. A nil Option is ignored.
type Option func(*config)

type config struct {
	class error
	name  string
}

// WithClass makes the limit error also match err with errors.Is (for example
// sanctions.ErrFormat, so that callers that sort errors by class see bad input).
func WithClass(err error) Option { return func(c *config) { c.class = err } }

// WithName names the input in the error message (a file name, "wallets.csv").
func WithName(name string) Option { return func(c *config) { c.name = name } }

func resolve(opts []Option) config {
	var c config
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	return c
}

// scanner is the state machine of one bounded reader: scan consumes b and returns the
// index of the first byte that passes the limit, or -1.
type scanner interface {
	scan(b []byte) int
}

// reader passes bytes through and stops at the first byte past the limit: the bytes
// before it are returned, then the limit error on every later call.
type reader struct {
	r    io.Reader
	s    scanner
	off  int64
	err  error
	what string
	max  int64
	cfg  config
}

func newReader(r io.Reader, s scanner, what string, max int64, opts []Option) *reader {
	return &reader{r: r, s: s, what: what, max: max, cfg: resolve(opts)}
}

func (r *reader) Read(b []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	n, err := r.r.Read(b)
	if n > 0 {
		if i := r.s.scan(b[:n]); i >= 0 {
			r.err = &LimitError{What: r.what, Name: r.cfg.name, Limit: r.max, Offset: r.off + int64(i), class: r.cfg.class}
			r.off += int64(i)
			if i > 0 {
				return i, nil
			}
			return 0, r.err
		}
		r.off += int64(n)
	}
	return n, err
}

// Cap returns a reader that fails once more than max bytes have passed in all.
func Cap(r io.Reader, max int64, opts ...Option) io.Reader {
	return newReader(r, &capScanner{left: max}, "stream", max, opts)
}

type capScanner struct{ left int64 }

func (c *capScanner) scan(b []byte) int {
	if int64(len(b)) > c.left {
		i := int(c.left)
		c.left = 0
		return i
	}
	c.left -= int64(len(b))
	return -1
}

// Lines returns a reader that fails once more than max bytes pass without a newline
// ('\n'; the newline itself is not counted).
func Lines(r io.Reader, max int64, opts ...Option) io.Reader {
	return newReader(r, &lineScanner{max: max}, "line", max, opts)
}

type lineScanner struct{ n, max int64 }

func (l *lineScanner) scan(b []byte) int {
	for i := 0; ; {
		at, over := countTo(b, i, '\n', &l.n, l.max)
		if over >= 0 || at < 0 {
			return over
		}
		l.n, i = 0, at+1
	}
}

// countTo adds to *n the bytes of b from i up to the first delim (not counted). It
// returns the delimiter's index (-1 when b ends first) and the index of the first byte
// that takes *n past max (-1 when none; then the delimiter, if any, is within bounds).
func countTo(b []byte, i int, delim byte, n *int64, max int64) (at, over int) {
	j := bytes.IndexByte(b[i:], delim)
	run := len(b) - i
	if j >= 0 {
		run = j
	}
	if *n+int64(run) > max {
		return -1, i + int(max-*n)
	}
	*n += int64(run)
	if j < 0 {
		return -1, -1
	}
	return i + j, -1
}
