package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// Input formats of batch.
const (
	inputLines  = "lines"
	inputCSV    = "csv"
	inputNDJSON = "ndjson"
)

// maxLine is the longest input line (or NDJSON record) batch accepts.
const maxLine = 1 << 20

// record is one value read from a batch input.
type record struct {
	// value is the text to screen.
	value string
	// line is the 1-based line of the record in the input.
	line int
	// problem, when not empty, says why the record holds no value to screen (a malformed
	// JSON line, a missing field, a short CSV row); raw is then the record's text.
	problem string
	raw     string
}

// recordReader reads the records of a batch input one at a time, in constant memory.
// next returns io.EOF at the end; any other error stops the batch.
type recordReader interface {
	next() (record, error)
}

// inputOptions say how to read a batch input.
type inputOptions struct {
	format string // lines, csv or ndjson
	column string // csv: header name or 1-based number
	header bool   // csv: the first record is a header
	field  string // ndjson: field name, dotted for nested objects
}

func newRecordReader(r io.Reader, o inputOptions) (recordReader, error) {
	switch o.format {
	case inputLines, "":
		if o.column != "" || o.field != "" {
			return nil, errors.New("--column and --field need --input-format csv or ndjson")
		}
		return &lineReader{sc: newScanner(r)}, nil
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
		return &ndjsonReader{sc: newScanner(r), path: strings.Split(field, ".")}, nil
	}
	return nil, fmt.Errorf("unknown input format %q (want lines, csv or ndjson)", o.format)
}

func newScanner(r io.Reader) *bufio.Scanner {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), maxLine)
	return sc
}

func scanErr(sc *bufio.Scanner, line int) error {
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return fmt.Errorf("reading input line %d: longer than %d bytes", line+1, maxLine)
		}
		return fmt.Errorf("reading input line %d: %w", line+1, err)
	}
	return io.EOF
}

// lineReader reads one address per line; blank lines are skipped.
type lineReader struct {
	sc   *bufio.Scanner
	line int
}

func (l *lineReader) next() (record, error) {
	for l.sc.Scan() {
		l.line++
		text := l.sc.Text()
		if strings.TrimSpace(text) == "" {
			continue
		}
		return record{value: text, line: l.line}, nil
	}
	return record{}, scanErr(l.sc, l.line)
}

// ndjsonReader reads one JSON object per line and screens one string field of it.
type ndjsonReader struct {
	sc   *bufio.Scanner
	path []string
	line int
}

func (n *ndjsonReader) next() (record, error) {
	for n.sc.Scan() {
		n.line++
		b := n.sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		v, problem := jsonField(b, n.path)
		if problem != "" {
			return record{line: n.line, problem: problem, raw: clip(string(b))}, nil
		}
		return record{value: v, line: n.line}, nil
	}
	return record{}, scanErr(n.sc, n.line)
}

// jsonField returns the string at path in the JSON object b, or why there is none.
func jsonField(b []byte, path []string) (string, string) {
	raw := json.RawMessage(b)
	for i, name := range path {
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
			if i == 0 {
				return "", "not a JSON object"
			}
			return "", fmt.Sprintf("field %q is not an object", strings.Join(path[:i], "."))
		}
		v, ok := obj[name]
		if !ok {
			return "", fmt.Sprintf("no field %q", strings.Join(path[:i+1], "."))
		}
		raw = v
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Sprintf("field %q is not a string", strings.Join(path, "."))
	}
	return s, ""
}

// csvReader reads one column of a CSV file; rows whose cell is empty are skipped.
type csvReader struct {
	r   *csv.Reader
	col int
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
		return c, nil
	}
	head, err := cr.Read()
	if err == io.EOF {
		return c, nil // empty input: nothing to screen
	}
	if err != nil {
		return nil, fmt.Errorf("reading the CSV header: %w", err)
	}
	if c.col >= 0 {
		return c, nil
	}
	want := o.column
	if want == "" {
		want = "address"
	}
	names := make([]string, len(head))
	for i, h := range head {
		names[i] = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if strings.EqualFold(names[i], want) {
			c.col = i
			return c, nil
		}
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
			return record{line: pe.StartLine, problem: "malformed CSV: " + pe.Err.Error(),
				raw: fmt.Sprintf("line %d", pe.StartLine)}, nil
		}
		if err != nil {
			return record{}, fmt.Errorf("reading CSV input: %w", err)
		}
		line := 0
		if len(row) > 0 {
			line, _ = c.r.FieldPos(0)
		}
		if c.col >= len(row) {
			if len(row) == 1 && strings.TrimSpace(row[0]) == "" {
				continue // blank line
			}
			return record{line: line, problem: fmt.Sprintf("the row has %d fields, no column %d", len(row), c.col+1),
				raw: clip(strings.Join(row, ","))}, nil
		}
		v := row[c.col]
		if strings.TrimSpace(v) == "" {
			continue
		}
		return record{value: v, line: line}, nil
	}
}

// clip shortens a record's text for a note.
func clip(s string) string {
	const n = 200
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
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

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += int64(n)
	return n, err
}
