package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/chainscreen/chainscreen/screen"
)

// resultWriter writes results one by one, in a format.
type resultWriter interface {
	// Write writes a result of check (no input line).
	Write(r screen.Result) error
	// WriteRow writes a result of batch with its input line and kept columns.
	WriteRow(row batchRow) error
	Close() error
}

// batchRow is a batch result: the screening result, the input line (or record) it came
// from, and the values of the --keep columns. Its JSON is the result's with "line" and
// "keep" added, so that a script can join the output back to its input.
type batchRow struct {
	Line int               `json:"line,omitempty"`
	Keep map[string]string `json:"keep,omitempty"`
	screen.Result
}

// keepMap pairs the --keep names with a record's values.
func keepMap(names, vals []string) map[string]string {
	if len(names) == 0 {
		return nil
	}
	m := make(map[string]string, len(names))
	for i, n := range names {
		v := ""
		if i < len(vals) {
			v = vals[i]
		}
		m[n] = v
	}
	return m
}

func newResultWriter(w io.Writer, format string, keep ...string) (resultWriter, error) {
	switch format {
	case "ndjson":
		return &ndjsonWriter{w: w}, nil
	case "json":
		return &jsonArrayWriter{w: w}, nil
	case "csv":
		cw := csv.NewWriter(w)
		if err := cw.Write(append(append([]string{"line"}, csvHeader...), keep...)); err != nil {
			return nil, err
		}
		return &csvWriter{w: cw, keep: keep}, nil
	case "table":
		t := &tableWriter{out: w, keep: keep}
		t.start()
		return t, nil
	}
	return nil, withCode(exitInvalid, fmt.Errorf("unknown format %q (want ndjson, json, csv or table)", format))
}

// ndjsonWriter writes one JSON object per line, with the fast encoder.
type ndjsonWriter struct {
	w     io.Writer
	enc   resultEncoder
	buf   []byte
	lines int
}

func (n *ndjsonWriter) Write(r screen.Result) error { return n.WriteRow(batchRow{Result: r}) }
func (n *ndjsonWriter) WriteRow(row batchRow) error {
	var err error
	n.buf, err = n.enc.appendRow(n.buf[:0], &row)
	if err != nil {
		return err
	}
	_, err = n.w.Write(n.buf)
	return err
}
func (n *ndjsonWriter) Close() error { return nil }

// jsonArrayWriter streams a JSON array without holding the results.
type jsonArrayWriter struct {
	w     io.Writer
	count int
}

func (j *jsonArrayWriter) Write(r screen.Result) error { return j.WriteRow(batchRow{Result: r}) }

func (j *jsonArrayWriter) WriteRow(r batchRow) error {
	b, err := json.MarshalIndent(r, "  ", "  ")
	if err != nil {
		return err
	}
	sep := ",\n  "
	if j.count == 0 {
		sep = "[\n  "
	}
	j.count++
	_, err = io.WriteString(j.w, sep+string(b))
	return err
}

func (j *jsonArrayWriter) Close() error {
	if j.count == 0 {
		_, err := io.WriteString(j.w, "[]\n")
		return err
	}
	_, err := io.WriteString(j.w, "\n]\n")
	return err
}

var csvHeader = []string{"input", "chain", "canonical", "flags", "severity", "hits", "listed_values",
	"tickers", "entity_ids", "entity_names", "programs", "list_published", "list_sha256", "notes",
	"categories", "references"}

type csvWriter struct {
	w    *csv.Writer
	keep []string
}

func (c *csvWriter) Write(r screen.Result) error { return c.WriteRow(batchRow{Result: r}) }

func (c *csvWriter) WriteRow(row batchRow) error {
	r := row.Result
	line := ""
	if row.Line > 0 {
		line = strconv.Itoa(row.Line)
	}
	var vals, tickers, ids, names, progs, cats, refs []string
	for _, h := range r.Hits {
		c := string(h.Category)
		if h.TagMismatch {
			c += " (tag " + h.Tag + " only)"
		}
		cats = append(cats, c)
		refs = append(refs, h.Reference)
		vals = append(vals, h.ListedValue)
		tickers = append(tickers, h.Ticker)
		ids = append(ids, h.Entity.ID)
		names = append(names, h.Entity.Name)
		progs = append(progs, strings.Join(h.Entity.Programs, " "))
	}
	rec := []string{line, r.Input, string(r.Chain), r.Canonical, flagNames(r.Flags, ";"),
		r.Severity.String(), strconv.Itoa(len(r.Hits)), strings.Join(vals, ";"), strings.Join(tickers, ";"),
		strings.Join(ids, ";"), strings.Join(names, ";"), strings.Join(progs, ";"),
		r.List.Published, r.List.SHA256, strings.Join(r.Notes, "; "), strings.Join(cats, ";"), strings.Join(refs, ";")}
	for _, k := range c.keep {
		rec = append(rec, row.Keep[k])
	}
	return c.w.Write(rec)
}

func (c *csvWriter) Close() error { c.w.Flush(); return c.w.Error() }

// tableWriter writes an aligned table that streams: the columns are aligned within
// blocks of tableBlock rows, each block written as soon as it is complete (a tabwriter
// holds every row until it is flushed).
type tableWriter struct {
	out  io.Writer
	w    *tabwriter.Writer
	keep []string // the --keep columns, written after LINE
	rows int
}

const tableBlock = 256

func (t *tableWriter) start() {
	t.w = tabwriter.NewWriter(t.out, 0, 4, 2, ' ', 0)
	head := []string{"LINE"}
	for _, k := range t.keep {
		head = append(head, k)
	}
	fmt.Fprintln(t.w, strings.Join(append(head, "INPUT", "CHAIN", "FLAGS", "LIST", "HITS"), "\t"))
}

func (t *tableWriter) Write(r screen.Result) error { return t.WriteRow(batchRow{Result: r}) }

func (t *tableWriter) WriteRow(row batchRow) error {
	if t.rows > 0 && t.rows%tableBlock == 0 {
		if err := t.w.Flush(); err != nil {
			return err
		}
	}
	t.rows++
	r := row.Result
	var hits []string
	for _, h := range r.Hits {
		s := fmt.Sprintf("%s (%s, %s, id %s)", h.Entity.Name, h.Ticker, strings.Join(h.Entity.Programs, " "), h.Entity.ID)
		if h.Category != "" && h.Category != "sanctions" {
			s += " " + string(h.Category)
		}
		if h.Kind != "" {
			s += " " + h.Kind
		}
		if h.TagMismatch {
			s += " only tag " + h.Tag + " is listed"
		} else if h.Tag != "" {
			s += " tag " + h.Tag
		}
		if h.OtherChain {
			s += " listed on " + string(h.ListedChain)
		}
		hits = append(hits, s)
	}
	flags := flagNames(r.Flags, ",")
	if flags == "" {
		flags = "clear"
	}
	chain := string(r.Chain)
	if chain == "" {
		chain = "-"
	}
	line := "-"
	if row.Line > 0 {
		line = strconv.Itoa(row.Line)
	}
	if len(hits) == 0 && len(r.Notes) > 0 && (r.Has(screen.FlagInvalidAddress) || r.Has(screen.FlagChecksumMismatch)) {
		hits = append(hits, "("+strings.Join(r.Notes, "; ")+")") // why it is invalid
	}
	list := r.List.Published
	if list == "" {
		list = "-"
	}
	input := strings.TrimSpace(r.Input)
	if len(input) > noteChars {
		input = clip(input)
	}
	cells := []string{line}
	for _, k := range t.keep {
		v := strings.TrimSpace(row.Keep[k])
		if len(v) > noteChars {
			v = clip(v)
		}
		if v == "" {
			v = "-"
		}
		cells = append(cells, strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(v))
	}
	cells = append(cells, input, chain, flags, list, strings.Join(hits, "; "))
	_, err := fmt.Fprintln(t.w, strings.Join(cells, "\t"))
	return err
}

func (t *tableWriter) Close() error { return t.w.Flush() }

func flagNames(fs []screen.Flag, sep string) string {
	s := make([]string, len(fs))
	for i, f := range fs {
		s[i] = string(f)
	}
	return strings.Join(s, sep)
}

// tally counts outcomes to choose the exit code. A hit of any category (sanctions,
// terrorism financing, issuer freeze, of another chain, a listing of one tagged account
// at the address) is a hit: exit 1.
type tally struct {
	screened, hits, invalid int
}

func (t *tally) add(r screen.Result) {
	t.screened++
	if r.Sanctioned() {
		t.hits++
	} else if r.Has(screen.FlagInvalidAddress) || r.Has(screen.FlagChecksumMismatch) {
		t.invalid++
	}
}

// code is the exit code: a hit wins over invalid input.
func (t tally) code() int {
	switch {
	case t.hits > 0:
		return exitHit
	case t.invalid > 0:
		return exitInvalid
	}
	return exitClear
}
