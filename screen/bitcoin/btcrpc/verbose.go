package btcrpc

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/wire"

	"github.com/chainscreen/chainscreen/screen/bitcoin"
)

// The parts of bitcoind's verbose answers that are read: getrawtransaction verbosity 2
// and getblock verbosity 3 carry each input's previous output ("prevout").
type (
	verboseTx struct {
		Hex string       `json:"hex"`
		Vin []verboseVin `json:"vin"`
	}
	verboseVin struct {
		Txid     string          `json:"txid"`
		Vout     uint32          `json:"vout"`
		Coinbase string          `json:"coinbase"`
		Prevout  *verbosePrevout `json:"prevout"`
	}
	verbosePrevout struct {
		Value        json.Number `json:"value"`
		ScriptPubKey struct {
			Hex string `json:"hex"`
		} `json:"scriptPubKey"`
	}
	verboseBlock struct {
		Hash              string      `json:"hash"`
		Version           int32       `json:"version"`
		PreviousBlockHash string      `json:"previousblockhash"`
		MerkleRoot        string      `json:"merkleroot"`
		Time              int64       `json:"time"`
		Bits              string      `json:"bits"`
		Nonce             uint32      `json:"nonce"`
		Tx                []verboseTx `json:"tx"`
	}
)

// DecodeVerboseTx decodes bitcoind's getrawtransaction verbosity 2 result: the
// transaction (from "hex") and the previous outputs its "vin" entries carry. Every vin
// entry must name the outpoint of the input at its position. An answer that is not
// such JSON is bitcoin.ErrMalformedResponse.
func DecodeVerboseTx(res []byte) (*wire.MsgTx, map[wire.OutPoint]bitcoin.Prevout, error) {
	var v verboseTx
	if err := json.Unmarshal(res, &v); err != nil {
		return nil, nil, fmt.Errorf("%w: verbose transaction: %v", bitcoin.ErrMalformedResponse, err)
	}
	prev := map[wire.OutPoint]bitcoin.Prevout{}
	tx, err := v.decode(prev)
	if err != nil {
		return nil, nil, err
	}
	return tx, prev, nil
}

func (v *verboseTx) decode(prev map[wire.OutPoint]bitcoin.Prevout) (*wire.MsgTx, error) {
	if len(v.Hex) > 2*bitcoin.MaxTxSize {
		return nil, fmt.Errorf("%w: transaction hex of %d digits", bitcoin.ErrMalformedResponse, len(v.Hex))
	}
	raw, err := hex.DecodeString(v.Hex)
	if err != nil || len(raw) == 0 {
		return nil, fmt.Errorf("%w: transaction hex: %v", bitcoin.ErrMalformedResponse, err)
	}
	tx, err := bitcoin.DecodeTx(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", bitcoin.ErrMalformedResponse, err)
	}
	if len(v.Vin) != len(tx.TxIn) {
		return nil, fmt.Errorf("%w: %d vin entries for %d inputs", bitcoin.ErrMalformedResponse, len(v.Vin), len(tx.TxIn))
	}
	for i, in := range v.Vin {
		op := tx.TxIn[i].PreviousOutPoint
		if in.Coinbase != "" {
			continue
		}
		h, err := chainhash.NewHashFromStr(in.Txid)
		if err != nil || len(in.Txid) != 64 || *h != op.Hash || in.Vout != op.Index {
			return nil, fmt.Errorf("%w: vin %d names %s:%d, the input spends %s", bitcoin.ErrMalformedResponse, i, cut(in.Txid), in.Vout, op)
		}
		if in.Prevout == nil {
			continue // not given: fetched from the parent
		}
		pk, err := hex.DecodeString(in.Prevout.ScriptPubKey.Hex)
		if err != nil {
			return nil, fmt.Errorf("%w: vin %d prevout script: %v", bitcoin.ErrMalformedResponse, i, err)
		}
		btc, err := strconv.ParseFloat(string(in.Prevout.Value), 64)
		if err != nil {
			return nil, fmt.Errorf("%w: vin %d prevout value %q", bitcoin.ErrMalformedResponse, i, cut(string(in.Prevout.Value)))
		}
		amt, err := btcutil.NewAmount(btc)
		if err != nil || amt < 0 {
			return nil, fmt.Errorf("%w: vin %d prevout value %q", bitcoin.ErrMalformedResponse, i, cut(string(in.Prevout.Value)))
		}
		prev[op] = bitcoin.Prevout{PkScript: pk, Value: int64(amt)}
	}
	return tx, nil
}

// DecodeVerboseBlock decodes bitcoind's getblock verbosity 3 result: the block, rebuilt
// from its header fields and the transactions' "hex", and the previous outputs the
// transactions' vin entries carry. The caller checks the block hash.
func DecodeVerboseBlock(res []byte) (*wire.MsgBlock, map[wire.OutPoint]bitcoin.Prevout, error) {
	var v verboseBlock
	if err := json.Unmarshal(res, &v); err != nil {
		return nil, nil, fmt.Errorf("%w: verbose block: %v", bitcoin.ErrMalformedResponse, err)
	}
	if len(v.Tx) == 0 {
		return nil, nil, fmt.Errorf("%w: block without transactions", bitcoin.ErrMalformedResponse)
	}
	var hdr wire.BlockHeader
	hdr.Version = v.Version
	if v.PreviousBlockHash != "" {
		h, err := chainhash.NewHashFromStr(v.PreviousBlockHash)
		if err != nil || len(v.PreviousBlockHash) != 64 {
			return nil, nil, fmt.Errorf("%w: previousblockhash %q", bitcoin.ErrMalformedResponse, cut(v.PreviousBlockHash))
		}
		hdr.PrevBlock = *h
	}
	mr, err := chainhash.NewHashFromStr(v.MerkleRoot)
	if err != nil || len(v.MerkleRoot) != 64 {
		return nil, nil, fmt.Errorf("%w: merkleroot %q", bitcoin.ErrMalformedResponse, cut(v.MerkleRoot))
	}
	hdr.MerkleRoot = *mr
	bits, err := strconv.ParseUint(v.Bits, 16, 32)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: bits %q", bitcoin.ErrMalformedResponse, cut(v.Bits))
	}
	hdr.Bits = uint32(bits)
	hdr.Nonce = v.Nonce
	hdr.Timestamp = time.Unix(v.Time, 0)
	blk := &wire.MsgBlock{Header: hdr, Transactions: make([]*wire.MsgTx, 0, len(v.Tx))}
	prev := map[wire.OutPoint]bitcoin.Prevout{}
	for i := range v.Tx {
		tx, err := v.Tx[i].decode(prev)
		if err != nil {
			return nil, nil, fmt.Errorf("transaction %d: %w", i, err)
		}
		blk.Transactions = append(blk.Transactions, tx)
	}
	return blk, prev, nil
}
