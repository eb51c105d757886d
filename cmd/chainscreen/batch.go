package main

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

func newBatchCmd(a *app) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "batch [--list PATH]... [--format ndjson|json|csv|table] < addresses",
		Short: "Screen addresses read from stdin, one per line",
		Long: `Screen addresses read from standard input, one per line. Output is in input
order, one result per non-empty line; the input is streamed, so memory stays constant.
A summary goes to stderr. Exit codes as for check.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			out, err := newResultWriter(a.stdout, format)
			if err != nil {
				return err
			}
			s, err := a.screener(cmd.Context())
			if err != nil {
				return err
			}
			sc := bufio.NewScanner(a.stdin)
			sc.Buffer(make([]byte, 64*1024), 1024*1024)
			var t tally
			line := 0
			for sc.Scan() {
				line++
				text := sc.Text()
				if strings.TrimSpace(text) == "" {
					continue
				}
				r, err := s.ScreenAddress(cmd.Context(), text)
				if err != nil {
					return withCode(exitUnavailable, err)
				}
				t.add(r)
				if err := out.Write(r); err != nil {
					return err
				}
			}
			if err := sc.Err(); err != nil {
				return withCode(exitInvalid, fmt.Errorf("reading input line %d: %w", line+1, err))
			}
			if err := out.Close(); err != nil {
				return err
			}
			fmt.Fprintf(a.stderr, "screened %d, hits %d, invalid %d\n", t.screened, t.hits, t.invalid)
			if c := t.code(); c != exitClear {
				return withCode(c, nil)
			}
			return nil
		},
	}
	addListFlags(cmd, a)
	cmd.Flags().StringVarP(&format, "format", "f", "ndjson", "output format: ndjson, json, csv or table")
	return cmd
}
