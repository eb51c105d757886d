package main

import (
	"github.com/chainscreen/chainscreen/address"
	"github.com/spf13/cobra"
)

func newCheckCmd(a *app) *cobra.Command {
	var format, chainName, tag string
	var af *archiveFlags
	cmd := &cobra.Command{
		Use:   "check [--list PATH]... ADDRESS...",
		Short: "Screen addresses given as arguments",
		Long: `Screen one or more addresses. The chain is detected from each address unless
--chain names it. A destination tag or memo (XRP, Stellar, BNB: a listing of ONE account
at an exchange's shared deposit address) is given with --tag N, as ADDRESS?dt=N, or
inside an XRP X-address; without it such a listing is LISTED_WITH_TAG. Exit codes: 0
all clear, 1 at least one hit (any category, any chain, LISTED_WITH_TAG), 2 invalid
input (and no hit), 3 list unavailable.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			chain := address.ChainUnknown
			if chainName != "" {
				c, err := address.ParseChain(chainName)
				if err != nil {
					return withCode(exitInvalid, err)
				}
				chain = c
			}
			out, err := newResultWriter(a.stdout, format)
			if err != nil {
				return err
			}
			s, err := af.screener(cmd.Context(), a)
			if err != nil {
				return err
			}
			var t tally
			for _, in := range args {
				r, err := s.ScreenAddressTag(cmd.Context(), chain, in, tag)
				if err != nil {
					return withCode(exitUnavailable, err)
				}
				t.add(r)
				if err := out.Write(r); err != nil {
					return err
				}
			}
			if err := out.Close(); err != nil {
				return err
			}
			if c := t.code(); c != exitClear {
				return withCode(c, nil)
			}
			return nil
		},
	}
	addListFlags(cmd, a)
	addAgeFlags(cmd, a)
	af = addArchiveFlags(cmd)
	cmd.Flags().StringVarP(&format, "format", "f", "json", "output format: json, ndjson, csv or table")
	cmd.Flags().StringVar(&tag, "tag", "", "destination tag or memo that goes with the addresses (XRP, Stellar, BNB)")
	cmd.Flags().StringVar(&chainName, "chain", "", "screen the addresses as this chain (bitcoin, bitcoin-cash, evm, tron, ...)")
	return cmd
}
