package main

import (
	"errors"
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/btcsuite/btcd/wire"
	"github.com/spf13/cobra"

	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/bitcoin/exposure"
)

// exitIncomplete: the exposure search was cut by a stop rule and found no exposure
// over the threshold: the answer is not "clean".
const exitIncomplete = 4

func newExposureCmd(a *app) *cobra.Command {
	var rf rpcFlags
	var depth, budget, criticalHops int
	var dust int64
	var rule, minShare, format, failOn, criticalShare, highShare string
	cmd := &cobra.Command{
		Use:   "exposure --rpc URL TXID:VOUT [--depth N] [--rule haircut|poison] [--min-share P] [--budget N] [--dust SAT] [--format table|json]",
		Short: "Indirect exposure of a Bitcoin output: how much of its value comes from listed addresses",
		Long: `Walk the ancestry of a Bitcoin output (a deposit) through a node and report the
listed addresses its value comes from: for each, the hops (1: it spent into the
transaction that made the output), its share of the output's value and one shortest
path of txids. Every ancestor transaction's inputs are screened, by the address their
previous output pays, against the lists in service (pinned once for the whole walk).

Rules (--rule): haircut (default) gives each input of a transaction a share of the
value proportional to its amount (input value / total input value; fees ignored),
multiplied along the path; poison taints the output fully for any listed ancestor
within the depth.

Stop rules, reported when they cut the search (flag EXPOSURE_INCOMPLETE): --depth
(default 3 hops), --min-share (haircut: a branch under it is not followed; a fraction
"0.001", "1/1000" or a percentage "0.1%"), --budget (transactions fetched from the
node, default 2000). A coinbase ends a branch.

Dust (--dust SAT, default 10000; 0 turns the rule off): an output under it that a
listed address paid to someone else, and that its owner never spent by choice (the
output screened itself, or an output swept along with its owner's own coin of at
least SAT; dust outputs swept together must total under SAT), is reported under
"dust" and not counted as exposure (OFAC FAQ 1078).

Severity of a source: critical from --critical-share (default 50%) or at most
--critical-hops hops (default 1), high from --high-share (default 10%), medium
otherwise.

The node: --rpc URL (bitcoind or btcd with --txindex; --rpc-cookie FILE, --rpc-cert)
or --esplora URL; --network names its network (checked against its genesis block).

Exit codes: 0 no exposure at or over --fail-on (default medium: any exposure) and the
search complete; 1 exposure at or over --fail-on; 2 invalid input (a bad TXID:VOUT,
an output the transaction does not have, a transaction the node does not know, a bad
flag); 3 list or node unavailable (unreachable, wrong network, an ancestor the node
cannot serve): nothing is reported clean; 4 no exposure over --fail-on found but the
search was cut (EXPOSURE_INCOMPLETE): not clean.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			op, err := parseOutpoint(args[0])
			if err != nil {
				return withCode(exitInvalid, err)
			}
			params, err := bitcoinNetwork(rf.network)
			if err != nil {
				return withCode(exitInvalid, err)
			}
			if !rf.set() {
				return withCode(exitInvalid, errors.New("exposure walks the ancestry through a node: give --rpc URL or --esplora URL"))
			}
			ms, err := parseShare(minShare)
			if err != nil {
				return withCode(exitInvalid, fmt.Errorf("--min-share: %w", err))
			}
			th := exposure.Thresholds{CriticalHops: criticalHops}
			if th.Critical, err = parseShare(criticalShare); err != nil {
				return withCode(exitInvalid, fmt.Errorf("--critical-share: %w", err))
			}
			if th.High, err = parseShare(highShare); err != nil {
				return withCode(exitInvalid, fmt.Errorf("--high-share: %w", err))
			}
			var fail screen.Severity
			if err := fail.UnmarshalText([]byte(strings.ToLower(failOn))); err != nil {
				return withCode(exitInvalid, fmt.Errorf("--fail-on %q: want low, medium, high or critical", failOn))
			}
			r := exposure.Rule(strings.ToLower(rule))
			if r != exposure.Haircut && r != exposure.Poison {
				return withCode(exitInvalid, fmt.Errorf("--rule %q: want haircut or poison", rule))
			}
			if format != "table" && format != "json" {
				return withCode(exitInvalid, fmt.Errorf("--format %q: want table or json", format))
			}
			opts := []exposure.Option{exposure.WithNetwork(params), exposure.WithRule(r), exposure.WithDepth(depth),
				exposure.WithMinShare(ms), exposure.WithBudget(budget), exposure.WithDust(dust),
				exposure.WithThresholds(th), exposure.WithLogger(a.logger)}
			c, err := rf.dial(cmd, a, params)
			if err != nil {
				return err
			}
			s, err := a.screener(cmd.Context())
			if err != nil {
				return err
			}
			res, err := exposure.Exposure(cmd.Context(), s, c, op, opts...)
			if err != nil {
				return withCode(exposureErrCode(err), err)
			}
			if format == "json" {
				err = writeJSON(a.stdout, res)
			} else {
				err = writeExposureTable(a.stdout, res)
			}
			if err != nil {
				return err
			}
			return exposureExit(res, fail)
		},
	}
	addListFlags(cmd, a)
	addAgeFlags(cmd, a)
	addRPCFlags(cmd, &rf)
	cmd.Flags().IntVar(&depth, "depth", exposure.DefaultDepth, "hops searched")
	cmd.Flags().StringVar(&rule, "rule", string(exposure.Haircut), "attribution rule: haircut or poison")
	cmd.Flags().StringVar(&minShare, "min-share", "0.1%", "haircut: branches under this share of the value are not followed")
	cmd.Flags().IntVar(&budget, "budget", exposure.DefaultBudget, "most transactions fetched from the node")
	cmd.Flags().Int64Var(&dust, "dust", exposure.DefaultDust, "dust threshold in satoshis (0: no dust rule)")
	cmd.Flags().StringVar(&format, "format", "table", "output: table or json")
	cmd.Flags().StringVar(&failOn, "fail-on", "medium", "exit 1 when a source has this severity or more: low, medium, high, critical")
	cmd.Flags().StringVar(&criticalShare, "critical-share", "50%", "a source with this share or more is critical")
	cmd.Flags().StringVar(&highShare, "high-share", "10%", "a source with this share or more is high")
	cmd.Flags().IntVar(&criticalHops, "critical-hops", 1, "a source this many hops away or fewer is critical")
	return cmd
}

// parseOutpoint parses TXID:VOUT.
func parseOutpoint(s string) (wire.OutPoint, error) {
	s = strings.TrimSpace(s)
	txid, vout, ok := strings.Cut(s, ":")
	if !ok {
		return wire.OutPoint{}, fmt.Errorf("outpoint %q: want TXID:VOUT", cutArg(s))
	}
	h, err := parseHash(txid, "txid")
	if err != nil {
		return wire.OutPoint{}, fmt.Errorf("outpoint %q: %w", cutArg(s), err)
	}
	if vout == "" || strings.Trim(vout, "0123456789") != "" {
		return wire.OutPoint{}, fmt.Errorf("outpoint %q: output index %q: want a decimal number", cutArg(s), cutArg(vout))
	}
	n, err := strconv.ParseUint(vout, 10, 32)
	if err != nil || n == uint64(wire.MaxPrevOutIndex) {
		return wire.OutPoint{}, fmt.Errorf("outpoint %q: output index %q out of range", cutArg(s), cutArg(vout))
	}
	return wire.OutPoint{Hash: h, Index: uint32(n)}, nil
}

// parseShare parses a share: a percentage ("0.1%"), a decimal fraction ("0.001") or a
// ratio ("1/1000"), from 0 to 1.
func parseShare(s string) (*big.Rat, error) {
	t := strings.TrimSpace(s)
	pct := strings.HasSuffix(t, "%")
	t = strings.TrimSpace(strings.TrimSuffix(t, "%"))
	if t == "" || len(t) > 40 || strings.ContainsAny(t, "eE+-") {
		return nil, fmt.Errorf("%q: want a share such as 0.1%%, 0.001 or 1/1000", cutArg(s))
	}
	r, ok := new(big.Rat).SetString(t)
	if !ok {
		return nil, fmt.Errorf("%q: want a share such as 0.1%%, 0.001 or 1/1000", cutArg(s))
	}
	if pct {
		r.Quo(r, big.NewRat(100, 1))
	}
	if r.Sign() < 0 || r.Cmp(big.NewRat(1, 1)) > 0 {
		return nil, fmt.Errorf("%q: a share is from 0 to 1 (0%% to 100%%)", cutArg(s))
	}
	return r, nil
}

func exposureErrCode(err error) int {
	switch {
	case errors.Is(err, exposure.ErrAncestorMissing):
		return exitUnavailable // the node cannot serve the ancestry (no txindex, pruned)
	case errors.Is(err, exposure.ErrBadOutpoint), errors.Is(err, exposure.ErrInvalidOption):
		return exitInvalid
	}
	return screenErrCode(err)
}

// exposureExit: 1 for a source at or over fail; 4 for a cut search; else 0.
func exposureExit(res exposure.Result, fail screen.Severity) error {
	for _, s := range res.Sources {
		if s.Severity >= fail {
			return withCode(exitHit, nil)
		}
	}
	if res.Incomplete() {
		var why []string
		for _, c := range res.Cuts {
			why = append(why, fmt.Sprintf("%s (%s of the value)", c.Rule, pct(c.SharePercent)))
		}
		return withCode(exitIncomplete, fmt.Errorf("the search was cut (EXPOSURE_INCOMPLETE): %s", strings.Join(why, ", ")))
	}
	return nil
}

func pct(f float64) string { return strconv.FormatFloat(f, 'g', 6, 64) + "%" }

func writeExposureTable(out io.Writer, r exposure.Result) error {
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	flags := "none"
	if len(r.Flags) > 0 {
		fs := make([]string, len(r.Flags))
		for i, f := range r.Flags {
			fs[i] = string(f)
		}
		flags = strings.Join(fs, ",")
	}
	fmt.Fprintf(w, "output\t%s, %d sat, %s\n", r.Outpoint, r.Value, r.Address)
	fmt.Fprintf(w, "rule\t%s: depth %d, min share %s, budget %d, dust %d sat\n", r.Rule, r.Limits.Depth,
		pct(ratPercent(r.Limits.MinShare)), r.Limits.Budget, r.Limits.Dust)
	fmt.Fprintf(w, "exposure\t%s (%s), severity %s, flags %s\n", pct(r.ExposurePercent), r.Exposure.RatString(), r.Severity, flags)
	fmt.Fprintf(w, "walk\t%d transactions fetched, %d screened; list %s %s\n", r.Fetched, r.Screened, r.List.Source, r.List.Published)
	if err := w.Flush(); err != nil {
		return err
	}
	w = tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	if len(r.Sources) > 0 {
		fmt.Fprintln(w, "\nSHARE\tHOPS\tSEVERITY\tADDRESS\tENTITY\tPATH")
		for _, s := range r.Sources {
			var ents []string
			for _, h := range s.Hits {
				ents = append(ents, h.Entity.Name)
			}
			var path []string
			for _, st := range s.Path {
				p := st.TxID
				if st.CoinJoin != "" {
					p += " [coinjoin " + st.CoinJoin + "]"
				}
				path = append(path, p)
			}
			fmt.Fprintf(w, "%s (%s)\t%d\t%s\t%s\t%s\t%s\n", pct(s.SharePercent), s.Share.RatString(), s.Hops, s.Severity,
				s.Address, strings.Join(ents, "; "), strings.Join(path, " < "))
		}
	}
	if len(r.Cuts) > 0 {
		fmt.Fprintln(w, "\nCUT BY\tBRANCHES\tSHARE NOT FOLLOWED")
		for _, c := range r.Cuts {
			fmt.Fprintf(w, "%s\t%d\t%s (%s)\n", c.Rule, c.Branches, pct(c.SharePercent), c.Share.RatString())
		}
	}
	if len(r.Dust) > 0 {
		fmt.Fprintln(w, "\nDUST (NOT COUNTED)\tVALUE\tFROM\tSPENT BY\tSHARE")
		for _, d := range r.Dust {
			spent := d.SpentBy
			if spent == "" {
				spent = "(unspent: the output screened)"
			}
			fmt.Fprintf(w, "%s\t%d sat\t%s\t%s\t%s (%s)\n", d.Outpoint, d.Value, strings.Join(d.From, ", "), spent,
				pct(d.SharePercent), d.Share.RatString())
		}
	}
	return w.Flush()
}

func ratPercent(r *big.Rat) float64 {
	if r == nil {
		return 0
	}
	f, _ := new(big.Rat).Mul(r, big.NewRat(100, 1)).Float64()
	return f
}
