package bitcoin

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"hash"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/btcsuite/btcd/btcec/v2/schnorr"
	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/btcutil/bech32"
	"github.com/btcsuite/btcd/chaincfg"
	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"
	"golang.org/x/crypto/ripemd160" //nolint:staticcheck // Bitcoin's HASH160 needs RIPEMD-160.

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/bitcoin/coinjoin"
)

// Size limits for Bitcoin input. A transaction or block larger than a block can hold
// is rejected with screen.ErrTooLarge before it is decoded.
const (
	// MaxTxSize is the largest raw transaction accepted (the block size limit).
	MaxTxSize = wire.MaxBlockPayload
	// MaxBlockSize is the largest raw block accepted (4,000,000 bytes, the most a
	// block of weight 4M can serialise to).
	MaxBlockSize = wire.MaxBlockPayload
)

// Option configures Bitcoin transaction and block screening. A nil Option is ignored.
type Option func(*config)

type config struct {
	prevouts map[wire.OutPoint][]byte
	source   PrevoutSource
	params   *chaincfg.Params
	workers  int
}

// WithPrevouts gives the pkScripts of the outputs the transaction spends. With the
// previous output, an input is screened by the address its script pays (exact for
// every script type, taproot and P2PK included); without it, the address is derived
// from the scriptSig and witness where their shape allows, and the input is reported
// as unscreened otherwise.
func WithPrevouts(prevouts map[wire.OutPoint][]byte) Option {
	return func(c *config) { c.prevouts = prevouts }
}

// WithPrevoutSource asks src for the previous outputs that neither WithPrevouts nor the
// block itself give (one batched Prevouts call per transaction or block). Every input
// is then screened by the address its previous output pays. An outpoint src cannot
// return (Prevout.Err) is screened by what its scriptSig and witness show and reported
// UNSCREENED_INPUT with the reason; an error of src as a whole (a node that is down)
// is returned: nothing is reported clean.
func WithPrevoutSource(src PrevoutSource) Option {
	return func(c *config) { c.source = src }
}

// WithNetwork selects the network whose address encoding the hits show (default
// chaincfg.MainNetParams; TestNet3Params, SigNetParams, RegressionNetParams and
// SimNetParams are accepted). Lookups are by hash: a test-network address matches the
// mainnet address with the same hash, which is what the lists contain.
func WithNetwork(params *chaincfg.Params) Option {
	return func(c *config) {
		if params != nil {
			c.params = params
		}
	}
}

// WithWorkers bounds the number of goroutines ScreenBlock uses (default GOMAXPROCS;
// 1 screens the block sequentially).
func WithWorkers(n int) Option { return func(c *config) { c.workers = n } }

func options(opts []Option) config {
	c := config{params: &chaincfg.MainNetParams, workers: runtime.GOMAXPROCS(0)}
	if len(opts) > 0 {
		p := new(config) // on the heap only when there are options to apply
		*p = c
		for _, o := range opts {
			if o != nil {
				o(p)
			}
		}
		c = *p
	}
	if c.workers < 1 {
		c.workers = 1
	}
	return c
}

// ScreenTx decodes a raw transaction (wire format, with or without witness data) and
// screens the address of every output and every input against s (see ScreenMsgTx).
// Undecodable input, trailing bytes or a transaction over MaxTxSize is
// screen.ErrInvalidTx.
func ScreenTx(ctx context.Context, s *screen.Screener, raw []byte, opts ...Option) (screen.TxResult, error) {
	tx, err := DecodeTx(raw)
	if err != nil {
		return screen.TxResult{}, err
	}
	return screenOne(ctx, s, tx, raw, opts)
}

// DecodeTx decodes a raw transaction as ScreenTx does: wire format with or without
// witness, no trailing bytes, at most MaxTxSize (screen.ErrInvalidTx otherwise).
func DecodeTx(raw []byte) (*wire.MsgTx, error) {
	if len(raw) > MaxTxSize {
		return nil, fmt.Errorf("%w: %w: %d bytes, the limit is %d", screen.ErrInvalidTx, screen.ErrTooLarge, len(raw), MaxTxSize)
	}
	var tx wire.MsgTx
	r := bytes.NewReader(raw)
	if err := tx.Deserialize(r); err != nil {
		return nil, fmt.Errorf("%w: bitcoin: %v", screen.ErrInvalidTx, err)
	}
	if r.Len() != 0 {
		return nil, fmt.Errorf("%w: bitcoin: %d trailing bytes after the transaction", screen.ErrInvalidTx, r.Len())
	}
	return &tx, nil
}

// screenOne screens one decoded transaction; raw, when given, is its serialisation
// (the txid is then hashed from it instead of re-serialising the transaction).
func screenOne(ctx context.Context, s *screen.Screener, tx *wire.MsgTx, raw []byte, opts []Option) (screen.TxResult, error) {
	if err := ctx.Err(); err != nil {
		return screen.TxResult{}, err
	}
	if s == nil {
		return screen.TxResult{}, screen.ErrNoList
	}
	snap, err := s.Snapshot()
	if err != nil {
		return screen.TxResult{}, err
	}
	cfg := options(opts)
	w := newWorker(cfg.params)
	txid := tx.TxHash()
	if raw != nil {
		txid = w.txid(raw, tx)
	}
	fetched, err := fetchPrevouts(ctx, cfg, []wire.MsgTx{*tx}, nil)
	if err != nil {
		return screen.TxResult{}, err
	}
	return w.screenTx(snap, tx, txid, cfg.prevouts, nil, fetched), nil
}

// ScreenMsgTx screens a decoded transaction against s.
//
// Outputs: every address a pkScript pays is screened (P2PKH, P2SH, P2WPKH, P2WSH, P2TR,
// other witness versions; P2PK as its pubkey's P2PKH address; bare multisig as each
// key's P2PKH address). OP_RETURN and non-standard scripts pay no address: they are
// listed in Notes and are not flagged.
//
// Inputs: with the previous output (WithPrevouts, WithPrevoutSource), the addresses its
// script pays. Without it, the address is derived from the scriptSig and witness: P2PKH
// (signature and public key: HASH160 of the key, compressed or not), P2SH (the last push
// is the redeem script), P2SH-P2WPKH and P2SH-P2WSH (as their P2SH address), P2WPKH (the
// witness key), P2WSH (the witness script) and taproot script-path spends (the output
// key computed from the control block's internal key and the tapleaf merkle root).
// Where the shape admits two readings (a P2SH redeem script that looks like a public
// key, a witness script of 33 bytes, ...), every reading is looked up. Inputs whose
// address cannot be derived (P2PK and bare multisig spends, taproot key-path spends,
// coinbase, unknown shapes) are listed in Unscreened and raise UNSCREENED_INPUT.
func ScreenMsgTx(ctx context.Context, s *screen.Screener, tx *wire.MsgTx, opts ...Option) (screen.TxResult, error) {
	if tx == nil {
		return screen.TxResult{}, fmt.Errorf("%w: nil transaction", screen.ErrInvalidTx)
	}
	return screenOne(ctx, s, tx, nil, opts)
}

// ScreenBlock decodes a raw block (wire format: header, transaction count,
// transactions) and screens every transaction as ScreenMsgTx does. The previous
// outputs of inputs that spend an earlier transaction of the same block are taken
// from the block itself; others come from WithPrevouts and WithPrevoutSource when
// given. Transactions are screened in parallel by a bounded pool of workers
// (WithWorkers); results are in block order. Undecodable input, trailing bytes or a
// block over MaxBlockSize is screen.ErrInvalidBlock.
func ScreenBlock(ctx context.Context, s *screen.Screener, raw []byte, opts ...Option) (screen.BlockResult, error) {
	if len(raw) > MaxBlockSize {
		return screen.BlockResult{}, fmt.Errorf("%w: %w: %d bytes, the limit is %d", screen.ErrInvalidBlock, screen.ErrTooLarge, len(raw), MaxBlockSize)
	}
	if err := ctx.Err(); err != nil {
		return screen.BlockResult{}, err
	}
	blk, err := decodeBlock(raw)
	if err != nil {
		return screen.BlockResult{}, err
	}
	return screenBlock(ctx, s, blk, raw, opts)
}

// ScreenMsgBlock screens every transaction of a decoded block, as ScreenBlock does.
func ScreenMsgBlock(ctx context.Context, s *screen.Screener, blk *wire.MsgBlock, opts ...Option) (screen.BlockResult, error) {
	if blk == nil || len(blk.Transactions) == 0 {
		return screen.BlockResult{}, fmt.Errorf("%w: nil block or no transactions", screen.ErrInvalidBlock)
	}
	db := &decodedBlock{header: blk.Header, txs: make([]wire.MsgTx, len(blk.Transactions))}
	for i, tx := range blk.Transactions {
		if tx == nil {
			return screen.BlockResult{}, fmt.Errorf("%w: transaction %d is nil", screen.ErrInvalidBlock, i)
		}
		db.txs[i] = *tx
	}
	return screenBlock(ctx, s, db, nil, opts)
}

func screenBlock(ctx context.Context, s *screen.Screener, blk *decodedBlock, raw []byte, opts []Option) (screen.BlockResult, error) {
	if err := ctx.Err(); err != nil {
		return screen.BlockResult{}, err
	}
	if s == nil {
		return screen.BlockResult{}, screen.ErrNoList
	}
	snap, err := s.Snapshot()
	if err != nil {
		return screen.BlockResult{}, err
	}
	cfg := options(opts)
	n := len(blk.txs)
	txids := make([]chainhash.Hash, n)
	results := make([]screen.TxResult, n)
	workers := min(cfg.workers, max(1, n/16))

	// Pass 1: txids (hashing is most of the cost of a block that pays nobody listed).
	parallel(workers, n, func(w *worker, i int) {
		if raw != nil {
			txids[i] = w.txid(raw[blk.offs[i]:blk.offs[i+1]], &blk.txs[i])
		} else {
			txids[i] = blk.txs[i].TxHash()
		}
	}, cfg.params)
	inBlock := make(map[chainhash.Hash]int, n)
	for i := range txids {
		inBlock[txids[i]] = i
	}
	prev := &blockPrevouts{txs: blk.txs, index: inBlock}
	fetched, err := fetchPrevouts(ctx, cfg, blk.txs, prev)
	if err != nil {
		return screen.BlockResult{}, err
	}
	// Pass 2: screening.
	var cancelled atomic.Bool
	parallel(workers, n, func(w *worker, i int) {
		if cancelled.Load() {
			return
		}
		if i%64 == 0 && ctx.Err() != nil {
			cancelled.Store(true)
			return
		}
		results[i] = w.screenTx(snap, &blk.txs[i], txids[i], cfg.prevouts, prev, fetched)
	}, cfg.params)
	if cancelled.Load() {
		return screen.BlockResult{}, ctx.Err()
	}
	return snap.Block(blk.header.BlockHash().String(), results), nil
}

// decodedBlock is a block decoded with the byte offsets of its transactions.
type decodedBlock struct {
	header wire.BlockHeader
	txs    []wire.MsgTx
	offs   []int // offs[i]:offs[i+1] are the bytes of txs[i]
}

// decodeBlock decodes a block as wire.MsgBlock.Deserialize does and records where
// each transaction starts, so that txids are hashed from the raw bytes.
func decodeBlock(raw []byte) (*decodedBlock, error) {
	r := bytes.NewReader(raw)
	b := &decodedBlock{}
	if err := b.header.Deserialize(r); err != nil {
		return nil, fmt.Errorf("%w: header: %v", screen.ErrInvalidBlock, err)
	}
	count, err := wire.ReadVarInt(r, 0)
	if err != nil {
		return nil, fmt.Errorf("%w: transaction count: %v", screen.ErrInvalidBlock, err)
	}
	// The smallest transaction is 60 bytes (10 of them without inputs and outputs).
	if count == 0 || count > uint64(r.Len()/10) {
		return nil, fmt.Errorf("%w: %d transactions in %d bytes", screen.ErrInvalidBlock, count, r.Len())
	}
	b.txs = make([]wire.MsgTx, count)
	b.offs = make([]int, count+1)
	for i := range b.txs {
		b.offs[i] = len(raw) - r.Len()
		if err := b.txs[i].Deserialize(r); err != nil {
			return nil, fmt.Errorf("%w: transaction %d: %v", screen.ErrInvalidBlock, i, err)
		}
	}
	b.offs[count] = len(raw) - r.Len()
	if r.Len() != 0 {
		return nil, fmt.Errorf("%w: %d trailing bytes after the last transaction", screen.ErrInvalidBlock, r.Len())
	}
	return b, nil
}

// parallel runs f(i) for i in [0, n) on workers goroutines, each with its own worker.
func parallel(workers, n int, f func(w *worker, i int), params *chaincfg.Params) {
	if workers <= 1 {
		w := newWorker(params)
		for i := 0; i < n; i++ {
			f(w, i)
		}
		return
	}
	var next atomic.Int64
	const chunk = 16
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := newWorker(params)
			for {
				start := int(next.Add(chunk)) - chunk
				if start >= n {
					return
				}
				for i := start; i < min(start+chunk, n); i++ {
					f(w, i)
				}
			}
		}()
	}
	wg.Wait()
}

// blockPrevouts resolves outpoints that spend a transaction of the same block.
type blockPrevouts struct {
	txs   []wire.MsgTx
	index map[chainhash.Hash]int
}

func (p *blockPrevouts) pkScript(op wire.OutPoint) ([]byte, bool) {
	if p == nil {
		return nil, false
	}
	i, ok := p.index[op.Hash]
	if !ok || op.Index >= uint32(len(p.txs[i].TxOut)) {
		return nil, false
	}
	return p.txs[i].TxOut[op.Index].PkScript, true
}

// btcClass is the type of a Bitcoin address found in a script.
type btcClass uint8

const (
	btcNone btcClass = iota
	btcP2PKH
	btcP2SH
	btcP2WPKH
	btcP2WSH
	btcP2TR
	btcWitness // another witness version or program length
	numBtcClasses
)

var btcClassNames = [numBtcClasses]string{"none", "p2pkh", "p2sh", "p2wpkh", "p2wsh", "p2tr", "witness"}

func (c btcClass) String() string { return btcClassNames[c] }

// btcAddr is an address found in a script: its class and payload (hash or witness
// program), without any allocation.
type btcAddr struct {
	class   btcClass
	version byte // witness version (btcWitness)
	n       uint8
	prog    [40]byte
}

func (a *btcAddr) payload() []byte { return a.prog[:a.n] }

func mkAddr(c btcClass, payload []byte) btcAddr {
	a := btcAddr{class: c, n: uint8(len(payload))}
	copy(a.prog[:], payload)
	return a
}

// btcutilAddr builds the btcutil form of a (for display on a hit and for tests).
func (a *btcAddr) btcutilAddr(params *chaincfg.Params) (btcutil.Address, error) {
	p := a.payload()
	switch a.class {
	case btcP2PKH:
		return btcutil.NewAddressPubKeyHash(p, params)
	case btcP2SH:
		return btcutil.NewAddressScriptHashFromHash(p, params)
	case btcP2WPKH:
		return btcutil.NewAddressWitnessPubKeyHash(p, params)
	case btcP2WSH:
		return btcutil.NewAddressWitnessScriptHash(p, params)
	case btcP2TR:
		return btcutil.NewAddressTaproot(p, params)
	}
	return nil, fmt.Errorf("no btcutil address type for %s version %d", a.class, a.version)
}

// worker holds the scratch state of one goroutine: hashers and buffers reused for
// every transaction, so screening allocates only for hits and notes.
type worker struct {
	params *chaincfg.Params
	sha    hash.Hash
	rmd    hash.Hash
	key    []byte
	addrs  []btcAddr
	alts   []btcAddr
	pushes [][]byte
	sum    [32]byte
	h160   [20]byte
}

func newWorker(params *chaincfg.Params) *worker {
	return &worker{params: params, sha: sha256.New(), rmd: ripemd160.New(),
		key: make([]byte, 0, 64), addrs: make([]btcAddr, 0, 4), alts: make([]btcAddr, 0, 4)}
}

// appendKey appends the index key of a (the key of its Bitcoin mainnet address) to dst.
func appendKey(dst []byte, a *btcAddr) ([]byte, error) {
	p := a.payload()
	switch a.class {
	case btcP2PKH:
		return address.AppendKeyFromHash160(dst, address.ChainBitcoin, address.KindP2PKH, p)
	case btcP2SH:
		return address.AppendKeyFromHash160(dst, address.ChainBitcoin, address.KindP2SH, p)
	case btcP2WPKH, btcP2WSH:
		return address.AppendKeyFromWitnessProgram(dst, address.ChainBitcoin, 0, p)
	case btcP2TR:
		return address.AppendKeyFromWitnessProgram(dst, address.ChainBitcoin, 1, p)
	case btcWitness:
		return address.AppendKeyFromWitnessProgram(dst, address.ChainBitcoin, a.version, p)
	}
	return dst, fmt.Errorf("no address key for class %s", a.class)
}

// txid computes the txid of tx from its raw serialisation: the double SHA-256 of the
// serialisation without witness data, hashed in pieces instead of re-serialising.
func (w *worker) txid(raw []byte, tx *wire.MsgTx) chainhash.Hash {
	if len(raw) < 10 || raw[4] != 0 || raw[5] != 1 {
		return w.dsha(raw)
	}
	ws := 0
	for _, in := range tx.TxIn {
		ws += wire.VarIntSerializeSize(uint64(len(in.Witness)))
		for _, item := range in.Witness {
			ws += wire.VarIntSerializeSize(uint64(len(item))) + len(item)
		}
	}
	end := len(raw) - 4 - ws
	if end < 6 {
		return tx.TxHash() // cannot happen for a transaction btcd decoded
	}
	w.sha.Reset()
	w.sha.Write(raw[:4])
	w.sha.Write(raw[6:end])
	w.sha.Write(raw[len(raw)-4:])
	w.sha.Sum(w.sum[:0])
	return chainhash.Hash(sha256.Sum256(w.sum[:]))
}

func (w *worker) dsha(b []byte) chainhash.Hash {
	w.sha.Reset()
	w.sha.Write(b)
	w.sha.Sum(w.sum[:0])
	return chainhash.Hash(sha256.Sum256(w.sum[:]))
}

// hash160 returns RIPEMD-160(SHA-256(b)) and, in sha, SHA-256(b).
func (w *worker) hash160(b []byte) (h160 [20]byte, sha [32]byte) {
	sha = sha256.Sum256(b)
	w.rmd.Reset()
	w.rmd.Write(sha[:])
	w.rmd.Sum(w.h160[:0]) // a field: a local array would escape through the interface
	return w.h160, sha
}

// screenTx screens one decoded transaction.
func (w *worker) screenTx(snap *screen.Snapshot, tx *wire.MsgTx, txid chainhash.Hash,
	prevouts map[wire.OutPoint][]byte, blk *blockPrevouts, fetched map[wire.OutPoint]Prevout) screen.TxResult {
	t := snap.Tx(address.ChainBitcoin, txid.String())
	for i, out := range tx.TxOut {
		var reason string
		w.addrs, reason = extractOutput(out.PkScript, w.addrs[:0], w)
		if len(w.addrs) == 0 && reason != reasonOpReturn {
			t.Note(fmt.Sprintf("output %d pays no address: %s", i, reason))
		}
		for j := range w.addrs {
			w.lookup(t, &w.addrs[j], screen.RoleOutput, i)
		}
	}
	for i, in := range tx.TxIn {
		w.screenInput(t, i, in, prevouts, blk, fetched)
	}
	w.coinJoin(t, tx, prevouts, blk, fetched)
	return t.Result()
}

// coinJoin flags a CoinJoin. Detection runs first on the transaction alone (cheap: almost
// every transaction is ruled out by its shape) and again with the previous outputs known
// when it fires, so that input types and distinct input addresses are exact.
func (w *worker) coinJoin(t *screen.TxScreen, tx *wire.MsgTx, prevouts map[wire.OutPoint][]byte,
	blk *blockPrevouts, fetched map[wire.OutPoint]Prevout) {
	// Every rule needs at least three outputs (JoinMarket's minimum; a Whirlpool Tx0 has
	// its OP_RETURN, the fee and a premix output; mixes have five or more): most
	// transactions are ruled out here, without the detector's allocations.
	if len(tx.TxOut) < 3 {
		return
	}
	cj, err := coinjoin.Detect(tx, nil)
	if err != nil || !cj.IsCoinJoin() {
		return
	}
	pv := make(coinjoin.Prevouts, len(tx.TxIn))
	known := 0
	for i, in := range tx.TxIn {
		if pk, ok, _ := prevoutScript(in.PreviousOutPoint, prevouts, blk, fetched); ok {
			pv[i] = &wire.TxOut{PkScript: pk}
			known++
		}
	}
	if known > 0 {
		if cj, err = coinjoin.Detect(tx, pv); err != nil || !cj.IsCoinJoin() {
			return
		}
	}
	t.CoinJoin(screen.CoinJoin{Kind: string(cj.Kind), Rule: string(cj.Rule), Detail: cj.String(),
		Participants: cj.Evidence.Participants, Denomination: cj.Evidence.Denomination})
}

// prevoutScript finds the script of the output op spends: in the block, in the caller's
// prevouts, or in what the source returned (sourceErr: the source could not return it).
func prevoutScript(op wire.OutPoint, prevouts map[wire.OutPoint][]byte, blk *blockPrevouts,
	fetched map[wire.OutPoint]Prevout) (pk []byte, ok bool, sourceErr error) {
	if pk, ok = blk.pkScript(op); ok {
		return pk, true, nil
	}
	if pk, ok = prevouts[op]; ok {
		return pk, true, nil
	}
	if p, found := fetched[op]; found {
		if p.Err != nil {
			return nil, false, p.Err
		}
		return p.PkScript, true, nil
	}
	return nil, false, nil
}

func isCoinbase(op wire.OutPoint) bool {
	return op.Index == wire.MaxPrevOutIndex && op.Hash == (chainhash.Hash{})
}

func (w *worker) screenInput(t *screen.TxScreen, i int, in *wire.TxIn, prevouts map[wire.OutPoint][]byte,
	blk *blockPrevouts, fetched map[wire.OutPoint]Prevout) {
	op := in.PreviousOutPoint
	if isCoinbase(op) {
		t.Unscreened(screen.UnscreenedInput{Role: screen.RoleInput, Index: i, Reason: "coinbase input: spends no previous output", Coinbase: true})
		return
	}
	pk, ok, sourceErr := prevoutScript(op, prevouts, blk, fetched)
	if ok {
		var reason string
		w.addrs, reason = extractOutput(pk, w.addrs[:0], w)
		if len(w.addrs) == 0 {
			t.Unscreened(screen.UnscreenedInput{Role: screen.RoleInput, Index: i, Outpoint: op.String(),
				Reason: "previous output pays no address: " + reason})
		}
		for j := range w.addrs {
			w.lookup(t, &w.addrs[j], screen.RoleInput, i)
		}
		return
	}
	primary, reason := deriveInput(in, w, &w.alts)
	switch {
	case sourceErr != nil:
		// The derived readings are looked up, but the input is not screened for sure.
		if primary.class != btcNone {
			w.lookup(t, &primary, screen.RoleInput, i)
		}
		t.Unscreened(screen.UnscreenedInput{Role: screen.RoleInput, Index: i, Outpoint: op.String(),
			Reason: "previous output not available from the source: " + sourceErr.Error()})
	case primary.class != btcNone:
		w.lookup(t, &primary, screen.RoleInput, i)
	default:
		t.Unscreened(screen.UnscreenedInput{Role: screen.RoleInput, Index: i, Outpoint: op.String(), Reason: reason})
	}
	for j := range w.alts {
		w.lookup(t, &w.alts[j], screen.RoleInput, i)
	}
}

// lookup screens one address: the key is built in a scratch buffer; the address text
// is built only on a hit.
func (w *worker) lookup(t *screen.TxScreen, a *btcAddr, role screen.Role, idx int) {
	var err error
	w.key, err = appendKey(w.key[:0], a)
	if err != nil {
		reason := fmt.Sprintf("%s program %x not screened: %v", a.class, a.payload(), err)
		if role == screen.RoleInput { // an input that spends what cannot be screened is reported
			t.Unscreened(screen.UnscreenedInput{Role: role, Index: idx, Reason: reason})
			return
		}
		t.Note(fmt.Sprintf("%s %d: %s", role, idx, reason))
		return
	}
	t.LookupBytes(w.key, role, idx, func() string { return w.text(a) })
}

// text is the address text of a on the configured network.
func (w *worker) text(a *btcAddr) string {
	if a.class == btcWitness {
		if s, err := encodeSegwit(w.params.Bech32HRPSegwit, a.version, a.payload()); err == nil {
			return s
		}
		return fmt.Sprintf("witness_v%d:%x", a.version, a.payload())
	}
	ba, err := a.btcutilAddr(w.params)
	if err != nil {
		return fmt.Sprintf("%s:%x", a.class, a.payload())
	}
	return ba.EncodeAddress()
}

func encodeSegwit(hrp string, version byte, program []byte) (string, error) {
	conv, err := bech32.ConvertBits(program, 8, 5, true)
	if err != nil {
		return "", err
	}
	data := append([]byte{version}, conv...)
	if version == 0 {
		return bech32.Encode(hrp, data)
	}
	return bech32.EncodeM(hrp, data)
}

const reasonOpReturn = "OP_RETURN (data carrier)"

// Script opcodes used by the shape checks (txscript's).
const (
	opFalse         = txscript.OP_FALSE
	opData20        = txscript.OP_DATA_20
	opData32        = txscript.OP_DATA_32
	opData33        = txscript.OP_DATA_33
	opData65        = txscript.OP_DATA_65
	opPushData4     = txscript.OP_PUSHDATA4
	op1             = txscript.OP_1
	op16            = txscript.OP_16
	opReturn        = txscript.OP_RETURN
	opDup           = txscript.OP_DUP
	opEqual         = txscript.OP_EQUAL
	opEqualVerify   = txscript.OP_EQUALVERIFY
	opHash160       = txscript.OP_HASH160
	opCheckSig      = txscript.OP_CHECKSIG
	opCheckMultiSig = txscript.OP_CHECKMULTISIG
)

// isPubKey reports whether b has the shape of a serialised secp256k1 public key
// (compressed, uncompressed or hybrid). The point is not checked: screening the hash
// of a key that is not on the curve costs one lookup and can only miss nothing.
func isPubKey(b []byte) bool {
	switch len(b) {
	case 33:
		return b[0] == 2 || b[0] == 3
	case 65:
		return b[0] == 4 || b[0] == 6 || b[0] == 7
	}
	return false
}

// isSig reports whether b has the shape of a DER signature with a sighash byte.
func isSig(b []byte) bool {
	return len(b) >= 9 && len(b) <= 73 && b[0] == 0x30
}

// extractOutput appends the addresses pkScript pays to dst. When it pays none, reason
// says what the script is.
func extractOutput(pk []byte, dst []btcAddr, w *worker) ([]btcAddr, string) {
	n := len(pk)
	switch {
	case n == 25 && pk[0] == opDup && pk[1] == opHash160 && pk[2] == opData20 && pk[23] == opEqualVerify && pk[24] == opCheckSig:
		return append(dst, mkAddr(btcP2PKH, pk[3:23])), ""
	case n == 23 && pk[0] == opHash160 && pk[1] == opData20 && pk[22] == opEqual:
		return append(dst, mkAddr(btcP2SH, pk[2:22])), ""
	case n == 22 && pk[0] == opFalse && pk[1] == opData20:
		return append(dst, mkAddr(btcP2WPKH, pk[2:])), ""
	case n == 34 && pk[0] == opFalse && pk[1] == opData32:
		return append(dst, mkAddr(btcP2WSH, pk[2:])), ""
	case n == 34 && pk[0] == op1 && pk[1] == opData32:
		return append(dst, mkAddr(btcP2TR, pk[2:])), ""
	case n >= 4 && n <= 42 && (pk[0] == opFalse || pk[0] >= op1 && pk[0] <= op16) && int(pk[1]) == n-2:
		// Any other witness program (BIP-141: version opcode + one push of 2..40 bytes).
		v := byte(0)
		if pk[0] != opFalse {
			v = pk[0] - op1 + 1
		}
		if v == 0 {
			return dst, fmt.Sprintf("witness v0 program of %d bytes (unspendable)", n-2)
		}
		a := mkAddr(btcWitness, pk[2:])
		a.version = v
		return append(dst, a), ""
	case n == 35 && pk[0] == opData33 && pk[34] == opCheckSig && isPubKey(pk[1:34]),
		n == 67 && pk[0] == opData65 && pk[66] == opCheckSig && isPubKey(pk[1:66]):
		h, _ := w.hash160(pk[1 : n-1])
		return append(dst, mkAddr(btcP2PKH, h[:])), ""
	case n > 0 && pk[0] == opReturn:
		return dst, reasonOpReturn
	case n >= 37 && pk[n-1] == opCheckMultiSig:
		if d, ok := extractMultisig(pk, dst, w); ok {
			return d, ""
		}
	case n == 0:
		return dst, "empty script (anyone can spend)"
	}
	return dst, "non-standard script"
}

// extractMultisig appends the P2PKH address of each key of a bare multisig script
// (OP_m <key>... OP_n OP_CHECKMULTISIG, 1 <= m <= n <= 16).
func extractMultisig(pk []byte, dst []btcAddr, w *worker) ([]btcAddr, bool) {
	if pk[0] < op1 || pk[0] > op16 {
		return dst, false
	}
	m := int(pk[0] - op1 + 1)
	start := len(dst)
	tok := txscript.MakeScriptTokenizer(0, pk[1:len(pk)-1])
	keys, last := 0, byte(0)
	for tok.Next() {
		op := tok.Opcode()
		if d := tok.Data(); d != nil && (op == opData33 || op == opData65) && isPubKey(d) {
			if last != 0 {
				return dst[:start], false
			}
			h, _ := w.hash160(d)
			dst = append(dst, mkAddr(btcP2PKH, h[:]))
			keys++
			continue
		}
		if op >= op1 && op <= op16 && last == 0 {
			last = op
			continue
		}
		return dst[:start], false
	}
	if tok.Err() != nil || last == 0 || int(last-op1+1) != keys || m > keys {
		return dst[:start], false
	}
	return dst, true
}

// pushes collects the data pushes of a push-only script (nil, false when the script
// has another opcode or does not parse). Small-integer opcodes count as pushes.
func pushes(script []byte, dst [][]byte) ([][]byte, bool) {
	tok := txscript.MakeScriptTokenizer(0, script)
	for tok.Next() {
		op := tok.Opcode()
		switch {
		case op <= opPushData4:
			d := tok.Data()
			if d == nil {
				d = []byte{}
			}
			dst = append(dst, d)
		case op == 0x4f || op >= op1 && op <= op16:
			dst = append(dst, nil) // OP_1NEGATE, OP_1..OP_16: a number, never a key or script
		default:
			return dst, false
		}
	}
	return dst, tok.Err() == nil
}

// deriveInput derives the address an input spends from its scriptSig and witness. It
// returns the most likely reading (btcNone and a reason when none is exact) and, in
// *alts, the other readings the same bytes admit, which are screened too.
func deriveInput(in *wire.TxIn, w *worker, alts *[]btcAddr) (btcAddr, string) {
	*alts = (*alts)[:0]
	if len(in.SignatureScript) > 0 {
		ps, ok := pushes(in.SignatureScript, w.pushes[:0])
		w.pushes = ps[:0]
		if !ok || len(ps) == 0 {
			return btcAddr{}, "scriptSig is not push-only: address not derivable"
		}
		last := ps[len(ps)-1]
		if last == nil {
			return btcAddr{}, "scriptSig ends with a number: address not derivable"
		}
		h, _ := w.hash160(last)
		p2sh := mkAddr(btcP2SH, h[:])
		switch {
		case len(ps) == 2 && (isSig(ps[0]) || len(ps[0]) == 0) && isPubKey(last):
			*alts = append(*alts, p2sh)
			return mkAddr(btcP2PKH, h[:]), ""
		case allSigs(ps):
			*alts = append(*alts, p2sh)
			if len(ps) == 1 {
				return btcAddr{}, "P2PK spend (signature only): address not derivable without the previous output"
			}
			return btcAddr{}, "bare multisig spend (signatures only): address not derivable without the previous output"
		}
		if isPubKey(last) {
			*alts = append(*alts, mkAddr(btcP2PKH, h[:]))
		}
		return p2sh, ""
	}
	wit := in.Witness
	if len(wit) == 0 {
		return btcAddr{}, "empty scriptSig and witness: address not derivable without the previous output"
	}
	annex := len(wit) >= 2 && len(wit[len(wit)-1]) > 0 && wit[len(wit)-1][0] == txscript.TaprootAnnexTag
	if annex {
		wit = wit[:len(wit)-1]
	}
	last := wit[len(wit)-1]
	h, sha := w.hash160(last)
	p2wsh := mkAddr(btcP2WSH, sha[:])
	switch {
	case len(wit) == 1 && (len(last) == 64 || len(last) == 65):
		*alts = append(*alts, p2wsh)
		return btcAddr{}, "taproot key-path spend: the output key is not in the witness"
	case len(wit) >= 2 && isControlBlock(last) && (annex || last[0]&txscript.TaprootLeafMask == byte(txscript.BaseLeafVersion)):
		*alts = append(*alts, p2wsh)
		cb, err := txscript.ParseControlBlock(last)
		if err != nil {
			return btcAddr{}, "taproot script-path spend with an invalid control block: " + err.Error()
		}
		root := cb.RootHash(wit[len(wit)-2])
		key := txscript.ComputeTaprootOutputKey(cb.InternalKey, root)
		return mkAddr(btcP2TR, schnorr.SerializePubKey(key)), ""
	case len(wit) == 2 && len(last) == 33 && isPubKey(last):
		*alts = append(*alts, p2wsh)
		return mkAddr(btcP2WPKH, h[:]), ""
	}
	if len(last) == 33 && isPubKey(last) {
		*alts = append(*alts, mkAddr(btcP2WPKH, h[:]))
	}
	if len(wit) >= 2 && isControlBlock(last) {
		// A control block of another leaf version: the P2TR reading is screened too.
		if cb, err := txscript.ParseControlBlock(last); err == nil {
			key := txscript.ComputeTaprootOutputKey(cb.InternalKey, cb.RootHash(wit[len(wit)-2]))
			*alts = append(*alts, mkAddr(btcP2TR, schnorr.SerializePubKey(key)))
		}
	}
	return p2wsh, ""
}

func allSigs(ps [][]byte) bool {
	sigs := 0
	for i, p := range ps {
		switch {
		case isSig(p):
			sigs++
		case len(p) == 0 && p != nil && i == 0: // the OP_0 of CHECKMULTISIG's extra pop
		default:
			return false
		}
	}
	return sigs > 0
}

// isControlBlock reports whether b has the length of a BIP-341 control block.
func isControlBlock(b []byte) bool {
	return len(b) >= txscript.ControlBlockBaseSize && len(b) <= txscript.ControlBlockMaxSize &&
		(len(b)-txscript.ControlBlockBaseSize)%txscript.ControlBlockNodeSize == 0
}
