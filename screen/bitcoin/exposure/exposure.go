package exposure

import (
	"errors"
	"fmt"
	"log/slog"
	"math/big"

	"github.com/btcsuite/btcd/chaincfg"
	"github.com/btcsuite/btcd/wire"

	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/bitcoin"
)

// Errors of Exposure, wrapped with detail; test with errors.Is. Errors of the source
// (bitcoin.ErrNotFound for the screened transaction, bitcoin.ErrUnavailable, ...) are
// returned wrapped as they are.
var (
	// ErrBadOutpoint: the outpoint names an output its transaction does not have.
	ErrBadOutpoint = errors.New("exposure: bad outpoint")
	// ErrAncestorMissing: the source does not know an ancestor transaction (a node
	// without a transaction index, a pruned node): the ancestry cannot be walked. It
	// is reported together with bitcoin.ErrNotFound.
	ErrAncestorMissing = errors.New("exposure: ancestor transaction not available from the source")
	// ErrInvalidOption: an option is out of range (a depth or budget under 1, a
	// minimum share outside [0, 1], a negative dust threshold, an unknown rule).
	ErrInvalidOption = errors.New("exposure: invalid option")
)

// Rule is an attribution rule.
type Rule string

// The attribution rules.
const (
	// Haircut: each input carries a share of the value proportional to its amount;
	// shares multiply along the path.
	Haircut Rule = "haircut"
	// Poison: any listed ancestor within the depth taints the output fully.
	Poison Rule = "poison"
)

// StopRule names what cut a branch of the search.
type StopRule string

// The stop rules.
const (
	// StopDepth: the branch goes on beyond the depth.
	StopDepth StopRule = "depth"
	// StopMinShare: the branch's share is under the minimum share (haircut).
	StopMinShare StopRule = "min_share"
	// StopBudget: the budget of transactions fetched was spent.
	StopBudget StopRule = "budget"
	// StopUnscreened: an ancestor input whose previous output pays no address (a
	// non-standard script): its owner is unknown. Its ancestry is still followed.
	StopUnscreened StopRule = "unscreened"
)

// Defaults.
const (
	DefaultDepth  = 3
	DefaultBudget = 2000
	// DefaultDust is the dust threshold in satoshis: outputs under it can be
	// unsolicited dust.
	DefaultDust = 10_000
)

// DefaultMinShare is the default minimum share (0.1%).
func DefaultMinShare() *big.Rat { return big.NewRat(1, 1000) }

// Thresholds give a source its severity: critical when its share is at least
// Critical or it is at most CriticalHops hops away, high when its share is at least
// High, medium otherwise.
type Thresholds struct {
	Critical     *big.Rat
	High         *big.Rat
	CriticalHops int
}

// DefaultThresholds: critical from 50% or at 1 hop, high from 10%.
func DefaultThresholds() Thresholds {
	return Thresholds{Critical: big.NewRat(1, 2), High: big.NewRat(1, 10), CriticalHops: 1}
}

// Severity is the severity of a source with the given share and hops.
func (t Thresholds) Severity(share *big.Rat, hops int) screen.Severity {
	switch {
	case t.Critical != nil && share.Cmp(t.Critical) >= 0, hops <= t.CriticalHops:
		return screen.SeverityCritical
	case t.High != nil && share.Cmp(t.High) >= 0:
		return screen.SeverityHigh
	}
	return screen.SeverityMedium
}

// CoinJoinDetector tells whether tx, whose inputs spend prevouts (one per input, in
// input order; coinbase inputs have an empty Prevout), is a CoinJoin, and of which
// kind ("wasabi2", "whirlpool", ...).
type CoinJoinDetector func(tx *wire.MsgTx, prevouts []bitcoin.Prevout) (kind string, ok bool)

// Option configures Exposure. A nil Option is ignored.
type Option func(*config)

type config struct {
	rule       Rule
	depth      int
	minShare   *big.Rat
	budget     int
	dust       int64
	thresholds Thresholds
	params     *chaincfg.Params
	workers    int
	coinjoin   CoinJoinDetector
	logger     *slog.Logger
}

// WithRule selects the attribution rule (default Haircut).
func WithRule(r Rule) Option { return func(c *config) { c.rule = r } }

// WithDepth bounds the hops searched (default 3, at least 1).
func WithDepth(n int) Option { return func(c *config) { c.depth = n } }

// WithMinShare sets the minimum share of a branch followed under Haircut (default
// 0.1%; 0 follows every branch).
func WithMinShare(r *big.Rat) Option {
	return func(c *config) {
		if r != nil {
			c.minShare = new(big.Rat).Set(r)
		}
	}
}

// WithBudget bounds the transactions fetched from the source (default 2,000,
// the screened transaction included).
func WithBudget(n int) Option { return func(c *config) { c.budget = n } }

// WithDust sets the dust threshold in satoshis (default 10,000; 0 disables the rule).
func WithDust(sat int64) Option { return func(c *config) { c.dust = sat } }

// WithThresholds sets the severity thresholds (default DefaultThresholds).
func WithThresholds(t Thresholds) Option { return func(c *config) { c.thresholds = t } }

// WithNetwork selects the network whose address encoding results show (default
// mainnet; see bitcoin.WithNetwork).
func WithNetwork(p *chaincfg.Params) Option {
	return func(c *config) {
		if p != nil {
			c.params = p
		}
	}
}

// WithConcurrency bounds the transactions fetched at once (default 8).
func WithConcurrency(n int) Option { return func(c *config) { c.workers = n } }

// WithCoinJoinDetector names CoinJoin transactions in the paths (Step.CoinJoin) with
// d instead of the default DetectCoinJoin (screen/bitcoin/coinjoin); nil names none.
func WithCoinJoinDetector(d CoinJoinDetector) Option { return func(c *config) { c.coinjoin = d } }

// WithLogger logs the walk's progress (debug level) to l.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) {
		if l != nil {
			c.logger = l
		}
	}
}

func options(opts []Option) (config, error) {
	c := config{rule: Haircut, depth: DefaultDepth, minShare: DefaultMinShare(), budget: DefaultBudget,
		dust: DefaultDust, thresholds: DefaultThresholds(), params: &chaincfg.MainNetParams, workers: 8, coinjoin: DetectCoinJoin,
		logger: slog.New(slog.DiscardHandler)}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	switch {
	case c.rule != Haircut && c.rule != Poison:
		return c, fmt.Errorf("%w: rule %q: want haircut or poison", ErrInvalidOption, c.rule)
	case c.depth < 1:
		return c, fmt.Errorf("%w: depth %d: want at least 1", ErrInvalidOption, c.depth)
	case c.budget < 1:
		return c, fmt.Errorf("%w: budget %d: want at least 1", ErrInvalidOption, c.budget)
	case c.minShare.Sign() < 0 || c.minShare.Cmp(big.NewRat(1, 1)) > 0:
		return c, fmt.Errorf("%w: minimum share %s: want 0 to 1", ErrInvalidOption, c.minShare.RatString())
	case c.dust < 0:
		return c, fmt.Errorf("%w: dust threshold %d: want 0 or more", ErrInvalidOption, c.dust)
	}
	if c.workers < 1 {
		c.workers = 1
	}
	return c, nil
}

// Result is the exposure of one output.
type Result struct {
	// Outpoint is the screened output ("txid:vout"), Value its value in satoshis and
	// Address the address it pays (empty when it pays none).
	Outpoint string `json:"outpoint"`
	Value    int64  `json:"value"`
	Address  string `json:"address,omitempty"`
	// Rule is the attribution rule.
	Rule Rule `json:"rule"`
	// Flags: INDIRECT_EXPOSURE, EXPOSURE_INCOMPLETE, LIST_STALE (in screen.Flags order).
	Flags []screen.Flag `json:"flags"`
	// Severity is the highest of the sources' severities and of the other flags'.
	Severity screen.Severity `json:"severity"`
	// Exposure is the share of the output's value attributable to listed sources
	// (haircut: the sum over listed inputs met; poison: 1 when any source is found).
	Exposure        *big.Rat `json:"exposure"`
	ExposurePercent float64  `json:"exposure_percent"`
	// Sources are the listed sources found, highest share first.
	Sources []Source `json:"sources"`
	// Dust are the unsolicited dust outputs from listed addresses that were not counted.
	Dust []Dust `json:"dust,omitempty"`
	// Cuts are the stop rules that cut the search (empty: the ancestry was searched
	// to its coinbases within the limits).
	Cuts []Cut `json:"cuts,omitempty"`
	// Limits are the limits the walk ran with.
	Limits Limits `json:"limits"`
	// Fetched is the number of transactions fetched from the source; Screened the
	// number of ancestor transactions whose inputs were screened.
	Fetched  int `json:"fetched"`
	Screened int `json:"screened"`
	// List and Lists are the provenance of the pinned lists.
	List  screen.ListInfo   `json:"list"`
	Lists []screen.ListInfo `json:"lists,omitempty"`
}

// Has reports whether the result carries flag f.
func (r Result) Has(f screen.Flag) bool {
	for _, g := range r.Flags {
		if g == f {
			return true
		}
	}
	return false
}

// Incomplete reports whether a stop rule cut the search.
func (r Result) Incomplete() bool { return len(r.Cuts) > 0 }

// Limits are the walk's configuration, as reported.
type Limits struct {
	Depth    int      `json:"depth"`
	MinShare *big.Rat `json:"min_share"`
	Budget   int      `json:"budget"`
	Dust     int64    `json:"dust"`
}

// Source is one listed address found in the ancestry.
type Source struct {
	// Address is the listed address (on the configured network) spent in the ancestry.
	Address string `json:"address"`
	// Hits are the list entries it matches (entity, list, listed value); TxID and
	// Index name the first ancestor input where it was met.
	Hits []screen.Hit `json:"hits"`
	// Hops is the least number of transactions between it and the output.
	Hops int `json:"hops"`
	// Share is its share of the output's value (poison: 1).
	Share        *big.Rat `json:"share"`
	SharePercent float64  `json:"share_percent"`
	// Severity follows the Thresholds.
	Severity screen.Severity `json:"severity"`
	// Path is one shortest path: the transaction that made the output first, the
	// transaction where the listed address spent last (len(Path) == Hops).
	Path []Step `json:"path"`
}

// Step is one transaction of a path.
type Step struct {
	TxID string `json:"txid"`
	// CoinJoin is the CoinJoin kind when a detector names the transaction one.
	CoinJoin string `json:"coinjoin,omitempty"`
}

// Dust is an unsolicited dust output from a listed address, not counted as exposure.
type Dust struct {
	// Outpoint is the dust output, Value its value.
	Outpoint string `json:"outpoint"`
	Value    int64  `json:"value"`
	// From are the listed addresses that spent into the transaction that made it.
	From []string `json:"from"`
	// SpentBy is the transaction that swept it along with its owner's coins (empty for
	// the screened output itself, which is unspent).
	SpentBy string `json:"spent_by,omitempty"`
	// Hops is the hops of the listed addresses through this output.
	Hops int `json:"hops"`
	// Share is the share of the output's value that reached it (not counted).
	Share        *big.Rat `json:"share"`
	SharePercent float64  `json:"share_percent"`
}

// Cut is one stop rule that cut the search.
type Cut struct {
	Rule StopRule `json:"rule"`
	// Branches is the number of branches (inputs or transactions) it cut.
	Branches int `json:"branches"`
	// Share is the haircut share of the output's value not followed because of it
	// (also under poison: how much value was not searched).
	Share        *big.Rat `json:"share"`
	SharePercent float64  `json:"share_percent"`
}

func percent(r *big.Rat) float64 {
	f, _ := new(big.Rat).Mul(r, big.NewRat(100, 1)).Float64()
	return f
}
