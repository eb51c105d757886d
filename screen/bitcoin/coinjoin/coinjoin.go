package coinjoin

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/btcsuite/btcd/wire"
)

// Kind names the CoinJoin implementation a transaction is attributed to.
type Kind string

// The kinds Detect reports.
const (
	// KindNone: no rule fired.
	KindNone Kind = ""
	// KindWasabi1: a Wasabi Wallet 1.x (zkSNACKs, ZeroLink) round.
	KindWasabi1 Kind = "wasabi1"
	// KindWasabi2: a Wasabi Wallet 2.x (WabiSabi) round.
	KindWasabi2 Kind = "wasabi2"
	// KindWhirlpool: a Whirlpool mix (Samourai, Sparrow, Ashigaru).
	KindWhirlpool Kind = "whirlpool"
	// KindWhirlpoolTx0: a Whirlpool Tx0, the single-party transaction that splits a
	// wallet's coins into premix outputs for a pool and pays the coordinator fee. It is
	// not itself a mix, but it marks funds entering Whirlpool.
	KindWhirlpoolTx0 Kind = "whirlpool_tx0"
	// KindJoinMarket: an equal-output CoinJoin of the JoinMarket (maker/taker) shape.
	KindJoinMarket Kind = "joinmarket"
)

// Rule names the rule that fired. The rules are documented in the package
// documentation; a rule whose name has a suffix after the kind is one of this
// package's deviations from the published heuristic.
type Rule string

// The rules of Detect.
const (
	// RuleWasabi1: Dumplings' Wasabi 1 rule, restricted to segwit v0 scripts.
	RuleWasabi1 Rule = "wasabi1"
	// RuleWasabi1Half: the Wasabi 1 rule at the 0.05 BTC denomination of 2018's rounds.
	RuleWasabi1Half Rule = "wasabi1-0.05"
	// RuleWasabi1Coordinator: a transaction that pays the zkSNACKs coordinator script and
	// has equal outputs at a Wasabi 1 denomination (the first rounds had fewer than 10).
	RuleWasabi1Coordinator Rule = "wasabi1-coordinator"
	// RuleWasabi2: Dumplings' Wasabi 2 rule, with an equal-output guard.
	RuleWasabi2 Rule = "wasabi2"
	// RuleWasabi2Small: the Wasabi 2 rule for rounds of 20 to 49 inputs, with outputs
	// also P2WPKH or P2TR.
	RuleWasabi2Small Rule = "wasabi2-small"
	// RuleWhirlpool: Dumplings' Whirlpool mix rule.
	RuleWhirlpool Rule = "whirlpool"
	// RuleWhirlpoolAshigaru: the Whirlpool mix rule at Ashigaru's 0.025 BTC pool.
	RuleWhirlpoolAshigaru Rule = "whirlpool-ashigaru"
	// RuleWhirlpoolTx0: this package's Tx0 rule.
	RuleWhirlpoolTx0 Rule = "whirlpool-tx0"
	// RuleJoinMarket: BlockSci's JoinMarket rule, not firing on Omni Layer sends and
	// counting distinct input addresses from the spends when prevouts are unknown.
	RuleJoinMarket Rule = "joinmarket"
)

// PublishedRule names one of the published heuristics exactly as published; the names
// are those of the shared test data's blocks_rules.json.
type PublishedRule string

// The published rules, evaluated unmodified.
const (
	PublishedWasabi1    PublishedRule = "a_dumplings_wasabi1"
	PublishedWhirlpool  PublishedRule = "b_dumplings_whirlpool_mix"
	PublishedWasabi2    PublishedRule = "c_dumplings_wasabi2"
	PublishedJoinMarket PublishedRule = "d_blocksci_joinmarket"
)

// Prevouts gives, by input index, the output each input of a transaction spends;
// a nil entry (or a nil Prevouts) means unknown. When an input's prevout is
// unknown its script type and address are inferred from its scriptSig and witness;
// a witness-stripped input then has an unknown native-segwit type (see
// Evidence.UnknownInputs). Only the PkScript of a prevout is read; no rule uses the
// Value today.
type Prevouts []*wire.TxOut

// Errors returned by Detect.
var (
	// ErrNilTx: Detect was given no transaction.
	ErrNilTx = errors.New("coinjoin: nil transaction")
	// ErrPrevouts: Prevouts is non-nil and its length is not the number of inputs.
	ErrPrevouts = errors.New("coinjoin: prevouts do not match the inputs")
)

// Evidence is what a rule saw, so that a reviewer can check why a transaction was
// (or was not) attributed.
type Evidence struct {
	// Inputs and Outputs count the transaction's inputs and outputs.
	Inputs  int `json:"inputs"`
	Outputs int `json:"outputs"`
	// Participants estimates the parties: the equal-output count (Wasabi 1), the
	// inputs (Whirlpool mix, one coin each), 1 (Tx0), (outputs+1)/2 (JoinMarket);
	// 0 when the rule gives no estimate (Wasabi 2).
	Participants int `json:"participants,omitempty"`
	// Denomination is the mixed output value in satoshi (Wasabi 2: its most frequent
	// standard denomination; Tx0: the pool size).
	Denomination int64 `json:"denomination_sat,omitempty"`
	// EqualOutputs counts the outputs of value Denomination (Tx0: the premix outputs,
	// each Denomination plus the mix's miner fee).
	EqualOutputs int `json:"equal_outputs,omitempty"`
	// StandardOutputs counts Wasabi 2 standard-denomination outputs (Wasabi 2 only).
	StandardOutputs int `json:"standard_outputs,omitempty"`
	// DistinctInputs counts distinct input addresses (JoinMarket only): prevout
	// scripts, or keys and scripts revealed by the spends; an input that reveals
	// neither counts as one address.
	DistinctInputs int `json:"distinct_inputs,omitempty"`
	// UnknownInputs counts inputs with neither prevout nor witness (witness-stripped):
	// they are taken to be native segwit of the type the rule needs.
	UnknownInputs int `json:"unknown_inputs,omitempty"`
	// CoordinatorFee is the coordinator's fee output in satoshi, when the rule found one
	// (Wasabi 1 coordinator script, Tx0 pool fee).
	CoordinatorFee int64 `json:"coordinator_fee_sat,omitempty"`
}

// Result is Detect's verdict.
type Result struct {
	// Kind is the attributed implementation, KindNone when no rule fired.
	Kind Kind `json:"kind"`
	// Rule is the rule that fired ("" with KindNone).
	Rule Rule `json:"rule,omitempty"`
	// Evidence is what the firing rule saw; with KindNone only Inputs, Outputs and
	// UnknownInputs are set.
	Evidence Evidence `json:"evidence"`
	// Published lists the published rules that fire on the transaction, unmodified,
	// in the order a, b, c, d; it can differ from Kind (that is where this package
	// deviates from them, see the package documentation).
	Published []PublishedRule `json:"published_rules,omitempty"`
}

// IsCoinJoin reports whether a rule fired (a Tx0 included).
func (r Result) IsCoinJoin() bool { return r.Kind != KindNone }

// String explains the result in one line.
func (r Result) String() string {
	if r.Kind == KindNone {
		return "no coinjoin"
	}
	e := r.Evidence
	var b strings.Builder
	fmt.Fprintf(&b, "%s (rule %s): %d inputs, %d outputs", r.Kind, r.Rule, e.Inputs, e.Outputs)
	if e.Denomination > 0 {
		fmt.Fprintf(&b, ", %d x %d sat", e.EqualOutputs, e.Denomination)
	}
	if e.StandardOutputs > 0 {
		fmt.Fprintf(&b, ", %d standard-denomination outputs", e.StandardOutputs)
	}
	if e.Participants > 0 {
		fmt.Fprintf(&b, ", ~%d participants", e.Participants)
	}
	if e.DistinctInputs > 0 {
		fmt.Fprintf(&b, ", %d distinct input addresses", e.DistinctInputs)
	}
	if e.CoordinatorFee > 0 {
		fmt.Fprintf(&b, ", coordinator fee %d sat", e.CoordinatorFee)
	}
	if e.UnknownInputs > 0 {
		fmt.Fprintf(&b, ", %d inputs of unknown type", e.UnknownInputs)
	}
	return b.String()
}

// Detect classifies tx as a CoinJoin of one of the known implementations, or none.
// prevouts may be nil. It reads tx only and never fails on a well-formed decoded
// transaction; it returns ErrNilTx or ErrPrevouts for bad arguments. A transaction
// with no inputs or outputs is KindNone.
func Detect(tx *wire.MsgTx, prevouts Prevouts) (Result, error) {
	if tx == nil {
		return Result{}, ErrNilTx
	}
	if prevouts != nil && len(prevouts) != len(tx.TxIn) {
		return Result{}, fmt.Errorf("%w: %d prevouts for %d inputs", ErrPrevouts, len(prevouts), len(tx.TxIn))
	}
	s := newStats(tx, prevouts)
	res := Result{Published: s.published()}
	for _, rule := range rules {
		if ev, r, ok := rule.match(s); ok {
			ev.Inputs, ev.Outputs, ev.UnknownInputs = s.nin, s.nout, s.unknownIn
			res.Kind, res.Rule, res.Evidence = rule.kind, r, ev
			return res, nil
		}
	}
	res.Evidence = Evidence{Inputs: s.nin, Outputs: s.nout, UnknownInputs: s.unknownIn}
	return res, nil
}

// valueCount is one output value and how many outputs have it.
type valueCount struct {
	value int64
	count int
}

// stats is what the rules read, computed in one pass over the transaction.
type stats struct {
	tx        *wire.MsgTx
	prevouts  Prevouts
	nin, nout int
	inTypes   []scriptType
	outTypes  []scriptType
	unknownIn int
	// groups are the distinct output values with their counts, by value ascending.
	groups []valueCount
	// maxCount is the highest count in groups.
	maxCount int
}

func newStats(tx *wire.MsgTx, prevouts Prevouts) *stats {
	s := &stats{tx: tx, prevouts: prevouts, nin: len(tx.TxIn), nout: len(tx.TxOut)}
	types := make([]scriptType, s.nin+s.nout) // one allocation for both
	s.inTypes, s.outTypes = types[:s.nin:s.nin], types[s.nin:]
	for i, in := range tx.TxIn {
		t := classifyInput(in, s.prevout(i))
		s.inTypes[i] = t
		if t == typeNativeUnknown {
			s.unknownIn++
		}
	}
	// The groups are built in place: every output value, sorted, then run-length
	// compacted.
	g := make([]valueCount, s.nout)
	for i, out := range tx.TxOut {
		s.outTypes[i] = classifyPkScript(out.PkScript)
		g[i] = valueCount{out.Value, 1}
	}
	slices.SortFunc(g, func(a, b valueCount) int { return cmp.Compare(a.value, b.value) })
	n := 0
	for i := 0; i < len(g); {
		j := i + 1
		for j < len(g) && g[j].value == g[i].value {
			j++
		}
		g[n] = valueCount{g[i].value, j - i}
		s.maxCount = max(s.maxCount, j-i)
		n++
		i = j
	}
	s.groups = g[:n]
	return s
}

func (s *stats) prevout(i int) *wire.TxOut {
	if s.prevouts == nil {
		return nil
	}
	return s.prevouts[i]
}

func (s *stats) allIn(f func(scriptType) bool) bool {
	for _, t := range s.inTypes {
		if !f(t) {
			return false
		}
	}
	return true
}

func (s *stats) allOut(f func(scriptType) bool) bool {
	for _, t := range s.outTypes {
		if !f(t) {
			return false
		}
	}
	return true
}

// count returns how many outputs have value v.
func (s *stats) count(v int64) int {
	i, ok := slices.BinarySearchFunc(s.groups, v, func(g valueCount, v int64) int {
		switch {
		case g.value < v:
			return -1
		case g.value > v:
			return 1
		}
		return 0
	})
	if !ok {
		return 0
	}
	return s.groups[i].count
}

// mostInWindow returns the value in [lo, hi] that the most outputs share (the
// lowest such value on a tie) and its count.
func (s *stats) mostInWindow(lo, hi int64) (int64, int) {
	var best valueCount
	for _, g := range s.groups {
		if g.value >= lo && g.value <= hi && g.count > best.count {
			best = g
		}
	}
	return best.value, best.count
}

// distinctInputs counts distinct input addresses; with known only, it returns -1
// unless every prevout is known (the published JoinMarket rule's reading).
func (s *stats) distinctInputs(knownOnly bool) int {
	seen := make(map[string]struct{}, s.nin)
	n := 0
	for i, in := range s.tx.TxIn {
		p := s.prevout(i)
		if knownOnly {
			if p == nil {
				return -1
			}
		}
		id, ok := inputIdentity(in, p)
		if !ok {
			n++
			continue
		}
		if _, dup := seen[string(id)]; !dup {
			seen[string(id)] = struct{}{}
			n++
		}
	}
	return n
}
