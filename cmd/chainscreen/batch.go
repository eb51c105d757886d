package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
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
		Use:   "batch [--list PATH]... [--input FILE] [--input-format lines|csv|ndjson] [--keep COL,...] [--format ndjson|json|csv|table]",
		Short: "Screen many addresses: lines, a CSV column or an NDJSON field, from a file or stdin",
		Long: `Screen addresses read from --input FILE or standard input.

Input formats (--input-format):
  lines   one address per line (default); blank lines are skipped
  csv     one column of a CSV file: --column NAME (from the header row) or --column N
          (1-based); without --column, the column named "address"; --header=false when
          the file has no header row
  ndjson  one JSON object per line: --field NAME (default "address"; "a.b" for nested)

Output is in input order, one result per record, streamed in constant memory; every
result carries "line" (the input line, or the CSV record's line) and, with --keep, the
chosen input columns or fields ("keep"; in csv and table output, columns after line),
so that a script can join the output back to its input. A record that holds no address (malformed JSON, a missing field, a short CSV
row, a line over 1 MiB, a value over 4 KiB) gives a result flagged INVALID_ADDRESS whose
note names the line and shows at most its first 100 characters: nothing is dropped in
silence, and the batch goes on. Blank lines and empty cells are counted in the summary
(screened, hits, invalid, skipped blank) on stderr; a progress bar is drawn when stderr
is a terminal and the input a large file. Screening, encoding and reading run in
parallel on every core, in input order. Exit codes as for check: 0 all clear, 1 at least
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
	f.StringSliceVar(&o.in.keep, "keep", nil, "copy these input columns (csv: header names or numbers) or fields (ndjson) into each result")
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
	out, err := newResultWriter(bw, o.format, o.in.keep...)
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

	p := newBatchPipeline(ctx, s, chain, records, o.in.keep, o.format == "ndjson")
	defer p.stop()
	var t tally
	lastFlush := time.Now()
	for c := range p.results() {
		for i := range c.rows {
			row := &c.rows[i]
			t.add(row.Result)
			if c.enc == nil {
				if err := out.WriteRow(*row); err != nil {
					return t.abort(a, out, bw, exitInvalid, err, records.skipped())
				}
			}
		}
		if c.enc != nil {
			_, err := bw.Write(c.enc)
			putBuf(c.enc)
			if err != nil {
				return t.abort(a, out, bw, exitInvalid, err, records.skipped())
			}
		}
		if c.err != nil {
			bar.clear()
			code := exitInvalid
			if c.screenErr {
				code = exitUnavailable
			}
			return t.abort(a, out, bw, code, c.err, records.skipped())
		}
		// Keep the output flowing for slow producers (tail -f | chainscreen batch): a
		// chunk smaller than full means the input is arriving slowly.
		if now := time.Now(); len(c.rows) < batchChunk || now.Sub(lastFlush) > 200*time.Millisecond {
			if err := bw.Flush(); err != nil {
				return err
			}
			lastFlush = now
			bar.update(counted.n.Load(), t.screened, now)
		}
	}
	if err := out.Close(); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	bar.clear()
	fmt.Fprintf(a.stderr, "screened %d, hits %d, invalid %d%s\n", t.screened, t.hits, t.invalid, skippedNote(records.skipped()))
	if c := t.code(); c != exitClear {
		return withCode(c, nil)
	}
	return nil
}

// skippedNote is the summary's account of blank lines and empty cells.
func skippedNote(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(", skipped %d blank", n)
}

// batchChunk is the number of records screened as one unit of the pipeline.
const batchChunk = 512

// batchResultChunk is a chunk of screened records, in input order, with (for NDJSON)
// their encoded output; err ends the batch after the chunk's rows.
type batchResultChunk struct {
	seq       int
	rows      []batchRow
	recs      []record
	enc       []byte
	err       error
	screenErr bool
}

// batchPipeline reads records, screens and encodes them on every core, and hands the
// chunks back in input order. Memory is bounded by the chunks in flight (a few per core).
type batchPipeline struct {
	cancel context.CancelFunc
	out    chan batchResultChunk
	wg     sync.WaitGroup
}

func newBatchPipeline(ctx context.Context, s *screen.Screener, chain address.Chain, records recordReader,
	keep []string, encode bool) *batchPipeline {
	ctx, cancel := context.WithCancel(ctx)
	p := &batchPipeline{cancel: cancel, out: make(chan batchResultChunk, 4)}
	workers := max(runtime.GOMAXPROCS(0), 1)
	recs := make(chan record, 4*batchChunk)
	readErr := make(chan error, 1)
	// Stage 1: read records (the reader may block on a slow input).
	go func() {
		defer close(recs)
		for {
			rec, err := records.next()
			if err != nil {
				if !errors.Is(err, io.EOF) {
					readErr <- err
				}
				return
			}
			select {
			case recs <- rec:
			case <-ctx.Done():
				return
			}
		}
	}()
	// Stage 2: cut chunks: a full one when records are waiting, a short one as soon as
	// the input pauses.
	todo := make(chan batchResultChunk, 2*workers)
	go func() {
		defer close(todo)
		for seq := 0; ; seq++ {
			rec, ok := <-recs
			if !ok {
				select {
				case err := <-readErr:
					todo <- batchResultChunk{seq: seq, err: err}
				default:
				}
				return
			}
			c := batchResultChunk{seq: seq, recs: make([]record, 1, batchChunk)}
			c.recs[0] = rec
		fill:
			for len(c.recs) < batchChunk {
				select {
				case rec, ok := <-recs:
					if !ok {
						break fill
					}
					c.recs = append(c.recs, rec)
				default:
					break fill
				}
			}
			select {
			case todo <- c:
			case <-ctx.Done():
				return
			}
		}
	}()
	// Stage 3: screen and encode, on every core.
	done := make(chan batchResultChunk, 2*workers)
	for w := 0; w < workers; w++ {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			var enc resultEncoder
			for c := range todo {
				c.rows = make([]batchRow, 0, len(c.recs))
				for _, rec := range c.recs {
					row := batchRow{Line: rec.line, Keep: keepMap(keep, rec.keep)}
					if rec.problem != "" {
						row.Result = unreadable(s, rec)
					} else {
						r, err := s.ScreenAddressAs(ctx, chain, rec.value)
						if err != nil {
							c.err, c.screenErr = err, true
							break
						}
						row.Result = r
					}
					c.rows = append(c.rows, row)
				}
				c.recs = nil
				if encode {
					c.enc = getBuf(len(c.rows) * 512)
					for i := range c.rows {
						var err error
						if c.enc, err = enc.appendRow(c.enc, &c.rows[i]); err != nil {
							c.err = err
							break
						}
					}
				}
				select {
				case done <- c:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { p.wg.Wait(); close(done) }()
	// Stage 4: put the chunks back in order.
	go func() {
		defer close(p.out)
		next := 0
		pending := map[int]batchResultChunk{}
		for c := range done {
			pending[c.seq] = c
			for {
				c, ok := pending[next]
				if !ok {
					break
				}
				delete(pending, next)
				next++
				select {
				case p.out <- c:
				case <-ctx.Done():
					return
				}
				if c.err != nil {
					cancel()
					return
				}
			}
		}
	}()
	return p
}

func (p *batchPipeline) results() <-chan batchResultChunk { return p.out }

// encBufs recycles the chunks' output buffers (a chunk of NDJSON is about 200 KB).
var encBufs sync.Pool

func getBuf(size int) []byte {
	if b, ok := encBufs.Get().(*[]byte); ok && cap(*b) >= size {
		return (*b)[:0]
	}
	return make([]byte, 0, size)
}

func putBuf(b []byte) { encBufs.Put(&b) }

// stop ends the pipeline (after an early return) and drains it.
func (p *batchPipeline) stop() {
	p.cancel()
	for range p.out {
	}
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
func (t tally) abort(a *app, out resultWriter, bw *bufio.Writer, code int, err error, skipped int) error {
	_ = out.Close()
	_ = bw.Flush()
	fmt.Fprintf(a.stderr, "screened %d, hits %d, invalid %d%s (stopped early)\n", t.screened, t.hits, t.invalid, skippedNote(skipped))
	if t.hits > 0 {
		code = exitHit
	}
	return withCode(code, err)
}
