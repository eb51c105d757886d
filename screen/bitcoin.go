package screen

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
)

// Size limits for Bitcoin input. A transaction or block larger than a block can hold
// is rejected with ErrTooLarge before it is decoded.
const (
	// MaxBitcoinTxSize is the largest raw transaction accepted (the block size limit).
	MaxBitcoinTxSize = wire.MaxBlockPayload
	// MaxBitcoinBlockSize is the largest raw block accepted (4,000,000 bytes, the most a
	// block of weight 4M can serialise to).
	MaxBitcoinBlockSize = wire.MaxBlockPayload
)

// TxOption configures Bitcoin transaction and block screening.
type TxOption func(*txConfig)

type txConfig struct {
	prevouts map[wire.OutPoint][]byte
	params   *chaincfg.Params
	workers  int
}

// WithPrevouts gives the pkScripts of the outputs the transaction spends. With the
// previous output, an input is screened by the address its script pays (exact for
// every script type, taproot and P2PK included); without it, the address is derived
// from the scriptSig and witness where their shape allows, and the input is reported
// as unscreened otherwise.
func WithPrevouts(prevouts map[wire.OutPoint][]byte) TxOption {
	return func(c *txConfig) { c.prevouts = prevouts }
}

// WithNetwork selects the network whose address encoding the hits show (default
// chaincfg.MainNetParams; TestNet3Params, SigNetParams and RegressionNetParams are
// accepted). Lookups are by hash: a test-network address matches the mainnet address
// with the same hash, which is what the lists contain.
func WithNetwork(params *chaincfg.Params) TxOption {
	return func(c *txConfig) {
		if params != nil {
			c.params = params
		}
	}
}

// WithWorkers bounds the number of goroutines ScreenBitcoinBlock uses (default
// GOMAXPROCS; 1 screens the block sequentially).
func WithWorkers(n int) TxOption { return func(c *txConfig) { c.workers = n } }

func txOptions(opts []TxOption) txConfig {
	c := txConfig{params: &chaincfg.MainNetParams, workers: runtime.GOMAXPROCS(0)}
	for _, o := range opts {
		o(&c)
	}
	if c.workers < 1 {
		c.workers = 1
	}
	return c
}

// ScreenBitcoinTx decodes a raw transaction (wire format, with or without witness
// data) and screens the address of every output and every input (see ScreenBitcoinMsgTx).
// Undecodable input, trailing bytes or a transaction over MaxBitcoinTxSize is ErrInvalidTx.
func (s *Screener) ScreenBitcoinTx(ctx context.Context, raw []byte, opts ...TxOption) (TxResult, error) {
	if len(raw) > MaxBitcoinTxSize {
		return TxResult{}, fmt.Errorf("%w: %w: %d bytes, the limit is %d", ErrInvalidTx, ErrTooLarge, len(raw), MaxBitcoinTxSize)
	}
	var tx wire.MsgTx
	r := bytes.NewReader(raw)
	if err := tx.Deserialize(r); err != nil {
		return TxResult{}, fmt.Errorf("%w: bitcoin: %v", ErrInvalidTx, err)
	}
	if r.Len() != 0 {
		return TxResult{}, fmt.Errorf("%w: bitcoin: %d trailing bytes after the transaction", ErrInvalidTx, r.Len())
	}
	return s.screenBitcoin(ctx, &tx, raw, opts)
}

// screenBitcoin screens one decoded transaction; raw, when given, is its serialisation
// (the txid is then hashed from it instead of re-serialising the transaction).
func (s *Screener) screenBitcoin(ctx context.Context, tx *wire.MsgTx, raw []byte, opts []TxOption) (TxResult, error) {
	if err := ctx.Err(); err != nil {
		return TxResult{}, err
	}
	ix, stale, err := s.current()
	if err != nil {
		return TxResult{}, err
	}
	cfg := txOptions(opts)
	w := newBtcWorker(cfg.params)
	txid := tx.TxHash()
	if raw != nil {
		txid = w.txid(raw, tx)
	}
	return w.screenTx(ix, stale, tx, txid, cfg.prevouts, nil), nil
}

// ScreenBitcoinMsgTx screens a decoded transaction.
//
// Outputs: every address a pkScript pays is screened (P2PKH, P2SH, P2WPKH, P2WSH, P2TR,
// other witness versions; P2PK as its pubkey's P2PKH address; bare multisig as each
// key's P2PKH address). OP_RETURN and non-standard scripts pay no address: they are
// listed in Notes and are not flagged.
//
// Inputs: with the previous output (WithPrevouts), the addresses its script pays.
// Without it, the address is derived from the scriptSig and witness: P2PKH (signature
// and public key: HASH160 of the key, compressed or not), P2SH (the last push is the
// redeem script), P2SH-P2WPKH and P2SH-P2WSH (as their P2SH address), P2WPKH (the
// witness key), P2WSH (the witness script) and taproot script-path spends (the output
// key computed from the control block's internal key and the tapleaf merkle root).
// Where the shape admits two readings (a P2SH redeem script that looks like a public
// key, a witness script of 33 bytes, ...), every reading is looked up. Inputs whose
// address cannot be derived (P2PK and bare multisig spends, taproot key-path spends,
// coinbase, unknown shapes) are listed in Unscreened and raise UNSCREENED_INPUT.
func (s *Screener) ScreenBitcoinMsgTx(ctx context.Context, tx *wire.MsgTx, opts ...TxOption) (TxResult, error) {
	if tx == nil {
		return TxResult{}, fmt.Errorf("%w: nil transaction", ErrInvalidTx)
	}
	return s.screenBitcoin(ctx, tx, nil, opts)
}

// ScreenBitcoinBlock decodes a raw block (wire format: header, transaction count,
// transactions) and screens every transaction as ScreenBitcoinMsgTx does. The previous
// outputs of inputs that spend an earlier transaction of the same block are taken
// from the block itself; others come from WithPrevouts when given. Transactions are
// screened in parallel by a bounded pool of workers (WithWorkers); results are in
// block order. Undecodable input, trailing bytes or a block over MaxBitcoinBlockSize
// is ErrInvalidBlock.
func (s *Screener) ScreenBitcoinBlock(ctx context.Context, raw []byte, opts ...TxOption) (BlockResult, error) {
	if len(raw) > MaxBitcoinBlockSize {
		return BlockResult{}, fmt.Errorf("%w: %w: %d bytes, the limit is %d", ErrInvalidBlock, ErrTooLarge, len(raw), MaxBitcoinBlockSize)
	}
	if err := ctx.Err(); err != nil {
		return BlockResult{}, err
	}
	ix, stale, err := s.current()
	if err != nil {
		return BlockResult{}, err
	}
	cfg := txOptions(opts)
	blk, err := decodeBlock(raw)
	if err != nil {
		return BlockResult{}, err
	}
	n := len(blk.txs)
	txids := make([]chainhash.Hash, n)
	results := make([]TxResult, n)
	workers := min(cfg.workers, max(1, n/16))

	// Pass 1: txids (hashing is most of the cost of a block that pays nobody listed).
	parallel(workers, n, func(w *btcWorker, i int) {
		txids[i] = w.txid(raw[blk.offs[i]:blk.offs[i+1]], &blk.txs[i])
	}, cfg.params)
	inBlock := make(map[chainhash.Hash]int, n)
	for i := range txids {
		inBlock[txids[i]] = i
	}
	prev := &blockPrevouts{txs: blk.txs, index: inBlock}
	// Pass 2: screening.
	var cancelled atomic.Bool
	parallel(workers, n, func(w *btcWorker, i int) {
		if cancelled.Load() {
			return
		}
		if i%64 == 0 && ctx.Err() != nil {
			cancelled.Store(true)
			return
		}
		results[i] = w.screenTx(ix, stale, &blk.txs[i], txids[i], cfg.prevouts, prev)
	}, cfg.params)
	if cancelled.Load() {
		return BlockResult{}, ctx.Err()
	}

	br := BlockResult{Hash: blk.header.BlockHash().String(), Txs: n, Hits: []Hit{}, Results: results,
		List: ix.infos[0]}
	if len(ix.infos) > 1 {
		br.Lists = ix.infos
	}
	var fs flagSet
	if stale {
		fs.add(FlagListStale)
	}
	for i := range results {
		r := &results[i]
		for _, f := range r.Flags {
			fs.add(f)
		}
		br.Hits = append(br.Hits, r.Hits...)
		br.Unscreened += len(r.Unscreened)
		br.Addresses += r.Addresses
	}
	br.Flags = fs.list()
	br.Severity = maxSeverity(br.Flags)
	return br, nil
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
		return nil, fmt.Errorf("%w: header: %v", ErrInvalidBlock, err)
	}
	count, err := wire.ReadVarInt(r, 0)
	if err != nil {
		return nil, fmt.Errorf("%w: transaction count: %v", ErrInvalidBlock, err)
	}
	// The smallest transaction is 60 bytes (10 of them without inputs and outputs).
	if count == 0 || count > uint64(r.Len()/10) {
		return nil, fmt.Errorf("%w: %d transactions in %d bytes", ErrInvalidBlock, count, r.Len())
	}
	b.txs = make([]wire.MsgTx, count)
	b.offs = make([]int, count+1)
	for i := range b.txs {
		b.offs[i] = len(raw) - r.Len()
		if err := b.txs[i].Deserialize(r); err != nil {
			return nil, fmt.Errorf("%w: transaction %d: %v", ErrInvalidBlock, i, err)
		}
	}
	b.offs[count] = len(raw) - r.Len()
	if r.Len() != 0 {
		return nil, fmt.Errorf("%w: %d trailing bytes after the last transaction", ErrInvalidBlock, r.Len())
	}
	return b, nil
}

// parallel runs f(i) for i in [0, n) on workers goroutines, each with its own btcWorker.
func parallel(workers, n int, f func(w *btcWorker, i int), params *chaincfg.Params) {
	if workers <= 1 {
		w := newBtcWorker(params)
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
			w := newBtcWorker(params)
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

// btcKeyPrefixes are the index-key prefixes of Bitcoin mainnet addresses by class: the
// key of an address is its prefix followed by its hash or witness program. They are
// taken from address.FromBtcutil once, so the keys are exactly those of parsed strings.
var btcKeyPrefixes = sync.OnceValue(func() [numBtcClasses][]byte {
	var out [numBtcClasses][]byte
	probe := func(c btcClass, n int) {
		payload := make([]byte, n)
		for i := range payload {
			payload[i] = byte(0xa0 + i)
		}
		a := mkAddr(c, payload)
		ba, err := a.btcutilAddr(&chaincfg.MainNetParams)
		if err != nil {
			panic("screen: " + err.Error())
		}
		aa, err := address.FromBtcutil(ba, address.ChainBitcoin)
		if err != nil || !bytes.HasSuffix([]byte(aa.Key), payload) {
			panic(fmt.Sprintf("screen: address key of %s does not end with the payload (%v)", c, err))
		}
		out[c] = []byte(aa.Key[:len(aa.Key)-n])
	}
	probe(btcP2PKH, 20)
	probe(btcP2SH, 20)
	probe(btcP2WPKH, 20)
	probe(btcP2WSH, 32)
	probe(btcP2TR, 32)
	return out
})

// btcWorker holds the scratch state of one goroutine: hashers and buffers reused for
// every transaction, so screening allocates only for hits and notes.
type btcWorker struct {
	params   *chaincfg.Params
	prefixes [numBtcClasses][]byte
	sha      hash.Hash
	rmd      hash.Hash
	key      []byte
	addrs    []btcAddr
	alts     []btcAddr
	pushes   [][]byte
	sum      [32]byte
	h160     [20]byte
}

func newBtcWorker(params *chaincfg.Params) *btcWorker {
	return &btcWorker{params: params, prefixes: btcKeyPrefixes(), sha: sha256.New(), rmd: ripemd160.New(),
		key: make([]byte, 0, 64), addrs: make([]btcAddr, 0, 4), alts: make([]btcAddr, 0, 4)}
}

// txid computes the txid of tx from its raw serialisation: the double SHA-256 of the
// serialisation without witness data, hashed in pieces instead of re-serialising.
func (w *btcWorker) txid(raw []byte, tx *wire.MsgTx) chainhash.Hash {
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

func (w *btcWorker) dsha(b []byte) chainhash.Hash {
	w.sha.Reset()
	w.sha.Write(b)
	w.sha.Sum(w.sum[:0])
	return chainhash.Hash(sha256.Sum256(w.sum[:]))
}

// hash160 returns RIPEMD-160(SHA-256(b)) and, in sha, SHA-256(b).
func (w *btcWorker) hash160(b []byte) (h160 [20]byte, sha [32]byte) {
	sha = sha256.Sum256(b)
	w.rmd.Reset()
	w.rmd.Write(sha[:])
	w.rmd.Sum(w.h160[:0]) // a field: a local array would escape through the interface
	return w.h160, sha
}

// screenTx screens one decoded transaction.
func (w *btcWorker) screenTx(ix *index, stale bool, tx *wire.MsgTx, txid chainhash.Hash,
	prevouts map[wire.OutPoint][]byte, blk *blockPrevouts) TxResult {
	t := newTxScreen(ix, address.ChainBitcoin, stale)
	t.txid = txid.String()
	for i, out := range tx.TxOut {
		var reason string
		w.addrs, reason = extractOutput(out.PkScript, w.addrs[:0], w)
		if len(w.addrs) == 0 && reason != reasonOpReturn {
			t.note(fmt.Sprintf("output %d pays no address: %s", i, reason))
		}
		for j := range w.addrs {
			w.lookup(t, &w.addrs[j], RoleOutput, i)
		}
	}
	for i, in := range tx.TxIn {
		w.screenInput(t, i, in, prevouts, blk)
	}
	return t.finish()
}

func (w *btcWorker) screenInput(t *txScreen, i int, in *wire.TxIn, prevouts map[wire.OutPoint][]byte, blk *blockPrevouts) {
	op := in.PreviousOutPoint
	if op.Index == wire.MaxPrevOutIndex && op.Hash == (chainhash.Hash{}) {
		t.unscreened(UnscreenedInput{Role: RoleInput, Index: i, Reason: "coinbase input: spends no previous output", Coinbase: true})
		return
	}
	pk, ok := blk.pkScript(op)
	if !ok && prevouts != nil {
		pk, ok = prevouts[op]
	}
	if ok {
		var reason string
		w.addrs, reason = extractOutput(pk, w.addrs[:0], w)
		if len(w.addrs) == 0 {
			t.unscreened(UnscreenedInput{Role: RoleInput, Index: i, Outpoint: op.String(),
				Reason: "previous output pays no address: " + reason})
		}
		for j := range w.addrs {
			w.lookup(t, &w.addrs[j], RoleInput, i)
		}
		return
	}
	primary, reason := deriveInput(in, w, &w.alts)
	if primary.class != btcNone {
		w.lookup(t, &primary, RoleInput, i)
	} else {
		t.unscreened(UnscreenedInput{Role: RoleInput, Index: i, Outpoint: op.String(), Reason: reason})
	}
	for j := range w.alts {
		w.lookup(t, &w.alts[j], RoleInput, i)
	}
}

// lookup screens one address: the key is built in a scratch buffer; the address text
// is built only on a hit.
func (w *btcWorker) lookup(t *txScreen, a *btcAddr, role Role, idx int) {
	if a.class == btcWitness {
		// Witness versions 2..16 (and odd program lengths): rare; build the text and parse it.
		miss := func(reason string) {
			if role == RoleInput { // an input that spends what cannot be screened is reported
				t.unscreened(UnscreenedInput{Role: role, Index: idx, Reason: reason})
				return
			}
			t.note(fmt.Sprintf("%s %d: %s", role, idx, reason))
		}
		text, err := encodeSegwit(w.params.Bech32HRPSegwit, a.version, a.payload())
		if err != nil {
			miss(fmt.Sprintf("witness v%d program not encodable: %v", a.version, err))
			return
		}
		pa, err := address.ParseAs(address.ChainBitcoin, mainnetSegwit(text, w.params))
		if err != nil || pa.Key == "" {
			miss(fmt.Sprintf("witness v%d program %x not screened: %v", a.version, a.payload(), err))
			return
		}
		t.lookup(pa.Key, role, idx, text)
		return
	}
	w.key = append(append(w.key[:0], w.prefixes[a.class]...), a.payload()...)
	t.lookupKeyBytes(w.key, role, idx, func() string {
		ba, err := a.btcutilAddr(w.params)
		if err != nil {
			return fmt.Sprintf("%s:%x", a.class, a.payload())
		}
		return ba.EncodeAddress()
	})
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

// mainnetSegwit re-encodes a test-network segwit address with the mainnet hrp, so that
// it gets the key of the mainnet address with the same program.
func mainnetSegwit(text string, params *chaincfg.Params) string {
	if params.Bech32HRPSegwit == chaincfg.MainNetParams.Bech32HRPSegwit {
		return text
	}
	_, data, variant, err := bech32.DecodeGeneric(text)
	if err != nil {
		return text
	}
	var out string
	if variant == bech32.Version0 {
		out, err = bech32.Encode(chaincfg.MainNetParams.Bech32HRPSegwit, data)
	} else {
		out, err = bech32.EncodeM(chaincfg.MainNetParams.Bech32HRPSegwit, data)
	}
	if err != nil {
		return text
	}
	return out
}

const reasonOpReturn = "OP_RETURN (data carrier)"

// Script opcodes used by the shape checks.
const (
	opFalse         = 0x00
	opData20        = 0x14
	opData32        = 0x20
	opData33        = 0x21
	opData65        = 0x41
	opPushData4     = 0x4e
	op1             = 0x51
	op16            = 0x60
	opReturn        = 0x6a
	opDup           = 0x76
	opEqual         = 0x87
	opEqualVerify   = 0x88
	opHash160       = 0xa9
	opCheckSig      = 0xac
	opCheckMultiSig = 0xae
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
func extractOutput(pk []byte, dst []btcAddr, w *btcWorker) ([]btcAddr, string) {
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
func extractMultisig(pk []byte, dst []btcAddr, w *btcWorker) ([]btcAddr, bool) {
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
func deriveInput(in *wire.TxIn, w *btcWorker, alts *[]btcAddr) (btcAddr, string) {
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
