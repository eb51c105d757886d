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
	Write(r screen.Result) error
	Close() error
}

func newResultWriter(w io.Writer, format string) (resultWriter, error) {
	switch format {
	case "ndjson":
		return &ndjsonWriter{enc: json.NewEncoder(w)}, nil
	case "json":
		return &jsonArrayWriter{w: w}, nil
	case "csv":
		cw := csv.NewWriter(w)
		if err := cw.Write(csvHeader); err != nil {
			return nil, err
		}
		return &csvWriter{w: cw}, nil
	case "table":
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "INPUT\tCHAIN\tFLAGS\tHITS")
		return &tableWriter{w: tw}, nil
	}
	return nil, withCode(exitInvalid, fmt.Errorf("unknown format %q (want ndjson, json, csv or table)", format))
}

type ndjsonWriter struct{ enc *json.Encoder }

func (n *ndjsonWriter) Write(r screen.Result) error { return n.enc.Encode(r) }
func (n *ndjsonWriter) Close() error                { return nil }

// jsonArrayWriter streams a JSON array without holding the results.
type jsonArrayWriter struct {
	w     io.Writer
	count int
}

func (j *jsonArrayWriter) Write(r screen.Result) error {
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

type csvWriter struct{ w *csv.Writer }

func (c *csvWriter) Write(r screen.Result) error {
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
	return c.w.Write([]string{r.Input, string(r.Chain), r.Canonical, flagNames(r.Flags, ";"),
		r.Severity.String(), strconv.Itoa(len(r.Hits)), strings.Join(vals, ";"), strings.Join(tickers, ";"),
		strings.Join(ids, ";"), strings.Join(names, ";"), strings.Join(progs, ";"),
		r.List.Published, r.List.SHA256, strings.Join(r.Notes, "; "), strings.Join(cats, ";"), strings.Join(refs, ";")})
}

func (c *csvWriter) Close() error { c.w.Flush(); return c.w.Error() }

type tableWriter struct{ w *tabwriter.Writer }

func (t *tableWriter) Write(r screen.Result) error {
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
	_, err := fmt.Fprintf(t.w, "%s\t%s\t%s\t%s\n", strings.TrimSpace(r.Input), chain, flags, strings.Join(hits, "; "))
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
