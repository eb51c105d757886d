package main

import (
	"encoding/json"
	"fmt"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/spf13/cobra"
)

func newListsCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "lists",
		Short: "Inspect sanctions lists",
	}
	cmd.AddCommand(newListsInfoCmd(a))
	cmd.AddCommand(newListsUpdateCmd(a))
	cmd.AddCommand(newListsDiffCmd(a))
	return cmd
}

// listInfo is the JSON form of `lists info`.
type listInfo struct {
	Format       string            `json:"format"`
	Source       string            `json:"source"`
	Publisher    string            `json:"publisher,omitempty"`
	Category     string            `json:"category"`
	Location     string            `json:"location"`
	Published    string            `json:"published"`
	SHA256       string            `json:"sha256"`
	Entities     int               `json:"entities"`
	AddressParty int               `json:"entities_with_addresses"`
	Values       int               `json:"values"`
	Unique       int               `json:"unique_values"`    // distinct (ticker, value) pairs
	Distinct     int               `json:"distinct_strings"` // distinct value texts
	PerTicker    map[string]int    `json:"per_ticker"`
	PerChain     map[string]int    `json:"per_chain"`
	PerKind      map[string]int    `json:"per_kind"`        // per value kind (address, exchange_account)
	PerCategory  map[string]int    `json:"per_category"`    // per listing category
	IssueKinds   map[string]int    `json:"issues_per_kind"` // issues counted per Issue.Kind ("other" when unset)
	Issues       []sanctions.Issue `json:"issues"`
}

func summarise(l *sanctions.List) listInfo {
	cat := string(l.Source.Category)
	if cat == "" {
		cat = string(sanctions.CategorySanctions)
	}
	info := listInfo{Format: l.Source.Format, Source: l.Source.Name, Publisher: l.Source.Publisher, Category: cat,
		Location:  l.Source.Location,
		Published: l.Source.Published.Format(time.DateOnly), SHA256: l.Source.SHA256,
		Entities: l.EntityCount, AddressParty: len(l.Entities), Values: len(l.Addresses),
		PerTicker: map[string]int{}, PerChain: map[string]int{}, PerKind: map[string]int{},
		PerCategory: map[string]int{}, IssueKinds: map[string]int{}, Issues: l.Issues}
	for _, is := range l.Issues {
		k := is.Kind
		if k == "" {
			k = "other"
		}
		info.IssueKinds[k]++
	}
	unique, distinct := map[string]bool{}, map[string]bool{}
	for _, la := range l.Addresses {
		info.PerTicker[la.Ticker]++
		chain := string(la.Addr.Chain)
		if la.Addr.Kind == address.KindExactString {
			chain = "not-an-address"
		}
		info.PerChain[chain]++
		kind := la.Kind
		if kind == "" {
			kind = "address"
		}
		info.PerKind[kind]++
		c := string(la.Category)
		if c == "" {
			c = cat
		}
		info.PerCategory[c]++
		unique[la.Ticker+" "+la.Value] = true
		distinct[la.Value] = true
	}
	info.Unique, info.Distinct = len(unique), len(distinct)
	if info.Issues == nil {
		info.Issues = []sanctions.Issue{}
	}
	return info
}

func newListsInfoCmd(a *app) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "info [--list [FORMAT:]FILE]...",
		Short: "Show each list's format, source, publication date, digest, counts per chain and kind, and issues",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			lists, err := a.loadLists(cmd.Context())
			if err != nil {
				return err
			}
			var infos []listInfo
			for _, l := range lists {
				infos = append(infos, summarise(l))
			}
			switch format {
			case "json":
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(infos)
			case "table":
				for _, in := range infos {
					tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
					fmt.Fprintf(tw, "format\t%s\nsource\t%s\npublisher\t%s\ncategory\t%s\nlocation\t%s\npublished\t%s\nsha256\t%s\n",
						in.Format, in.Source, in.Publisher, in.Category, in.Location, in.Published, in.SHA256)
					fmt.Fprintf(tw, "entities\t%d (%d with addresses)\nvalues\t%d (%d unique by ticker, %d distinct strings)\n",
						in.Entities, in.AddressParty, in.Values, in.Unique, in.Distinct)
					fmt.Fprintf(tw, "per ticker\t%s\nper chain\t%s\nper kind\t%s\nper category\t%s\n",
						counts(in.PerTicker), counts(in.PerChain), counts(in.PerKind), counts(in.PerCategory))
					fmt.Fprintf(tw, "issues\t%d (%s)\n", len(in.Issues), counts(in.IssueKinds))
					if err := tw.Flush(); err != nil {
						return err
					}
					for _, is := range in.Issues {
						line := ""
						if is.Line > 0 {
							line = fmt.Sprintf("line %d ", is.Line)
						}
						fmt.Fprintf(a.stdout, "  %s[%s] %s %q entity %s: %s\n", line, is.Kind, is.Ticker, is.Value, is.EntityID, is.Reason)
					}
				}
				return nil
			}
			return withCode(exitInvalid, fmt.Errorf("unknown format %q (want table or json)", format))
		},
	}
	addListFlags(cmd, a)
	cmd.Flags().StringVarP(&format, "format", "f", "table", "output format: table or json")
	return cmd
}

func counts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return m[keys[i]] > m[keys[j]] || (m[keys[i]] == m[keys[j]] && keys[i] < keys[j]) })
	s := ""
	for i, k := range keys {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%s %d", k, m[k])
	}
	return s
}
