package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/chainscreen/chainscreen/sanctions"
	_ "github.com/chainscreen/chainscreen/sanctions/all" // the list formats read by this program
	"github.com/chainscreen/chainscreen/sanctions/embedded"
	"github.com/chainscreen/chainscreen/screen"
)

// sampleCSV is a small export: clean, sanctioned, mis-typed and padded addresses.
//
//go:embed customers.csv
var sampleCSV []byte

func main() {
	rep, err := run(context.Background(), os.Args[1:], os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "batch:", err)
		os.Exit(2)
	}
	if rep.Hits > 0 {
		os.Exit(1)
	}
}

// listFlags collects repeated --list flags.
type listFlags []string

func (l *listFlags) String() string     { return strings.Join(*l, ",") }
func (l *listFlags) Set(s string) error { *l = append(*l, s); return nil }

// Report is the outcome of a run.
type Report struct {
	Rows, Hits, Invalid int
	// Customers are the customers with a sanctioned address, sorted.
	Customers []string
}

// run screens the CSV and writes the report to stdout.
func run(ctx context.Context, args []string, stdout io.Writer) (Report, error) {
	fs := flag.NewFlagSet("batch", flag.ContinueOnError)
	fs.SetOutput(stdout)
	var lists listFlags
	fs.Var(&lists, "list", "sanctions list (OFAC SDN_ADVANCED .xml, .xml.bz2 or .zip, or \"embedded\": the publication in the binary); repeat to merge")
	csvPath := fs.String("csv", "", "CSV export of customer addresses (default: the embedded sample)")
	idCol := fs.String("id-column", "customer_id", "column of the customer id")
	addrCol := fs.String("column", "address", "column of the address")
	if err := fs.Parse(args); err != nil {
		return Report{}, err
	}
	if len(lists) == 0 {
		return Report{}, errors.New("pass at least one --list PATH (or --list embedded)")
	}
	var src io.Reader = bytes.NewReader(sampleCSV)
	if *csvPath != "" {
		f, err := os.Open(*csvPath)
		if err != nil {
			return Report{}, err
		}
		defer f.Close()
		src = f
	}
	s, err := newScreener(ctx, lists)
	if err != nil {
		return Report{}, err
	}
	return screenCSV(ctx, s, src, *idCol, *addrCol, stdout)
}

// newScreener loads the lists and builds a Screener.
func newScreener(ctx context.Context, paths []string) (*screen.Screener, error) {
	var lists []*sanctions.List
	for _, p := range paths {
		l, err := embedded.Open(ctx, p)
		if err != nil {
			return nil, fmt.Errorf("loading %s: %w", p, err)
		}
		lists = append(lists, l)
	}
	return screen.New(lists, screen.WithLogger(slog.New(slog.DiscardHandler)))
}

// screenCSV streams the rows, screens each address and prints the rows that need action.
func screenCSV(ctx context.Context, s *screen.Screener, src io.Reader, idCol, addrCol string, stdout io.Writer) (Report, error) {
	r := csv.NewReader(src)
	r.ReuseRecord = true
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return Report{}, fmt.Errorf("reading the CSV header: %w", err)
	}
	id, addr := column(head, idCol), column(head, addrCol)
	if id < 0 || addr < 0 {
		return Report{}, fmt.Errorf("the CSV needs columns %q and %q; it has %s", idCol, addrCol, strings.Join(head, ", "))
	}

	for _, li := range s.Lists() {
		fmt.Fprintf(stdout, "# screened against %s %s, sha256 %s\n", li.Source, li.Published, li.SHA256)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "LINE\tCUSTOMER\tADDRESS\tACTION\tWHY")
	var rep Report
	flagged := map[string]bool{}
	for {
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return rep, err
		}
		line, _ := r.FieldPos(0)
		if addr >= len(row) || id >= len(row) {
			rep.Invalid++
			fmt.Fprintf(tw, "%d\t-\t-\tFIX\tthe row has %d fields\n", line, len(row))
			continue
		}
		rep.Rows++
		res, err := s.ScreenAddress(ctx, row[addr])
		if err != nil {
			return rep, err // fail closed: stop, report nothing as clean
		}
		switch {
		case res.Sanctioned():
			rep.Hits++
			flagged[row[id]] = true
			fmt.Fprintf(tw, "%d\t%s\t%s\tFREEZE AND REPORT\t%s\n", line, row[id], res.Canonical, why(res))
		case res.Has(screen.FlagInvalidAddress) || res.Has(screen.FlagChecksumMismatch):
			rep.Invalid++
			fmt.Fprintf(tw, "%d\t%s\t%q\tFIX\t%s\n", line, row[id], row[addr], strings.Join(res.Notes, "; "))
		case res.Has(screen.FlagPrivacyCoin):
			fmt.Fprintf(tw, "%d\t%s\t%s\tREVIEW\tprivacy coin: flows cannot be screened\n", line, row[id], res.Canonical)
		}
	}
	if err := tw.Flush(); err != nil {
		return rep, err
	}
	for c := range flagged {
		rep.Customers = append(rep.Customers, c)
	}
	sort.Strings(rep.Customers)
	fmt.Fprintf(stdout, "\n%d addresses screened: %d sanctioned (customers: %s), %d to fix\n",
		rep.Rows, rep.Hits, strings.Join(rep.Customers, ", "), rep.Invalid)
	return rep, nil
}

func column(head []string, name string) int {
	for i, h := range head {
		if strings.EqualFold(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")), name) {
			return i
		}
	}
	return -1
}

// why names the flags and listed parties of a hit.
func why(r screen.Result) string {
	var parts []string
	for _, h := range r.Hits {
		p := fmt.Sprintf("%s (id %s, %s) listed as %s", h.Entity.Name, h.Entity.ID, strings.Join(h.Entity.Programs, " "), h.Ticker)
		if h.OtherChain {
			p += " on " + string(h.ListedChain)
		}
		parts = append(parts, p)
	}
	fs := make([]string, len(r.Flags))
	for i, f := range r.Flags {
		fs[i] = string(f)
	}
	return strings.Join(fs, ",") + ": " + strings.Join(parts, "; ")
}
