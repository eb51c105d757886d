package coinjoin

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/chaincfg"
	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"
)

// Synthetic transactions built with wire.NewMsgTx, each just inside or just outside
// one threshold of one rule. Keys and hashes are distinct filler bytes: the rules read
// shapes and values, never signatures.

func filler(n int, seed int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(seed*31 + i + 1)
	}
	b[0] = byte(seed) // distinct for seeds < 256
	return b
}

func pubkey(seed int) []byte {
	k := filler(33, seed)
	k[0] = 2
	k[1] = byte(seed)
	k[2] = byte(seed >> 8)
	return k
}

func txIn(seed int) *wire.TxIn {
	op := wire.NewOutPoint(&chainhash.Hash{byte(seed), byte(seed >> 8), 1}, uint32(seed))
	return wire.NewTxIn(op, nil, nil)
}

func p2wpkhIn(seed int) *wire.TxIn {
	in := txIn(seed)
	in.Witness = wire.TxWitness{filler(71, seed), pubkey(seed)}
	return in
}

func p2trIn(seed int) *wire.TxIn {
	in := txIn(seed)
	in.Witness = wire.TxWitness{filler(64, seed)}
	return in
}

func p2pkhIn(seed int) *wire.TxIn {
	in := txIn(seed)
	b := txscript.NewScriptBuilder().AddData(filler(71, seed)).AddData(pubkey(seed))
	in.SignatureScript, _ = b.Script()
	return in
}

// p2shP2wpkhIn is a wrapped-segwit input: not native segwit.
func p2shP2wpkhIn(seed int) *wire.TxIn {
	in := txIn(seed)
	in.SignatureScript, _ = txscript.NewScriptBuilder().AddData(append([]byte{0, 20}, filler(20, seed)...)).Script()
	in.Witness = wire.TxWitness{filler(71, seed), pubkey(seed)}
	return in
}

func multisigP2wshIn(seed int) *wire.TxIn {
	in := txIn(seed)
	ms, _ := txscript.NewScriptBuilder().AddOp(txscript.OP_2).AddData(pubkey(seed)).AddData(pubkey(seed + 1)).
		AddData(pubkey(seed + 2)).AddOp(txscript.OP_3).AddOp(txscript.OP_CHECKMULTISIG).Script()
	in.Witness = wire.TxWitness{nil, filler(71, seed), filler(71, seed+1), ms}
	return in
}

func p2wpkhOut(v int64, seed int) *wire.TxOut {
	return wire.NewTxOut(v, append([]byte{0, 20}, filler(20, seed+1000)...))
}

func p2trOut(v int64, seed int) *wire.TxOut {
	return wire.NewTxOut(v, append([]byte{0x51, 32}, filler(32, seed+1000)...))
}

func p2pkhOut(v int64, seed int) *wire.TxOut {
	pk := append([]byte{txscript.OP_DUP, txscript.OP_HASH160, 20}, filler(20, seed+1000)...)
	return wire.NewTxOut(v, append(pk, txscript.OP_EQUALVERIFY, txscript.OP_CHECKSIG))
}

func opReturnOut(payload []byte) *wire.TxOut {
	pk, _ := txscript.NullDataScript(payload)
	return wire.NewTxOut(0, pk)
}

// build makes a transaction from inputs and outputs.
func build(ins []*wire.TxIn, outs []*wire.TxOut) *wire.MsgTx {
	tx := wire.NewMsgTx(2)
	for _, in := range ins {
		tx.AddTxIn(in)
	}
	for _, out := range outs {
		tx.AddTxOut(out)
	}
	return tx
}

func ins(n int, f func(int) *wire.TxIn) []*wire.TxIn {
	var r []*wire.TxIn
	for i := range n {
		r = append(r, f(i))
	}
	return r
}

func equalOuts(n int, v int64, f func(int64, int) *wire.TxOut, seed int) []*wire.TxOut {
	var r []*wire.TxOut
	for i := range n {
		r = append(r, f(v, seed+i))
	}
	return r
}

// distinctOuts are n outputs of distinct values from base upward (base+1, base+2 ...),
// each occurring once.
func distinctOuts(n int, base int64, f func(int64, int) *wire.TxOut, seed int) []*wire.TxOut {
	var r []*wire.TxOut
	for i := range n {
		r = append(r, f(base+int64(i)+1, seed+i))
	}
	return r
}

func cat(parts ...[]*wire.TxOut) []*wire.TxOut { return slices.Concat(parts...) }

type synthCase struct {
	name     string
	tx       *wire.MsgTx
	prevouts Prevouts
	kind     Kind
	rule     Rule
	pub      PublishedRule // a published rule that must fire ("" : checked via noPub)
	noPub    PublishedRule // a published rule that must not fire
}

func runSynth(t *testing.T, cases []synthCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := Detect(c.tx, c.prevouts)
			if err != nil {
				t.Fatal(err)
			}
			if res.Kind != c.kind || res.Rule != c.rule {
				t.Errorf("got %q/%q (%s), want %q/%q", res.Kind, res.Rule, res, c.kind, c.rule)
			}
			if c.pub != "" && !slices.Contains(res.Published, c.pub) {
				t.Errorf("published %v, want %s among them", res.Published, c.pub)
			}
			if c.noPub != "" && slices.Contains(res.Published, c.noPub) {
				t.Errorf("published %v, want no %s", res.Published, c.noPub)
			}
		})
	}
}

func TestSyntheticWhirlpool(t *testing.T) {
	mix := func(n int, v int64) *wire.MsgTx { return build(ins(n, p2wpkhIn), equalOuts(n, v, p2wpkhOut, 0)) }
	uneven := build(ins(5, p2wpkhIn), equalOuts(6, 5_000_000, p2wpkhOut, 0))
	mixed := build(ins(5, p2wpkhIn), cat(equalOuts(4, 1_000_000, p2wpkhOut, 0), equalOuts(1, 1_000_001, p2wpkhOut, 9)))
	runSynth(t, []synthCase{
		{name: "5 inputs (min)", tx: mix(5, 1_000_000), kind: KindWhirlpool, rule: RuleWhirlpool, pub: PublishedWhirlpool},
		{name: "10 inputs (max)", tx: mix(10, 50_000_000), kind: KindWhirlpool, rule: RuleWhirlpool, pub: PublishedWhirlpool},
		{name: "4 inputs", tx: mix(4, 1_000_000), noPub: PublishedWhirlpool},
		{name: "11 inputs", tx: mix(11, 100_000), noPub: PublishedWhirlpool},
		{name: "outputs != inputs", tx: uneven, noPub: PublishedWhirlpool},
		{name: "not a pool size", tx: mix(5, 5_000_001), noPub: PublishedWhirlpool},
		{name: "one output off", tx: mixed, noPub: PublishedWhirlpool},
		{name: "ashigaru 2.5M pool", tx: mix(5, 2_500_000), kind: KindWhirlpool, rule: RuleWhirlpoolAshigaru, noPub: PublishedWhirlpool},
	})
}

func TestSyntheticTx0(t *testing.T) {
	const pool = 1_000_000
	tx0 := func(payload int, fee int64, premix int64, n int) *wire.MsgTx {
		outs := cat([]*wire.TxOut{opReturnOut(filler(payload, 7))}, []*wire.TxOut{p2wpkhOut(fee, 90)},
			[]*wire.TxOut{p2wpkhOut(123_456, 91)}, equalOuts(n, premix, p2wpkhOut, 0))
		return build(ins(1, p2wpkhIn), outs)
	}
	twoReturns := tx0(64, 50_000, pool+5_000, 3)
	twoReturns.AddTxOut(opReturnOut(filler(64, 8)))
	p2trPremix := build(ins(1, p2wpkhIn), cat([]*wire.TxOut{opReturnOut(filler(64, 7)), p2wpkhOut(50_000, 90)}, equalOuts(3, pool+5_000, p2trOut, 0)))
	runSynth(t, []synthCase{
		{name: "premix pool+1", tx: tx0(64, 50_000, pool+1, 3), kind: KindWhirlpoolTx0, rule: RuleWhirlpoolTx0},
		{name: "premix at window top (pool + 1% + 10,000)", tx: tx0(80, 50_000, 1_020_000, 1), kind: KindWhirlpoolTx0, rule: RuleWhirlpoolTx0},
		{name: "premix equal to pool", tx: tx0(64, 50_000, pool, 3)},
		{name: "premix above window", tx: tx0(64, 50_000, 1_020_001, 3)},
		{name: "63-byte OP_RETURN", tx: tx0(63, 50_000, pool+5_000, 3)},
		{name: "no pool fee output", tx: tx0(64, 49_999, pool+5_000, 3)},
		{name: "two OP_RETURNs", tx: twoReturns},
		{name: "premix not P2WPKH", tx: p2trPremix},
		{name: "old 0.05 fee", tx: func() *wire.MsgTx {
			return build(ins(1, p2wpkhIn), cat([]*wire.TxOut{opReturnOut(filler(64, 7)), p2wpkhOut(250_000, 90)}, equalOuts(4, 5_010_000, p2wpkhOut, 0)))
		}(), kind: KindWhirlpoolTx0, rule: RuleWhirlpoolTx0},
	})
}

// wasabi2Round has n inputs (alternately P2WPKH and P2TR) and outputs: std standard-
// denomination outputs (pairs of equal values) and odd outputs of non-standard value.
func wasabi2Round(n, std, odd int, oddOut func(int64, int) *wire.TxOut) *wire.MsgTx {
	in := func(i int) *wire.TxIn {
		if i%2 == 0 {
			return p2wpkhIn(i)
		}
		return p2trIn(i)
	}
	var outs []*wire.TxOut
	for i := range std {
		outs = append(outs, p2trOut(standardDenoms[10+i/2], i))
	}
	outs = append(outs, distinctOuts(odd, 7_777_000, oddOut, 500)...)
	return build(ins(n, in), outs)
}

func TestSyntheticWasabi2(t *testing.T) {
	// 8 standard of 10 is exactly 80 % (not more); 9 of 10 is 90 %; 41 of 50 is 82 %.
	withLegacyInput := wasabi2Round(50, 9, 1, p2wpkhOut)
	withLegacyInput.TxIn[3] = p2shP2wpkhIn(3)
	allDistinct := build(ins(50, p2wpkhIn), []*wire.TxOut{p2wpkhOut(5_000, 1), p2wpkhOut(10_000, 2), p2wpkhOut(20_000, 3)})
	below := build(ins(50, p2wpkhIn), cat(equalOuts(9, 4_999, p2wpkhOut, 0), distinctOuts(1, 9_000_000, p2wpkhOut, 50)))
	runSynth(t, []synthCase{
		{name: "50 inputs 90%", tx: wasabi2Round(50, 9, 1, p2pkhOut), kind: KindWasabi2, rule: RuleWasabi2, pub: PublishedWasabi2},
		{name: "50 inputs 82%", tx: wasabi2Round(50, 41, 9, p2wpkhOut), kind: KindWasabi2, rule: RuleWasabi2, pub: PublishedWasabi2},
		{name: "50 inputs exactly 80%", tx: wasabi2Round(50, 8, 2, p2wpkhOut), noPub: PublishedWasabi2},
		{name: "49 inputs, P2PKH output", tx: wasabi2Round(49, 9, 1, p2pkhOut), noPub: PublishedWasabi2},
		{name: "20 inputs small round", tx: wasabi2Round(20, 9, 1, p2wpkhOut), kind: KindWasabi2, rule: RuleWasabi2Small, noPub: PublishedWasabi2},
		{name: "19 inputs", tx: wasabi2Round(19, 9, 1, p2wpkhOut), noPub: PublishedWasabi2},
		{name: "wrapped segwit input", tx: withLegacyInput, noPub: PublishedWasabi2},
		{name: "no equal standard outputs", tx: allDistinct, pub: PublishedWasabi2},
		{name: "denomination below 5000 sat", tx: below, noPub: PublishedWasabi2},
	})
}

func TestSyntheticWasabi1(t *testing.T) {
	round := func(nin, equal int, v int64) *wire.MsgTx {
		return build(ins(nin, p2wpkhIn), cat(equalOuts(equal, v, p2wpkhOut, 0), distinctOuts(3, 30_000_000, p2wpkhOut, 100)))
	}
	withP2TR := round(12, 10, 10_000_000)
	withP2TR.TxOut[11] = p2trOut(30_000_002, 111)
	withLegacy := round(12, 10, 10_000_000)
	withLegacy.TxIn[0] = p2pkhIn(0)
	oneValue := build(ins(12, p2wpkhIn), equalOuts(10, 10_000_000, p2wpkhOut, 0))
	coord := func(equal int, v int64) *wire.MsgTx {
		tx := round(8, equal, v)
		tx.AddTxOut(wire.NewTxOut(200_000, wasabi1CoordinatorScript))
		return tx
	}
	runSynth(t, []synthCase{
		{name: "10 equal at 0.1", tx: round(10, 10, 10_000_000), kind: KindWasabi1, rule: RuleWasabi1, pub: PublishedWasabi1},
		{name: "9 equal at 0.1", tx: round(10, 9, 10_000_000), noPub: PublishedWasabi1},
		{name: "inputs fewer than equal outputs", tx: round(9, 10, 10_000_000), noPub: PublishedWasabi1},
		{name: "0.08 BTC (window bottom)", tx: round(10, 10, 8_000_000), kind: KindWasabi1, rule: RuleWasabi1, pub: PublishedWasabi1},
		{name: "0.12 BTC (window top)", tx: round(10, 10, 12_000_000), kind: KindWasabi1, rule: RuleWasabi1, pub: PublishedWasabi1},
		{name: "just above 0.12 BTC", tx: round(10, 10, 12_000_001), noPub: PublishedWasabi1},
		{name: "just below 0.08 BTC", tx: round(10, 10, 7_999_999), noPub: PublishedWasabi1},
		{name: "one output value", tx: oneValue, noPub: PublishedWasabi1},
		{name: "taproot output", tx: withP2TR, pub: PublishedWasabi1},
		{name: "legacy input", tx: withLegacy, noPub: PublishedWasabi1},
		{name: "0.05 BTC round", tx: round(10, 10, 5_000_000), kind: KindWasabi1, rule: RuleWasabi1Half, noPub: PublishedWasabi1},
		{name: "0.04 BTC (half window bottom)", tx: round(10, 10, 4_000_000), kind: KindWasabi1, rule: RuleWasabi1Half},
		{name: "just below 0.04 BTC", tx: round(10, 10, 3_999_999)},
		{name: "coordinator, 2 equal", tx: coord(2, 10_999_000), kind: KindWasabi1, rule: RuleWasabi1Coordinator},
		{name: "coordinator, 2 equal at 0.05", tx: coord(2, 5_004_000), kind: KindWasabi1, rule: RuleWasabi1Coordinator},
		{name: "coordinator, no equal", tx: coord(1, 10_999_000)},
	})
}

func TestSyntheticJoinMarket(t *testing.T) {
	// 3 inputs, 5 outputs: participants (5+1)/2 = 3, so 3 equal outputs are needed.
	jm := func(nin, equal, odd int, v int64) *wire.MsgTx {
		return build(ins(nin, p2pkhIn), cat(equalOuts(equal, v, p2pkhOut, 0), distinctOuts(odd, 40_000_000, p2pkhOut, 100)))
	}
	sameKey := jm(3, 3, 2, 1_234_567)
	for _, in := range sameKey.TxIn[1:] {
		in.SignatureScript = sameKey.TxIn[0].SignatureScript
	}
	omni := jm(3, 3, 1, 600)
	omni.AddTxOut(opReturnOut(append([]byte("omni"), filler(16, 3)...)))
	multisig := jm(3, 3, 2, 1_234_567)
	multisig.TxIn[1] = multisigP2wshIn(1)
	prevSame := Prevouts{p2pkhOut(1, 1), p2pkhOut(2, 1), p2pkhOut(3, 1)}
	prevDistinct := Prevouts{p2pkhOut(1, 1), p2pkhOut(2, 2), p2pkhOut(3, 3)}
	runSynth(t, []synthCase{
		{name: "3 of 5 equal", tx: jm(3, 3, 2, 1_234_567), kind: KindJoinMarket, rule: RuleJoinMarket, pub: PublishedJoinMarket},
		{name: "minimum 2 in 3 out", tx: jm(2, 2, 1, 1_234_567), kind: KindJoinMarket, rule: RuleJoinMarket, pub: PublishedJoinMarket},
		{name: "1 input", tx: jm(1, 2, 1, 1_234_567), noPub: PublishedJoinMarket},
		{name: "2 outputs", tx: jm(2, 2, 0, 1_234_567), noPub: PublishedJoinMarket},
		{name: "participants above inputs", tx: jm(2, 3, 2, 1_234_567), noPub: PublishedJoinMarket},
		{name: "2 of 5 equal", tx: jm(3, 2, 3, 1_234_567), noPub: PublishedJoinMarket},
		{name: "4 of 6 equal", tx: jm(4, 4, 2, 1_234_567), noPub: PublishedJoinMarket},
		{name: "546 dust", tx: jm(3, 3, 2, 546), noPub: PublishedJoinMarket},
		{name: "2730 dust", tx: jm(3, 3, 2, 2_730), noPub: PublishedJoinMarket},
		{name: "547 sat", tx: jm(3, 3, 2, 547), kind: KindJoinMarket, rule: RuleJoinMarket, pub: PublishedJoinMarket},
		{name: "one spender's key", tx: sameKey, pub: PublishedJoinMarket},
		{name: "prevouts one address", tx: jm(3, 3, 2, 1_234_567), prevouts: prevSame, noPub: PublishedJoinMarket},
		{name: "prevouts distinct", tx: jm(3, 3, 2, 1_234_567), prevouts: prevDistinct, kind: KindJoinMarket, rule: RuleJoinMarket, pub: PublishedJoinMarket},
		{name: "omni send", tx: omni, pub: PublishedJoinMarket},
		{name: "multisig input", tx: multisig, pub: PublishedJoinMarket},
	})
}

func TestDetectErrors(t *testing.T) {
	if _, err := Detect(nil, nil); !errors.Is(err, ErrNilTx) {
		t.Errorf("nil tx: %v", err)
	}
	tx := build(ins(2, p2wpkhIn), equalOuts(2, 1000, p2wpkhOut, 0))
	if _, err := Detect(tx, Prevouts{nil}); !errors.Is(err, ErrPrevouts) {
		t.Errorf("short prevouts: %v", err)
	}
	res, err := Detect(wire.NewMsgTx(2), nil)
	if err != nil || res.IsCoinJoin() || res.String() != "no coinjoin" {
		t.Errorf("empty tx: %v %v", res, err)
	}
	// A witness-stripped input is native segwit of unknown type and is reported.
	stripped := build(ins(5, txIn), equalOuts(5, 1_000_000, p2wpkhOut, 0))
	res, err = Detect(stripped, nil)
	if err != nil || res.Kind != KindWhirlpool || res.Evidence.UnknownInputs != 5 {
		t.Errorf("stripped: %+v %v", res, err)
	}
	if !bytes.Contains([]byte(res.String()), []byte("5 inputs of unknown type")) {
		t.Errorf("String: %s", res)
	}
}

// TestCoordinatorScript checks that the Wasabi 1 coordinator script is the P2WPKH
// script of the address doc.go names.
func TestCoordinatorScript(t *testing.T) {
	addr, err := btcutil.DecodeAddress("bc1qs604c7jv6amk4cxqlnvuxv26hv3e48cds4m0ew", &chaincfg.MainNetParams)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := txscript.PayToAddrScript(addr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(pk, wasabi1CoordinatorScript) {
		t.Errorf("script %x, want %x", pk, wasabi1CoordinatorScript)
	}
}

// TestResultJSON: the result marshals with its kind, rule and evidence, for the CLI and
// the server.
func TestResultJSON(t *testing.T) {
	res, err := Detect(build(ins(5, p2wpkhIn), equalOuts(5, 1_000_000, p2wpkhOut, 0)), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"kind":"whirlpool","rule":"whirlpool","evidence":{"inputs":5,"outputs":5,"participants":5,"denomination_sat":1000000,"equal_outputs":5},"published_rules":["b_dumplings_whirlpool_mix"]}`
	if string(b) != want {
		t.Errorf("json %s\nwant %s", b, want)
	}
}
