package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/spf13/cobra"
)

// progressMinBytes is the input size from which batch draws a progress bar (when stderr
// is a terminal): about 100,000 addresses.
const progressMinBytes = 4 << 20

// batchOptions are the flags of batch.
type batchOptions struct {
	format    string
	input     string
	chainName string
	in        inputOptions
	progress  string
	archive   *archiveFlags
}

func newBatchCmd(a *app) *cobra.Command {
	o := &batchOptions{}
	cmd := &cobra.Command{
		Use:   "batch [--list PATH]... [--input FILE] [--input-format lines|csv|ndjson] [--format ndjson|json|csv|table]",
		Short: "Screen many addresses: lines, a CSV column or an NDJSON field, from a file or stdin",
		Long: `Screen addresses read from --input FILE or standard input.

Input formats (--input-format):
  lines   one address per line (default); blank lines are skipped
  csv     one column of a CSV file: --column NAME (from the header row) or --column N
          (1-based); without --column, the column named "address"; --header=false when
          the file has no header row
  ndjson  one JSON object per line: --field NAME (default "address"; "a.b" for nested)

Output is in input order, one result per address, streamed in constant memory. A record
that holds no address (malformed JSON, a missing field, a short CSV row) gives a result
flagged INVALID_ADDRESS with a note naming its line: nothing is dropped in silence.
A summary (screened, hits, invalid) goes to stderr, and a progress bar when stderr is a
terminal and the input a large file. Exit codes as for check: 0 all clear, 1 at least
one hit, 2 invalid input (and no hit), 3 list unavailable.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runBatch(cmd, a, o) },
	}
	addListFlags(cmd, a)
	addAgeFlags(cmd, a)
	o.archive = addArchiveFlags(cmd)
	f := cmd.Flags()
	f.StringVarP(&o.format, "format", "f", "ndjson", "output format: ndjson, json, csv or table")
	f.StringVarP(&o.input, "input", "i", "-", "input file (- for standard input)")
	f.StringVar(&o.in.format, "input-format", inputLines, "input format: lines, csv or ndjson")
	f.StringVar(&o.in.column, "column", "", "csv: the column to screen, by header name or 1-based number")
	f.BoolVar(&o.in.header, "header", true, "csv: the first row is a header")
	f.StringVar(&o.in.field, "field", "", `ndjson: the field to screen (default "address")`)
	f.StringVar(&o.chainName, "chain", "", "screen every address as this chain (default: detect)")
	f.StringVar(&o.progress, "progress", "auto", "progress bar on stderr: auto (terminal and large file), always or never")
	return cmd
}

func runBatch(cmd *cobra.Command, a *app, o *batchOptions) error {
	ctx := cmd.Context()
	chain := address.ChainUnknown
	if o.chainName != "" {
		c, err := address.ParseChain(o.chainName)
		if err != nil {
			return withCode(exitInvalid, err)
		}
		chain = c
	}
	if o.progress != "auto" && o.progress != "always" && o.progress != "never" {
		return withCode(exitInvalid, fmt.Errorf("unknown --progress %q (want auto, always or never)", o.progress))
	}
	var src io.Reader = a.stdin
	if o.input != "-" && o.input != "" {
		f, err := os.Open(o.input)
		if err != nil {
			return withCode(exitInvalid, err)
		}
		defer f.Close()
		src = f
	}
	size, sized := regularSize(src)
	counted := &countingReader{r: src}
	records, err := newRecordReader(counted, o.in)
	if err != nil {
		return withCode(exitInvalid, err)
	}
	bw := bufio.NewWriterSize(a.stdout, 64*1024)
	out, err := newResultWriter(bw, o.format)
	if err != nil {
		return err
	}
	s, err := o.archive.screener(ctx, a)
	if err != nil {
		return err
	}
	var bar *progressBar
	if o.progress == "always" || (o.progress == "auto" && isTerminal(a.stderr) && sized && size >= progressMinBytes) {
		bar = &progressBar{w: a.stderr, total: size, start: time.Now()}
	}

	var t tally
	lastFlush := time.Now()
	for {
		rec, err := records.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			bar.clear()
			return t.abort(a, out, bw, exitInvalid, err)
		}
		var r screen.Result
		if rec.problem != "" {
			r = unreadable(s, rec)
		} else if r, err = s.ScreenAddressAs(ctx, chain, rec.value); err != nil {
			bar.clear()
			return t.abort(a, out, bw, exitUnavailable, err)
		}
		t.add(r)
		if err := out.Write(r); err != nil {
			return t.abort(a, out, bw, exitInvalid, err)
		}
		// Keep the output flowing for slow producers (tail -f | chainscreen batch).
		if t.screened%256 == 0 {
			if now := time.Now(); now.Sub(lastFlush) > 200*time.Millisecond {
				if err := bw.Flush(); err != nil {
					return err
				}
				lastFlush = now
				bar.update(counted.n, t.screened, now)
			}
		}
	}
	if err := out.Close(); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	bar.clear()
	fmt.Fprintf(a.stderr, "screened %d, hits %d, invalid %d\n", t.screened, t.hits, t.invalid)
	if c := t.code(); c != exitClear {
		return withCode(c, nil)
	}
	return nil
}

// unreadable is the result for a record that holds no address: INVALID_ADDRESS with a
// note naming the line, against the lists in service.
func unreadable(s *screen.Screener, rec record) screen.Result {
	r := screen.Result{Input: rec.raw, Flags: []screen.Flag{screen.FlagInvalidAddress},
		Severity: screen.FlagInvalidAddress.Severity(), Hits: []screen.Hit{},
		Notes: []string{fmt.Sprintf("input line %d: %s", rec.line, rec.problem)}}
	if ls := s.Lists(); len(ls) > 0 {
		r.List = ls[0]
		if len(ls) > 1 {
			r.Lists = ls
		}
	}
	return r
}

// progressBar draws a one-line progress bar on a terminal. A nil *progressBar draws nothing.
type progressBar struct {
	w     io.Writer
	total int64
	start time.Time
	drawn bool
}

func (p *progressBar) update(read int64, lines int, now time.Time) {
	if p == nil {
		return
	}
	const width = 30
	frac := 0.0
	if p.total > 0 {
		frac = min(float64(read)/float64(p.total), 1)
	}
	done := int(frac * width)
	rate := float64(lines) / max(now.Sub(p.start).Seconds(), 1e-3)
	fmt.Fprintf(p.w, "\r[%s%s] %3.0f%%  %d addresses  %.0f/s ", strings.Repeat("#", done),
		strings.Repeat(".", width-done), frac*100, lines, rate)
	p.drawn = true
}

func (p *progressBar) clear() {
	if p == nil || !p.drawn {
		return
	}
	fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", 79))
	p.drawn = false
}

// abort ends a batch early: it closes the output (a JSON array stays well-formed),
// prints the summary of what was screened, and returns code — or exit 1 when a hit was
// already reported, so that a later failure never hides an earlier hit.
func (t tally) abort(a *app, out resultWriter, bw *bufio.Writer, code int, err error) error {
	_ = out.Close()
	_ = bw.Flush()
	fmt.Fprintf(a.stderr, "screened %d, hits %d, invalid %d (stopped early)\n", t.screened, t.hits, t.invalid)
	if t.hits > 0 {
		code = exitHit
	}
	return withCode(code, err)
}
