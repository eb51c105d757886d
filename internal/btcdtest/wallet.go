package btcdtest

import (
	"context"
	"errors"
	"fmt"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"
)

// Key is a P2PKH key of a Wallet.
type Key struct {
	Priv *btcec.PrivateKey
	// Addr is the simnet address, Script its pkScript, Mainnet its mainnet text (as a
	// list names it).
	Addr    btcutil.Address
	Script  []byte
	Mainnet string
}

// Coin is a spendable output of a Wallet key (Key nil: an output whose script needs
// no signature).
type Coin struct {
	OutPoint wire.OutPoint
	Value    int64
	Key      *Key
}

// Payment is one output to make: Value satoshis to To, or to Script when To is nil
// (a script without a key: its coin is spent with an empty scriptSig, e.g. OP_TRUE).
type Payment struct {
	To     *Key
	Script []byte
	Value  int64
}

// Wallet builds ancestries of hand-made transactions on a simnet Node: P2PKH keys,
// funded from mature coinbases of blocks it mined itself, every transaction signed
// and broadcast (mine them with Node.Generate).
type Wallet struct {
	n     *Node
	miner *Key
	coins []Coin // unspent mature coinbase outputs
}

// NewWallet mines coinbases+100 blocks (the first coinbases of them mature) and
// returns a wallet that funds Fund calls from those coinbases.
func (n *Node) NewWallet(ctx context.Context, coinbases int) (*Wallet, error) {
	if coinbases < 1 {
		return nil, errors.New("btcdtest: a wallet needs at least one coinbase")
	}
	script, err := txscript.PayToAddrScript(n.MinerAddr)
	if err != nil {
		return nil, err
	}
	w := &Wallet{n: n, miner: &Key{Priv: n.MinerKey, Addr: n.MinerAddr, Script: script, Mainnet: MainnetText(n.MinerAddr)}}
	hashes, err := n.Generate(ctx, coinbases+int(n.Params.CoinbaseMaturity))
	if err != nil {
		return nil, err
	}
	for _, h := range hashes[:coinbases] {
		blk, err := n.Block(ctx, h)
		if err != nil {
			return nil, err
		}
		cb := blk.Transactions[0]
		w.coins = append(w.coins, Coin{OutPoint: wire.OutPoint{Hash: cb.TxHash(), Index: 0}, Value: cb.TxOut[0].Value, Key: w.miner})
	}
	return w, nil
}

// NewKey makes a fresh P2PKH key.
func (w *Wallet) NewKey() (*Key, error) {
	priv, err := btcec.NewPrivateKey()
	if err != nil {
		return nil, err
	}
	addr, err := btcutil.NewAddressPubKeyHash(btcutil.Hash160(priv.PubKey().SerializeCompressed()), w.n.Params)
	if err != nil {
		return nil, err
	}
	script, err := txscript.PayToAddrScript(addr)
	if err != nil {
		return nil, err
	}
	return &Key{Priv: priv, Addr: addr, Script: script, Mainnet: MainnetText(addr)}, nil
}

// Fund spends one mature coinbase into outs; the rest, less a fee of 10,000 sat, goes
// back to the miner as the last output. It returns the transaction and the coins of outs.
func (w *Wallet) Fund(ctx context.Context, outs ...Payment) (*wire.MsgTx, []Coin, error) {
	if len(w.coins) == 0 {
		return nil, nil, errors.New("btcdtest: the wallet has no coinbase left (NewWallet with more)")
	}
	cb := w.coins[0]
	w.coins = w.coins[1:]
	var sum int64
	for _, o := range outs {
		sum += o.Value
	}
	change := cb.Value - sum - 10_000
	if change < 0 {
		return nil, nil, fmt.Errorf("btcdtest: a coinbase of %d sat cannot pay %d", cb.Value, sum)
	}
	tx, coins, err := w.Pay(ctx, []Coin{cb}, append(outs, Payment{To: w.miner, Value: change})...)
	if err != nil {
		return nil, nil, err
	}
	return tx, coins[:len(outs)], nil
}

// Pay spends ins into outs (no change: what ins hold beyond outs is the fee), signs
// every input with its coin's key and broadcasts the transaction. It returns the
// transaction and one coin per output.
func (w *Wallet) Pay(ctx context.Context, ins []Coin, outs ...Payment) (*wire.MsgTx, []Coin, error) {
	tx := wire.NewMsgTx(2)
	for _, c := range ins {
		op := c.OutPoint
		tx.AddTxIn(wire.NewTxIn(&op, nil, nil))
	}
	for _, o := range outs {
		script := o.Script
		if o.To != nil {
			script = o.To.Script
		}
		tx.AddTxOut(wire.NewTxOut(o.Value, script))
	}
	for i, c := range ins {
		if c.Key == nil {
			continue
		}
		sig, err := txscript.SignatureScript(tx, i, c.Key.Script, txscript.SigHashAll, c.Key.Priv, true)
		if err != nil {
			return nil, nil, err
		}
		tx.TxIn[i].SignatureScript = sig
	}
	if _, err := w.n.Send(ctx, tx); err != nil {
		return nil, nil, err
	}
	coins := make([]Coin, len(outs))
	for i, o := range outs {
		coins[i] = Coin{OutPoint: wire.OutPoint{Hash: tx.TxHash(), Index: uint32(i)}, Value: o.Value, Key: o.To}
	}
	return tx, coins, nil
}
