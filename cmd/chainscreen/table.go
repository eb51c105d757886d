package main

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/spf13/cobra"
)

// Table output of tx, block and lists diff (--format table). The tables stream: each
// row is written to the output as soon as it is formed, with fixed column widths
// (a wider value widens its own row only), never held until the end as a
// text/tabwriter would. Ages are whole days; each table names the publication(s) it
// screened against, and an invalid or unscreened row says why.

// addOutputFormatFlag adds --format json|table to a command.
func addOutputFormatFlag(cmd *cobra.Command, format *string) {
	cmd.Flags().StringVarP(format, "format", "f", "json", "output format: json or table")
}

// checkOutputFormat rejects an unknown --format before any work is done.
func checkOutputFormat(format string) error {
	if format != "json" && format != "table" {
		return withCode(exitInvalid, fmt.Errorf("unknown format %q (want json or table)", format))
	}
	return nil
}

// tableNow is the clock the ages are counted from (tests set it).
var tableNow = time.Now

// ageDays is the age of a date (YYYY-MM-DD, or a time) in whole days: "14 days".
func ageDays(published time.Time, now time.Time) string {
	if published.IsZero() {
		return "age unknown"
	}
	d := int(now.Sub(published).Hours() / 24)
	if d == 1 {
		return "1 day"
	}
	return strconv.Itoa(d) + " days"
}

// listLine describes the publications of a result: "OFAC SDN published 2025-11-19 (14 days old)".
func listLine(lists []screen.ListInfo, now time.Time) string {
	var parts []string
	for _, l := range lists {
		if l.Source == "" && l.Published == "" {
			continue
		}
		s := l.Source
		if l.Published == "" {
			s += " (no publication date)"
		} else {
			p, err := time.Parse(time.DateOnly, l.Published)
			if err != nil {
				s += " published " + l.Published
			} else {
				s += " published " + l.Published + " (" + ageDays(p, now) + " old)"
			}
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, "; ")
}

func resultLists(l screen.ListInfo, ls []screen.ListInfo) []screen.ListInfo {
	if len(ls) > 0 {
		return ls
	}
	return []screen.ListInfo{l}
}

// rowWriter writes rows of fixed-width columns straight to w.
type rowWriter struct {
	w      io.Writer
	widths []int
	err    error
}

func (r *rowWriter) row(cells ...string) {
	if r.err != nil {
		return
	}
	var b strings.Builder
	for i, c := range cells {
		c = strings.ReplaceAll(c, "\n", " ")
		if i == len(cells)-1 || i >= len(r.widths) {
			b.WriteString(c)
			break
		}
		b.WriteString(c)
		for n := len(c); n < r.widths[i]+2; n++ {
			b.WriteByte(' ')
		}
	}
	b.WriteByte('\n')
	_, r.err = io.WriteString(r.w, b.String())
}

func (r *rowWriter) line(format string, args ...any) {
	if r.err == nil {
		_, r.err = fmt.Fprintf(r.w, format+"\n", args...)
	}
}

func hitText(h screen.Hit) string {
	s := h.Entity.Name
	if s == "" {
		s = h.ListedValue
	}
	s += " (" + h.Ticker
	if len(h.Entity.Programs) > 0 {
		s += ", " + strings.Join(h.Entity.Programs, " ")
	}
	if h.Entity.ID != "" {
		s += ", id " + h.Entity.ID
	}
	s += ")"
	if h.OtherChain {
		s += " listed on " + string(h.ListedChain)
	}
	if h.TagMismatch {
		s += " only tag " + h.Tag + " is listed"
	}
	return s
}

func hitIndex(h screen.Hit) string {
	if h.Index == nil {
		return "-"
	}
	return strconv.Itoa(*h.Index)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// writeTxTable writes a transaction's result as a table: a header (txid, chain,
// severity, flags, the publication and its age), then one row per hit and per
// unscreened input (with the reason), then the notes.
func writeTxTable(w io.Writer, r screen.TxResult) error {
	now := tableNow()
	t := &rowWriter{w: w, widths: []int{10, 5, 44, 12}}
	flags := orDash(flagNames(r.Flags, ","))
	if len(r.Flags) == 0 {
		flags = "clear"
	}
	t.line("TX %s  chain %s  severity %s  flags %s  addresses screened %d", r.TxID, orDash(string(r.Chain)), r.Severity, flags, r.Addresses)
	t.line("LIST %s", listLine(resultLists(r.List, r.Lists), now))
	t.row("ROLE", "INDEX", "ADDRESS", "STATUS", "PARTY OR REASON")
	writeTxRows(t, r)
	if t.err == nil && len(r.Hits) == 0 && len(r.Unscreened) == 0 {
		t.row("-", "-", "-", "clear", "no listed address")
	}
	return t.err
}

func writeTxRows(t *rowWriter, r screen.TxResult) {
	for _, h := range r.Hits {
		t.row(string(h.Role), hitIndex(h), h.Address, "HIT", hitText(h))
	}
	for _, u := range r.Unscreened {
		t.row(string(u.Role), strconv.Itoa(u.Index), orDash(u.Outpoint), "UNSCREENED", u.Reason)
	}
	for _, n := range r.Notes {
		t.row("note", "-", "-", "-", n)
	}
}

// writeBlockTable writes a block's result: a header (hash, transactions, severity,
// the publication and its age), then one row per transaction result, each written as
// it is formed.
func writeBlockTable(w io.Writer, r screen.BlockResult) error {
	now := tableNow()
	t := &rowWriter{w: w, widths: []int{64, 22, 8, 4}}
	flags := flagNames(r.Flags, ",")
	if flags == "" {
		flags = "clear"
	}
	t.line("BLOCK %s  transactions %d  severity %s  flags %s  addresses screened %d  unscreened inputs %d",
		orDash(r.Hash), r.Txs, r.Severity, flags, r.Addresses, r.Unscreened)
	t.line("LIST %s", listLine(resultLists(r.List, r.Lists), now))
	t.row("TXID", "FLAGS", "SEVERITY", "HITS", "PARTY OR REASON")
	for _, tx := range r.Results {
		f := flagNames(tx.Flags, ",")
		if f == "" {
			f = "clear"
		}
		var why []string
		for _, h := range tx.Hits {
			why = append(why, string(h.Role)+" "+hitIndex(h)+" "+h.Address+": "+hitText(h))
		}
		for _, u := range tx.Unscreened {
			why = append(why, string(u.Role)+" "+strconv.Itoa(u.Index)+" unscreened: "+u.Reason)
		}
		why = append(why, tx.Notes...)
		t.row(tx.TxID, f, tx.Severity.String(), strconv.Itoa(len(tx.Hits)), orDash(strings.Join(why, "; ")))
	}
	return t.err
}

// writeDiffTable writes the count summary of a diff: both publications with their
// dates and ages, the values added and removed (in all and per ticker) and the
// parties changed.
func writeDiffTable(w io.Writer, d sanctions.DiffResult) error {
	now := tableNow()
	t := &rowWriter{w: w, widths: []int{8, 8, 8}}
	src := func(s sanctions.Source) string {
		p := "no publication date"
		if !s.Published.IsZero() {
			p = "published " + s.Published.UTC().Format(time.DateOnly) + " (" + ageDays(s.Published, now) + " old)"
		}
		return orDash(s.Name) + " " + p
	}
	t.line("OLD %s", src(d.Old))
	t.line("NEW %s", src(d.New))
	t.row("TICKER", "ADDED", "REMOVED", "")
	added, removed := map[string]int{}, map[string]int{}
	for _, it := range d.Added {
		added[it.Ticker]++
	}
	for _, it := range d.Removed {
		removed[it.Ticker]++
	}
	var tickers []string
	for k := range added {
		tickers = append(tickers, k)
	}
	for k := range removed {
		if _, ok := added[k]; !ok {
			tickers = append(tickers, k)
		}
	}
	sort.Strings(tickers)
	for _, k := range tickers {
		t.row(orDash(k), strconv.Itoa(added[k]), strconv.Itoa(removed[k]), "")
	}
	t.row("total", strconv.Itoa(len(d.Added)), strconv.Itoa(len(d.Removed)), "")
	t.line("changed parties %d", len(d.ChangedEntities))
	return t.err
}

// writeTxOutput writes a transaction result as JSON or as a table.
func writeTxOutput(w io.Writer, format string, r screen.TxResult) error {
	if format == "table" {
		return writeTxTable(w, r)
	}
	return writeJSON(w, r)
}

// writeBlockOutput writes a block result as JSON or as a table.
func writeBlockOutput(w io.Writer, format string, r screen.BlockResult) error {
	if format == "table" {
		return writeBlockTable(w, r)
	}
	return writeJSON(w, r)
}
