package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"golang.org/x/term"
)

// Input formats of batch.
const (
	inputLines  = "lines"
	inputCSV    = "csv"
	inputNDJSON = "ndjson"
)

// maxLine is the longest input line (or NDJSON record) batch reads whole; a longer
// one becomes one INVALID_ADDRESS result (its first noteChars characters in the note)
// and the batch goes on.
const maxLine = 1 << 20

// maxValue is the longest value screened: no address is longer (the longest forms,
// Cardano Byron addresses, are about 120 characters); a longer value is reported as
// invalid without being echoed whole.
const maxValue = 4096

// noteChars is how much of an unreadable record a result's note and input show.
const noteChars = 100

// record is one value read from a batch input.
type record struct {
	// value is the text to screen.
	value string
	// line is the 1-based line (lines, NDJSON) or record (CSV) number in the input.
	line int
	// problem, when not empty, says why the record holds no value to screen (a malformed
	// JSON line, a missing field, a short CSV row, a record over the size limit); raw is
	// then the record's text, clipped.
	problem string
	raw     string
	// keep are the values of the --keep columns or fields, in --keep order.
	keep []string
}

// recordReader reads the records of a batch input one at a time, in constant memory.
// next returns io.EOF at the end; any other error stops the batch. skipped is the
// number of blank lines and empty cells passed over so far.
type recordReader interface {
	next() (record, error)
	skipped() int
}

// inputOptions say how to read a batch input.
type inputOptions struct {
	format string   // lines, csv or ndjson
	column string   // csv: header name or 1-based number
	header bool     // csv: the first record is a header
	field  string   // ndjson: field name, dotted for nested objects
	keep   []string // csv: columns, ndjson: fields copied into each result
}

func newRecordReader(r io.Reader, o inputOptions) (recordReader, error) {
	switch o.format {
	case inputLines, "":
		if o.column != "" || o.field != "" {
			return nil, errors.New("--column and --field need --input-format csv or ndjson")
		}
		if len(o.keep) > 0 {
			return nil, errors.New("--keep needs --input-format csv or ndjson (lines have no columns)")
		}
		return &lineReader{src: newLineSource(r)}, nil
	case inputCSV:
		if o.field != "" {
			return nil, errors.New("--field is for --input-format ndjson; use --column with csv")
		}
		return newCSVReader(r, o)
	case inputNDJSON:
		if o.column != "" {
			return nil, errors.New("--column is for --input-format csv; use --field with ndjson")
		}
		field := o.field
		if field == "" {
			field = "address"
		}
		n := &ndjsonReader{src: newLineSource(r), path: strings.Split(field, ".")}
		for _, k := range o.keep {
			n.keep = append(n.keep, strings.Split(k, "."))
		}
		return n, nil
	}
	return nil, fmt.Errorf("unknown input format %q (want lines, csv or ndjson)", o.format)
}

// lineSource reads lines of any length in constant memory: a line longer than maxLine
// is returned as its first maxLine bytes with its full length, the rest discarded.
type lineSource struct {
	br   *bufio.Reader
	buf  []byte
	line int
}

func newLineSource(r io.Reader) *lineSource {
	return &lineSource{br: bufio.NewReaderSize(r, 64*1024)}
}

// next returns the next line without its end of line, its full length in bytes, and
// io.EOF after the last line.
func (l *lineSource) next() ([]byte, int, error) {
	l.buf = l.buf[:0]
	n := 0
	for {
		chunk, err := l.br.ReadSlice('\n')
		n += len(chunk)
		if room := maxLine + 2 - len(l.buf); room > 0 {
			l.buf = append(l.buf, chunk[:min(len(chunk), room)]...)
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF && n == 0:
			return nil, 0, io.EOF
		case err != nil && err != io.EOF:
			return nil, 0, fmt.Errorf("reading input line %d: %w", l.line+1, err)
		}
		l.line++
		b := l.buf
		if len(b) > 0 && b[len(b)-1] == '\n' {
			b, n = b[:len(b)-1], n-1
		}
		if len(b) > 0 && b[len(b)-1] == '\r' && n <= maxLine+1 {
			b, n = b[:len(b)-1], n-1
		}
		return b, n, nil
	}
}

// tooLong is the record for a line over maxLine.
func tooLong(line, n int, b []byte) record {
	return record{line: line, problem: fmt.Sprintf("the line is %d bytes, longer than the %d-byte limit", n, maxLine),
		raw: clip(string(b))}
}

// checkValue turns a value longer than maxValue into a problem record.
func checkValue(r record) record {
	if len(r.value) > maxValue {
		return record{line: r.line, problem: fmt.Sprintf("the value is %d bytes; no address is longer than %d",
			len(r.value), maxValue), raw: clip(r.value), keep: r.keep}
	}
	return r
}

// lineReader reads one address per line; blank lines are skipped and counted.
type lineReader struct {
	src   *lineSource
	blank int
}

func (l *lineReader) skipped() int { return l.blank }

func (l *lineReader) next() (record, error) {
	for {
		b, n, err := l.src.next()
		if err != nil {
			return record{}, err
		}
		if n > maxLine {
			return tooLong(l.src.line, n, b), nil
		}
		if len(bytes.TrimSpace(b)) == 0 {
			l.blank++
			continue
		}
		return checkValue(record{value: string(b), line: l.src.line}), nil
	}
}

// ndjsonReader reads one JSON object per line and screens one string field of it.
type ndjsonReader struct {
	src   *lineSource
	path  []string
	keep  [][]string
	blank int
}

func (n *ndjsonReader) skipped() int { return n.blank }

func (n *ndjsonReader) next() (record, error) {
	for {
		b, size, err := n.src.next()
		if err != nil {
			return record{}, err
		}
		line := n.src.line
		if size > maxLine {
			return tooLong(line, size, b), nil
		}
		if len(bytes.TrimSpace(b)) == 0 {
			n.blank++
			continue
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(b, &obj); err != nil || obj == nil {
			return record{line: line, problem: "not a JSON object", raw: clip(string(b))}, nil
		}
		var keep []string
		for _, k := range n.keep {
			v, _ := jsonField(obj, k, true)
			keep = append(keep, v)
		}
		v, problem := jsonField(obj, n.path, false)
		if problem != "" {
			return record{line: line, problem: problem, raw: clip(string(b)), keep: keep}, nil
		}
		return checkValue(record{value: v, line: line, keep: keep}), nil
	}
}

// jsonField returns the string at path in the JSON object, or why there is none. With
// anyScalar, a number or boolean is returned as its JSON text (for --keep).
func jsonField(obj map[string]json.RawMessage, path []string, anyScalar bool) (string, string) {
	var raw json.RawMessage
	for i, name := range path {
		if i > 0 {
			obj = nil
			if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
				return "", fmt.Sprintf("field %q is not an object", strings.Join(path[:i], "."))
			}
		}
		v, ok := obj[name]
		if !ok {
			return "", fmt.Sprintf("no field %q", strings.Join(path[:i+1], "."))
		}
		raw = v
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		if anyScalar {
			if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] != '{' && t[0] != '[' && string(t) != "null" {
				return string(t), ""
			}
		}
		return "", fmt.Sprintf("field %q is not a string", strings.Join(path, "."))
	}
	return s, ""
}

// csvReader reads one column of a CSV file; rows whose cell is empty are skipped and
// counted.
type csvReader struct {
	r     *csv.Reader
	col   int
	keep  []int
	blank int
	rows  int
}

func (c *csvReader) skipped() int { return c.blank }

// csvColumn finds a column by 1-based number or header name.
func csvColumn(spec string, names []string) (int, bool) {
	if n, err := strconv.Atoi(spec); err == nil && n >= 1 {
		return n - 1, true
	}
	for i, h := range names {
		if strings.EqualFold(h, strings.TrimSpace(spec)) {
			return i, true
		}
	}
	return 0, false
}

func newCSVReader(r io.Reader, o inputOptions) (*csvReader, error) {
	cr := csv.NewReader(bufio.NewReaderSize(r, 64*1024))
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	c := &csvReader{r: cr, col: -1}
	if n, err := strconv.Atoi(o.column); err == nil {
		if n < 1 {
			return nil, fmt.Errorf("--column %d: columns are numbered from 1", n)
		}
		c.col = n - 1
	}
	if !o.header {
		if c.col < 0 && o.column != "" {
			return nil, fmt.Errorf("--column %q names a header column, but --header=false", o.column)
		}
		if c.col < 0 {
			c.col = 0
		}
		for _, k := range o.keep {
			i, ok := csvColumn(k, nil)
			if !ok {
				return nil, fmt.Errorf("--keep %q names a header column, but --header=false (use column numbers)", k)
			}
			c.keep = append(c.keep, i)
		}
		return c, nil
	}
	head, err := cr.Read()
	if err == io.EOF {
		return c, nil // empty input: nothing to screen
	}
	if err != nil {
		return nil, fmt.Errorf("reading the CSV header: %w", err)
	}
	c.rows++
	names := make([]string, len(head))
	for i, h := range head {
		names[i] = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
	}
	for _, k := range o.keep {
		i, ok := csvColumn(k, names)
		if !ok {
			return nil, fmt.Errorf("--keep %q: the CSV header has no such column (columns: %s)", k, strings.Join(names, ", "))
		}
		c.keep = append(c.keep, i)
	}
	if c.col >= 0 {
		return c, nil
	}
	want := o.column
	if want == "" {
		want = "address"
	}
	if i, ok := csvColumn(want, names); ok {
		c.col = i
		return c, nil
	}
	if o.column == "" && len(head) == 1 {
		c.col = 0
		return c, nil
	}
	return nil, fmt.Errorf("the CSV header has no column %q (columns: %s); choose one with --column NAME or --column N",
		want, strings.Join(names, ", "))
}

func (c *csvReader) next() (record, error) {
	for {
		row, err := c.r.Read()
		if err == io.EOF {
			return record{}, io.EOF
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			c.rows++
			return record{line: pe.StartLine, problem: "malformed CSV: " + pe.Err.Error(),
				raw: fmt.Sprintf("line %d", pe.StartLine)}, nil
		}
		if err != nil {
			return record{}, fmt.Errorf("reading CSV input: %w", err)
		}
		c.rows++
		line := 0
		if len(row) > 0 {
			line, _ = c.r.FieldPos(0)
		}
		var keep []string
		for _, k := range c.keep {
			v := ""
			if k < len(row) {
				v = clipValue(row[k])
			}
			keep = append(keep, v)
		}
		if c.col >= len(row) {
			if len(row) == 1 && strings.TrimSpace(row[0]) == "" {
				c.blank++
				continue // blank line
			}
			return record{line: line, problem: fmt.Sprintf("the row has %d fields, no column %d", len(row), c.col+1),
				raw: clip(strings.Join(row, ",")), keep: keep}, nil
		}
		v := row[c.col]
		if strings.TrimSpace(v) == "" {
			c.blank++
			continue
		}
		return checkValue(record{value: v, line: line, keep: keep}), nil
	}
}

// clip shortens a record's text for a note: at most noteChars characters.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= noteChars {
		return s
	}
	r := []rune(s[:min(len(s), 4*noteChars)])
	return string(r[:min(len(r), noteChars)]) + "…"
}

// clipValue bounds a kept cell (the same limit as a screened value).
func clipValue(s string) string {
	if len(s) <= maxValue {
		return s
	}
	return clip(s)
}

// isTerminal reports whether w is a terminal (x/term: a character device such as
// /dev/null is not one).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// regularSize returns the size of r when it is a regular file (for the progress bar).
func regularSize(r io.Reader) (int64, bool) {
	f, ok := r.(*os.File)
	if !ok {
		return 0, false
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return 0, false
	}
	return fi.Size(), true
}

// countingReader counts the bytes read through it (read by the progress bar while the
// pipeline's reader goroutine reads).
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n.Add(int64(n))
	return n, err
}
