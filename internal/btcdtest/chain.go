package btcdtest

import (
	"context"
	"fmt"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcec/v2/schnorr"
	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/chaincfg"
	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"
)

// Script types of the spend transaction's inputs, in input order.
// SpendKinds are the script types of Chain.Spend's inputs, in input order.
var SpendKinds = []string{"p2pkh", "p2wpkh", "p2sh-p2wpkh", "p2wsh", "p2tr-keypath", "p2tr-scriptpath", "p2pk", "bare-multisig"}

// Chain is what SetupChain built: a funding transaction paying one output of every
// script type, and a transaction spending them all (input i spends output i), both
// mined.
type Chain struct {
	// Fund pays one output of every type of SpendKinds (output i for input i of Spend).
	Fund *wire.MsgTx
	// Spend spends Fund's outputs; its outputs pay a fresh P2WPKH key and, after it,
	// the extra scripts SetupChain was given.
	Spend *wire.MsgTx
	// SpendBlock and SpendHeight locate the block that mined Spend.
	SpendBlock  chainhash.Hash
	SpendHeight int64
	// InputAddresses are the mainnet texts of the addresses Spend's inputs spend.
	InputAddresses []string
}

// MainnetText is the mainnet encoding of a simnet address (lists hold mainnet
// addresses; screening is by hash).
func MainnetText(t btcutil.Address) string {
	var a btcutil.Address
	var err error
	switch v := t.(type) {
	case *btcutil.AddressPubKeyHash:
		a, err = btcutil.NewAddressPubKeyHash(v.ScriptAddress(), &chaincfg.MainNetParams)
	case *btcutil.AddressScriptHash:
		a, err = btcutil.NewAddressScriptHashFromHash(v.ScriptAddress(), &chaincfg.MainNetParams)
	case *btcutil.AddressWitnessPubKeyHash:
		a, err = btcutil.NewAddressWitnessPubKeyHash(v.ScriptAddress(), &chaincfg.MainNetParams)
	case *btcutil.AddressWitnessScriptHash:
		a, err = btcutil.NewAddressWitnessScriptHash(v.ScriptAddress(), &chaincfg.MainNetParams)
	case *btcutil.AddressTaproot:
		a, err = btcutil.NewAddressTaproot(v.ScriptAddress(), &chaincfg.MainNetParams)
	default:
		panic(fmt.Sprintf("address type %T", t))
	}
	if err != nil {
		panic(err)
	}
	return a.EncodeAddress()
}

// SetupChain mines past segwit and taproot activation, funds one output of every script
// type from a mature coinbase, and spends them all in one transaction signed with keys
// of its own; extra are further output scripts of that transaction (1000 sat each).
func (n *Node) SetupChain(ctx context.Context, extra ...[]byte) (*Chain, error) {
	p := n.Params
	// Simnet: BIP-9 windows of 100 blocks; segwit and taproot are active from block 300.
	hashes, err := n.Generate(ctx, 400)
	if err != nil {
		return nil, err
	}
	cbBlock, err := n.Block(ctx, hashes[0])
	if err != nil {
		return nil, err
	}
	cb := cbBlock.Transactions[0]
	minerScript, err := txscript.PayToAddrScript(n.MinerAddr)
	if err != nil {
		return nil, err
	}

	keys := make([]*btcec.PrivateKey, 11)
	for i := range keys {
		if keys[i], err = btcec.NewPrivateKey(); err != nil {
			return nil, err
		}
	}
	pub := func(i int) []byte { return keys[i].PubKey().SerializeCompressed() }
	script := func(b *txscript.ScriptBuilder) []byte {
		s, err := b.Script()
		if err != nil {
			panic(err)
		}
		return s
	}
	var addrs []btcutil.Address
	var pkScripts [][]byte
	add := func(a btcutil.Address) {
		s, err := txscript.PayToAddrScript(a)
		if err != nil {
			panic(err)
		}
		addrs = append(addrs, a)
		pkScripts = append(pkScripts, s)
	}
	a0, _ := btcutil.NewAddressPubKeyHash(btcutil.Hash160(pub(1)), p)
	add(a0)
	a1, _ := btcutil.NewAddressWitnessPubKeyHash(btcutil.Hash160(pub(2)), p)
	add(a1)
	redeem2 := script(txscript.NewScriptBuilder().AddOp(txscript.OP_0).AddData(btcutil.Hash160(pub(3))))
	a2, _ := btcutil.NewAddressScriptHash(redeem2, p)
	add(a2)
	ws3 := script(txscript.NewScriptBuilder().AddData(pub(4)).AddOp(txscript.OP_CHECKSIG))
	h3 := chainhash.HashB(ws3)
	a3, _ := btcutil.NewAddressWitnessScriptHash(h3, p)
	add(a3)
	out4 := txscript.ComputeTaprootKeyNoScript(keys[5].PubKey())
	a4, _ := btcutil.NewAddressTaproot(schnorr.SerializePubKey(out4), p)
	add(a4)
	leaf5 := txscript.NewBaseTapLeaf(script(txscript.NewScriptBuilder().AddData(schnorr.SerializePubKey(keys[7].PubKey())).AddOp(txscript.OP_CHECKSIG)))
	tree5 := txscript.AssembleTaprootScriptTree(leaf5)
	root5 := tree5.RootNode.TapHash()
	out5 := txscript.ComputeTaprootOutputKey(keys[6].PubKey(), root5[:])
	a5, _ := btcutil.NewAddressTaproot(schnorr.SerializePubKey(out5), p)
	add(a5)
	// P2PK: the output script is the key itself.
	pk6 := script(txscript.NewScriptBuilder().AddData(pub(8)).AddOp(txscript.OP_CHECKSIG))
	a6, _ := btcutil.NewAddressPubKeyHash(btcutil.Hash160(pub(8)), p)
	addrs = append(addrs, a6)
	pkScripts = append(pkScripts, pk6)
	// Bare 1-of-2 multisig: screened as the P2PKH address of each key (the first here).
	pk7 := script(txscript.NewScriptBuilder().AddOp(txscript.OP_1).AddData(pub(9)).AddData(pub(10)).
		AddOp(txscript.OP_2).AddOp(txscript.OP_CHECKMULTISIG))
	a7, _ := btcutil.NewAddressPubKeyHash(btcutil.Hash160(pub(9)), p)
	addrs = append(addrs, a7)
	pkScripts = append(pkScripts, pk7)

	// Funding transaction: the coinbase of block 1 pays one output of every type.
	const each = 100_000_000
	fund := wire.NewMsgTx(2)
	fund.AddTxIn(wire.NewTxIn(&wire.OutPoint{Hash: cb.TxHash(), Index: 0}, nil, nil))
	for _, s := range pkScripts {
		fund.AddTxOut(wire.NewTxOut(each, s))
	}
	change := cb.TxOut[0].Value - int64(len(pkScripts))*each - 20_000
	fund.AddTxOut(wire.NewTxOut(change, minerScript))
	sig, err := txscript.SignatureScript(fund, 0, minerScript, txscript.SigHashAll, n.MinerKey, true)
	if err != nil {
		return nil, err
	}
	fund.TxIn[0].SignatureScript = sig
	if _, err := n.Send(ctx, fund); err != nil {
		return nil, fmt.Errorf("funding transaction: %w", err)
	}
	if _, err := n.Generate(ctx, 1); err != nil {
		return nil, err
	}

	// Spending transaction: input i spends funding output i.
	spend := wire.NewMsgTx(2)
	prev := txscript.NewMultiPrevOutFetcher(nil)
	for i := range pkScripts {
		op := wire.OutPoint{Hash: fund.TxHash(), Index: uint32(i)}
		spend.AddTxIn(wire.NewTxIn(&op, nil, nil))
		prev.AddPrevOut(op, fund.TxOut[i])
	}
	dest, _ := btcutil.NewAddressWitnessPubKeyHash(btcutil.Hash160(pub(0)), p)
	destScript, _ := txscript.PayToAddrScript(dest)
	spend.AddTxOut(wire.NewTxOut(int64(len(pkScripts))*each-50_000-int64(len(extra))*1000, destScript))
	for _, s := range extra {
		spend.AddTxOut(wire.NewTxOut(1000, s))
	}
	sh := txscript.NewTxSigHashes(spend, prev)
	// 0 P2PKH
	if spend.TxIn[0].SignatureScript, err = txscript.SignatureScript(spend, 0, pkScripts[0], txscript.SigHashAll, keys[1], true); err != nil {
		return nil, err
	}
	// 1 P2WPKH
	if spend.TxIn[1].Witness, err = txscript.WitnessSignature(spend, sh, 1, each, pkScripts[1], txscript.SigHashAll, keys[2], true); err != nil {
		return nil, err
	}
	// 2 P2SH-P2WPKH
	if spend.TxIn[2].Witness, err = txscript.WitnessSignature(spend, sh, 2, each, redeem2, txscript.SigHashAll, keys[3], true); err != nil {
		return nil, err
	}
	spend.TxIn[2].SignatureScript = script(txscript.NewScriptBuilder().AddData(redeem2))
	// 3 P2WSH
	sig3, err := txscript.RawTxInWitnessSignature(spend, sh, 3, each, ws3, txscript.SigHashAll, keys[4])
	if err != nil {
		return nil, err
	}
	spend.TxIn[3].Witness = wire.TxWitness{sig3, ws3}
	// 4 P2TR key path
	if spend.TxIn[4].Witness, err = txscript.TaprootWitnessSignature(spend, sh, 4, each, pkScripts[4], txscript.SigHashDefault, keys[5]); err != nil {
		return nil, err
	}
	// 5 P2TR script path
	sig5, err := txscript.RawTxInTapscriptSignature(spend, sh, 5, each, pkScripts[5], leaf5, txscript.SigHashDefault, keys[7])
	if err != nil {
		return nil, err
	}
	cb5 := tree5.LeafMerkleProofs[0].ToControlBlock(keys[6].PubKey())
	ctrl, err := cb5.ToBytes()
	if err != nil {
		return nil, err
	}
	spend.TxIn[5].Witness = wire.TxWitness{sig5, leaf5.Script, ctrl}
	// 6 P2PK
	sig6, err := txscript.RawTxInSignature(spend, 6, pk6, txscript.SigHashAll, keys[8])
	if err != nil {
		return nil, err
	}
	spend.TxIn[6].SignatureScript = script(txscript.NewScriptBuilder().AddData(sig6))
	// 7 bare multisig
	sig7, err := txscript.RawTxInSignature(spend, 7, pk7, txscript.SigHashAll, keys[9])
	if err != nil {
		return nil, err
	}
	spend.TxIn[7].SignatureScript = script(txscript.NewScriptBuilder().AddOp(txscript.OP_0).AddData(sig7))
	if _, err := n.Send(ctx, spend); err != nil {
		return nil, fmt.Errorf("spending transaction: %w", err)
	}
	mined, err := n.Generate(ctx, 1)
	if err != nil {
		return nil, err
	}
	res, err := n.Call(ctx, "getblockcount")
	if err != nil {
		return nil, err
	}
	var height int64
	if _, err := fmt.Sscan(string(res), &height); err != nil {
		return nil, err
	}
	c := &Chain{Fund: fund, Spend: spend, SpendBlock: mined[0], SpendHeight: height}
	for _, a := range addrs {
		c.InputAddresses = append(c.InputAddresses, MainnetText(a))
	}
	return c, nil
}
