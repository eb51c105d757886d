package coinjoin

import (
	"bytes"
	"encoding/hex"
	"slices"
)

// Thresholds of the rules. Each is the published value unless its comment says it is a
// deviation; the package documentation gives the reason and the data behind each one.
const (
	// Wasabi 1 (Dumplings): at least 10 equal outputs within 0.1 BTC ± 0.02 BTC.
	wasabi1MinEqual    = 10
	wasabi1Denom       = 10_000_000
	wasabi1Tolerance   = 2_000_000
	wasabi1MinDistinct = 2
	// Deviation: the 0.05 BTC rounds of 2018, ± 0.01 BTC.
	wasabi1HalfDenom     = 5_000_000
	wasabi1HalfTolerance = 1_000_000
	// Deviation: with the coordinator's fee output, at least 2 equal outputs suffice.
	wasabi1CoordMinEqual = 2

	// Wasabi 2 (Dumplings): at least 50 inputs, more than 80 % of the outputs at a
	// standard denomination, denominations in [5,000 sat, 2^42 sat].
	wasabi2MinInputs = 50
	wasabi2MinDenom  = 5_000
	wasabi2MaxDenom  = 1 << 42
	// Deviation: small rounds from 20 inputs.
	wasabi2SmallMinInputs = 20
	// Deviation (guard): some standard denomination shared by at least 2 outputs.
	wasabi2MinEqual = 2

	// Whirlpool (Dumplings): 5 to 10 inputs, as many outputs, all one pool size.
	whirlpoolMinInputs = 5
	whirlpoolMaxInputs = 10
	// Deviation: Ashigaru's pool.
	ashigaruPool = 2_500_000

	// JoinMarket (BlockSci): at least 2 inputs and 3 outputs.
	joinMarketMinInputs  = 2
	joinMarketMinOutputs = 3
)

// whirlpoolPools are Samourai's published pool sizes in satoshi.
var whirlpoolPools = []int64{100_000, 1_000_000, 5_000_000, 50_000_000}

// tx0Fees are the coordinator fees a Whirlpool Tx0 pays for each pool (the 0.05 BTC
// pool's fee was 250,000 sat before it was 175,000; both occur in the data).
var tx0Fees = map[int64][]int64{
	100_000:    {5_000},
	1_000_000:  {50_000},
	5_000_000:  {175_000, 250_000},
	50_000_000: {1_750_000},
}

// joinMarketExcluded are output values BlockSci's rule never treats as a CoinJoin
// denomination (dust of common protocols).
var joinMarketExcluded = []int64{546, 2_730}

// wasabi1CoordinatorScript is the P2WPKH script of the zkSNACKs Wasabi 1 coordinator
// fee address bc1qs604c7jv6amk4cxqlnvuxv26hv3e48cds4m0ew, paid by every 2018 round in
// the shared data.
var wasabi1CoordinatorScript = mustHex("0014869f5c7a4cd7776ae0c0fcd9c3315abb239a9f0d")

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// standardDenoms are Wasabi 2's standard denominations: 2^n, 3^n, 2·3^n, 10^n, 2·10^n
// and 5·10^n within [wasabi2MinDenom, wasabi2MaxDenom], sorted and unique.
var standardDenoms = func() []int64 {
	var d []int64
	add := func(v int64) {
		if v >= wasabi2MinDenom && v <= wasabi2MaxDenom {
			d = append(d, v)
		}
	}
	for v := int64(1); v <= wasabi2MaxDenom; v *= 2 {
		add(v)
	}
	for v := int64(1); v <= wasabi2MaxDenom; v *= 3 {
		add(v)
		add(2 * v)
	}
	for v := int64(1); v <= wasabi2MaxDenom; v *= 10 {
		add(v)
		add(2 * v)
		add(5 * v)
	}
	slices.Sort(d)
	return slices.Compact(d)
}()

func isStandardDenom(v int64) bool {
	_, ok := slices.BinarySearch(standardDenoms, v)
	return ok
}

// rule is one entry of Detect's ordered rule list.
type rule struct {
	kind  Kind
	match func(*stats) (Evidence, Rule, bool)
}

// rules are tried in order; the first that matches names the kind. Whirlpool comes
// first (its shape is the most specific), Wasabi 2 before Wasabi 1 (Dumplings' Wasabi 1
// rule also fires on Wasabi 2 rounds), JoinMarket last (its rule is the most general).
var rules = []rule{
	{KindWhirlpool, matchWhirlpool},
	{KindWhirlpoolTx0, matchTx0},
	{KindWasabi2, matchWasabi2},
	{KindWasabi1, matchWasabi1},
	{KindJoinMarket, matchJoinMarket},
}

// singleValue returns the value of every output when all outputs share one value.
func (s *stats) singleValue() (int64, bool) {
	if len(s.groups) != 1 {
		return 0, false
	}
	return s.groups[0].value, true
}

func matchWhirlpool(s *stats) (Evidence, Rule, bool) {
	if s.nin < whirlpoolMinInputs || s.nin > whirlpoolMaxInputs || s.nout != s.nin {
		return Evidence{}, "", false
	}
	v, ok := s.singleValue()
	if !ok {
		return Evidence{}, "", false
	}
	ev := Evidence{Participants: s.nin, Denomination: v, EqualOutputs: s.nout}
	switch {
	case slices.Contains(whirlpoolPools, v):
		return ev, RuleWhirlpool, true
	case v == ashigaruPool:
		return ev, RuleWhirlpoolAshigaru, true
	}
	return Evidence{}, "", false
}

// Tx0 premix window: a premix output carries the pool size plus the miner fee of the
// mix, at most pool/100 + 10,000 sat above it.
func premixMax(pool int64) int64 { return pool + pool/100 + 10_000 }

// Tx0 OP_RETURN payload sizes (the coordinator's fee payload, 64 bytes; 80 bytes in
// later clients).
var tx0PayloadSizes = []int{64, 80}

func matchTx0(s *stats) (Evidence, Rule, bool) {
	nullData := -1
	for i, out := range s.tx.TxOut {
		if s.outTypes[i] == typeNullData {
			if nullData >= 0 {
				return Evidence{}, "", false
			}
			nullData = i
			if !slices.Contains(tx0PayloadSizes, nullDataLen(out.PkScript)) {
				return Evidence{}, "", false
			}
		}
	}
	if nullData < 0 {
		return Evidence{}, "", false
	}
	for _, pool := range whirlpoolPools {
		fee := int64(0)
		for _, f := range tx0Fees[pool] {
			if s.count(f) > 0 {
				fee = f
				break
			}
		}
		if fee == 0 {
			continue
		}
		v, n := s.mostInWindow(pool+1, premixMax(pool))
		if n == 0 {
			continue
		}
		allP2WPKH := true
		for i, out := range s.tx.TxOut {
			if out.Value == v && s.outTypes[i] != typeP2WPKH {
				allP2WPKH = false
			}
		}
		if !allP2WPKH {
			continue
		}
		return Evidence{Participants: 1, Denomination: pool, EqualOutputs: n, CoordinatorFee: fee}, RuleWhirlpoolTx0, true
	}
	return Evidence{}, "", false
}

// wasabi2Standard returns the number of standard-denomination outputs and the most
// frequent standard denomination with its count.
func (s *stats) wasabi2Standard() (std int, denom int64, n int) {
	for _, g := range s.groups {
		if isStandardDenom(g.value) {
			std += g.count
			if g.count > n {
				denom, n = g.value, g.count
			}
		}
	}
	return std, denom, n
}

func matchWasabi2(s *stats) (Evidence, Rule, bool) {
	if s.nin < wasabi2SmallMinInputs || !s.allIn(scriptType.wasabi2Input) {
		return Evidence{}, "", false
	}
	std, denom, n := s.wasabi2Standard()
	if std*5 <= s.nout*4 || n < wasabi2MinEqual {
		return Evidence{}, "", false
	}
	ev := Evidence{Denomination: denom, EqualOutputs: n, StandardOutputs: std}
	if s.nin >= wasabi2MinInputs {
		return ev, RuleWasabi2, true
	}
	if s.allOut(func(t scriptType) bool { return t == typeP2WPKH || t == typeP2TR }) {
		return ev, RuleWasabi2Small, true
	}
	return Evidence{}, "", false
}

func matchWasabi1(s *stats) (Evidence, Rule, bool) {
	if !s.allIn(scriptType.segwitV0) || !s.allOut(scriptType.segwitV0) || len(s.groups) < wasabi1MinDistinct {
		return Evidence{}, "", false
	}
	coordFee := int64(0)
	for _, out := range s.tx.TxOut {
		if bytes.Equal(out.PkScript, wasabi1CoordinatorScript) {
			coordFee += out.Value
		}
	}
	try := func(denom, tol int64, minEqual int) (Evidence, bool) {
		v, n := s.mostInWindow(denom-tol, denom+tol)
		if n < minEqual || s.nin < n {
			return Evidence{}, false
		}
		return Evidence{Participants: n, Denomination: v, EqualOutputs: n, CoordinatorFee: coordFee}, true
	}
	if ev, ok := try(wasabi1Denom, wasabi1Tolerance, wasabi1MinEqual); ok {
		return ev, RuleWasabi1, true
	}
	if ev, ok := try(wasabi1HalfDenom, wasabi1HalfTolerance, wasabi1MinEqual); ok {
		return ev, RuleWasabi1Half, true
	}
	if coordFee > 0 {
		if ev, ok := try(wasabi1Denom, wasabi1Tolerance, wasabi1CoordMinEqual); ok {
			return ev, RuleWasabi1Coordinator, true
		}
		if ev, ok := try(wasabi1HalfDenom, wasabi1HalfTolerance, wasabi1CoordMinEqual); ok {
			return ev, RuleWasabi1Coordinator, true
		}
	}
	return Evidence{}, "", false
}

// joinMarketDenom returns BlockSci's participant count and, when the most frequent
// output value occurs exactly that many times and is not excluded dust, that value.
func (s *stats) joinMarketDenom() (p int, v int64, ok bool) {
	if s.nin < joinMarketMinInputs || s.nout < joinMarketMinOutputs {
		return 0, 0, false
	}
	p = (s.nout + 1) / 2
	if s.maxCount != p {
		return p, 0, false
	}
	for _, g := range s.groups {
		if g.count == p && !slices.Contains(joinMarketExcluded, g.value) {
			return p, g.value, true
		}
	}
	return p, 0, false
}

func matchJoinMarket(s *stats) (Evidence, Rule, bool) {
	p, v, ok := s.joinMarketDenom()
	if !ok || p > s.nin {
		return Evidence{}, "", false
	}
	for _, out := range s.tx.TxOut {
		if isOmni(out.PkScript) {
			return Evidence{}, "", false
		}
	}
	for _, in := range s.tx.TxIn {
		if multisigInput(in) {
			return Evidence{}, "", false
		}
	}
	d := s.distinctInputs(false)
	if p > d {
		return Evidence{}, "", false
	}
	return Evidence{Participants: p, Denomination: v, EqualOutputs: p, DistinctInputs: d}, RuleJoinMarket, true
}

// published evaluates the four published rules unmodified.
func (s *stats) published() []PublishedRule {
	var out []PublishedRule
	if s.publishedWasabi1() {
		out = append(out, PublishedWasabi1)
	}
	if s.publishedWhirlpool() {
		out = append(out, PublishedWhirlpool)
	}
	if s.publishedWasabi2() {
		out = append(out, PublishedWasabi2)
	}
	if s.publishedJoinMarket() {
		out = append(out, PublishedJoinMarket)
	}
	return out
}

// publishedWasabi1: all inputs and outputs native segwit (v0 or v1), some value with
// at least 10 equal outputs within 0.1 ± 0.02 BTC, at least that many inputs, at least
// 2 distinct output values.
func (s *stats) publishedWasabi1() bool {
	if !s.allIn(scriptType.nativeSegwit) || !s.allOut(scriptType.nativeSegwit) || len(s.groups) < wasabi1MinDistinct {
		return false
	}
	_, n := s.mostInWindow(wasabi1Denom-wasabi1Tolerance, wasabi1Denom+wasabi1Tolerance)
	return n >= wasabi1MinEqual && s.nin >= n
}

// publishedWhirlpool: 5 to 10 inputs, as many outputs, every output one pool size.
func (s *stats) publishedWhirlpool() bool {
	if s.nin < whirlpoolMinInputs || s.nin > whirlpoolMaxInputs || s.nout != s.nin {
		return false
	}
	for _, out := range s.tx.TxOut {
		if !slices.Contains(whirlpoolPools, out.Value) {
			return false
		}
	}
	return true
}

// publishedWasabi2: at least 50 inputs, all P2WPKH or P2TR, more than 80 % of the
// outputs at a standard denomination.
func (s *stats) publishedWasabi2() bool {
	if s.nin < wasabi2MinInputs || !s.allIn(scriptType.wasabi2Input) {
		return false
	}
	std, _, _ := s.wasabi2Standard()
	return std*5 > s.nout*4
}

// publishedJoinMarket: BlockSci's rule; distinct input addresses are compared only
// when every prevout is known, else the input count is.
func (s *stats) publishedJoinMarket() bool {
	p, _, ok := s.joinMarketDenom()
	if !ok || p > s.nin {
		return false
	}
	if d := s.distinctInputs(true); d >= 0 && p > d {
		return false
	}
	return true
}
