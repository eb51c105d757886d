package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/spf13/cobra"
)

func newListsDiffCmd(a *app) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "diff OLD NEW",
		Short: "Show the values added and removed between two publications",
		Long: `Compare two publications of a list and print, as JSON, the values added and
removed ("added", "removed": each with "value", "ticker" and "entity") and the parties
whose name, type, programmes or listing date changed ("changed_entities").

A value is identified by its address bytes (0x values in any letter case are one
value), its ticker and its party. OLD and NEW are list files of any registered
format, detected from the content (OFAC SDN_ADVANCED .xml/.xml.bz2/.xml.gz/.zip, a
directory holding OFAC's legacy CSV set, a custom .csv/.json list, ...), or
FORMAT:FILE to force one (as --list).`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkOutputFormat(format); err != nil {
				return err
			}
			var lists [2]*sanctions.List
			for i, p := range args {
				l, err := a.openListFile(cmd.Context(), p)
				if err != nil {
					return withCode(exitUnavailable, err)
				}
				lists[i] = l
			}
			d := sanctions.Diff(lists[0], lists[1])
			a.logger.Debug("lists diff", "added", len(d.Added), "removed", len(d.Removed), "changed_entities", len(d.ChangedEntities))
			if format == "table" {
				return writeDiffTable(a.stdout, d)
			}
			enc := json.NewEncoder(a.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(d)
		},
	}
	addOutputFormatFlag(cmd, &format)
	return cmd
}

// openListFile reads a list of any registered format ([FORMAT:]FILE, as --list).
func (a *app) openListFile(ctx context.Context, arg string) (*sanctions.List, error) {
	return a.openListArg(ctx, arg)
}

// archiveFlags are the --archive and --as-of flags of check and batch.
type archiveFlags struct {
	dir  string
	asOf string
}

func addArchiveFlags(cmd *cobra.Command) *archiveFlags {
	f := &archiveFlags{}
	cmd.Flags().StringVar(&f.dir, "archive", "",
		"directory of OFAC SDN_ADVANCED publications: screen as of --as-of (default today), "+
			"with DELISTED for values an earlier publication listed")
	cmd.Flags().StringVar(&f.asOf, "as-of", "", "screen as of this date (YYYY-MM-DD, UTC end of day); needs --archive")
	return f
}

// screener returns the archive screener when --archive is set, else the app's screener.
func (f *archiveFlags) screener(ctx context.Context, a *app) (*screen.Screener, error) {
	if f.dir == "" {
		if f.asOf != "" {
			return nil, withCode(exitInvalid, fmt.Errorf("--as-of needs --archive DIR"))
		}
		return a.screener(ctx)
	}
	if len(a.lists) > 0 {
		return nil, withCode(exitInvalid, fmt.Errorf("--archive and --list cannot be combined"))
	}
	asOf := time.Now().UTC()
	if f.asOf != "" {
		d, err := time.Parse(time.DateOnly, f.asOf)
		if err != nil {
			return nil, withCode(exitInvalid, fmt.Errorf("--as-of %q: want YYYY-MM-DD", f.asOf))
		}
		// The whole day: publications and listings of that day count.
		asOf = d.Add(24*time.Hour - time.Nanosecond)
	}
	arch, err := sanctions.OpenArchive(ctx, f.dir, sanctions.WithLogger(a.logger))
	if err != nil {
		return nil, withCode(exitUnavailable, err)
	}
	if sk := arch.Skipped(); len(sk) > 0 {
		a.logger.Info("archive: entries not read (not publication files)", "dir", f.dir, "entries", sk)
	}
	s, err := screen.NewFromArchive(arch, asOf, a.screenOptions()...)
	if err != nil {
		return nil, withCode(exitUnavailable, err)
	}
	return s, nil
}
