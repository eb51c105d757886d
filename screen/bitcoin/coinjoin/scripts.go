package coinjoin

import (
	"bytes"

	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"
)

// scriptType is the kind of script an input spends or an output pays.
type scriptType uint8

const (
	typeLegacy        scriptType = iota // P2PKH, P2PK, bare multisig, non-standard
	typeP2SH                            // P2SH (any redeem script, incl. wrapped segwit)
	typeP2WPKH                          // native segwit v0 key hash
	typeP2WSH                           // native segwit v0 script hash
	typeP2TR                            // segwit v1 taproot (key path when inferred from a spend)
	typeWitnessOther                    // native segwit spent in another shape (taproot script path, future versions)
	typeNativeUnknown                   // empty scriptSig, no witness, no prevout: native segwit of unknown type (witness-stripped)
	typeNullData                        // OP_RETURN
)

// nativeSegwit reports whether t is a native witness program (no scriptSig).
func (t scriptType) nativeSegwit() bool {
	switch t {
	case typeP2WPKH, typeP2WSH, typeP2TR, typeWitnessOther, typeNativeUnknown:
		return true
	}
	return false
}

// segwitV0 reports whether t is a native segwit version-0 program (or unknown native).
func (t scriptType) segwitV0() bool {
	return t == typeP2WPKH || t == typeP2WSH || t == typeNativeUnknown
}

// wasabi2Input reports whether t is an input type Wasabi 2 registers: P2WPKH or
// P2TR key path (unknown native counts, see Evidence.UnknownInputs).
func (t scriptType) wasabi2Input() bool {
	return t == typeP2WPKH || t == typeP2TR || t == typeNativeUnknown
}

// classifyPkScript classifies an output script.
func classifyPkScript(pk []byte) scriptType {
	switch txscript.GetScriptClass(pk) {
	case txscript.WitnessV0PubKeyHashTy:
		return typeP2WPKH
	case txscript.WitnessV0ScriptHashTy:
		return typeP2WSH
	case txscript.WitnessV1TaprootTy:
		return typeP2TR
	case txscript.WitnessUnknownTy:
		return typeWitnessOther
	case txscript.ScriptHashTy:
		return typeP2SH
	case txscript.NullDataTy:
		return typeNullData
	}
	if len(pk) > 0 && pk[0] == txscript.OP_RETURN {
		return typeNullData
	}
	return typeLegacy
}

// classifyInput classifies input in: from its previous output when known, otherwise
// from the shape of its scriptSig and witness.
func classifyInput(in *wire.TxIn, prev *wire.TxOut) scriptType {
	if prev != nil {
		return classifyPkScript(prev.PkScript)
	}
	w := in.Witness
	if len(in.SignatureScript) == 0 {
		switch {
		case len(w) == 0:
			return typeNativeUnknown
		case len(w) == 2 && len(w[1]) == 33 && len(w[0]) >= 9 && len(w[0]) <= 73:
			return typeP2WPKH
		case len(w) == 1 && (len(w[0]) == 64 || len(w[0]) == 65):
			return typeP2TR
		case len(w) == 2 && (len(w[0]) == 64 || len(w[0]) == 65) && len(w[1]) > 0 && w[1][0] == txscript.TaprootAnnexTag:
			return typeP2TR
		}
		return typeWitnessOther
	}
	return typeP2SHOrLegacy(in.SignatureScript)
}

// typeP2SHOrLegacy tells a P2SH spend (its last push is a redeem script that is a
// witness program, or the spend has a witness) from a legacy one. Only wrapped segwit
// is recognised as P2SH; other P2SH spends look legacy, which no rule here tells apart.
func typeP2SHOrLegacy(sigScript []byte) scriptType {
	last, ok := lastPush(sigScript)
	if ok && (len(last) == 22 && last[0] == 0 && last[1] == 20 || len(last) == 34 && last[0] == 0 && last[1] == 32) {
		return typeP2SH
	}
	return typeLegacy
}

// lastPush returns the data of the last push in script, if script is push-only.
func lastPush(script []byte) ([]byte, bool) {
	tok := txscript.MakeScriptTokenizer(0, script)
	var last []byte
	n := 0
	for tok.Next() {
		if tok.Opcode() > txscript.OP_16 {
			return nil, false
		}
		last = tok.Data()
		n++
	}
	if tok.Err() != nil || n == 0 {
		return nil, false
	}
	return last, true
}

// inputIdentity returns bytes that identify the address input spends from: its
// previous output script when known, otherwise the public key or script revealed by
// the spend (P2PKH and P2SH: the last scriptSig push; P2WPKH and P2WSH: the last
// witness item). ok is false when the spend reveals nothing (taproot key path,
// witness-stripped input): the caller counts such an input as its own address.
func inputIdentity(in *wire.TxIn, prev *wire.TxOut) (id []byte, ok bool) {
	if prev != nil {
		return prev.PkScript, true
	}
	if len(in.SignatureScript) > 0 {
		if last, ok := lastPush(in.SignatureScript); ok && len(last) > 0 {
			return last, true
		}
		return nil, false
	}
	w := in.Witness
	if len(w) >= 2 && !(len(w) == 2 && len(w[1]) > 0 && w[1][0] == txscript.TaprootAnnexTag) {
		if last := w[len(w)-1]; len(last) > 0 {
			return last, true
		}
	}
	return nil, false
}

// multisigInput reports whether in reveals a multisig script: the witness script of
// a P2WSH or P2SH-P2WSH spend, or the redeem script of a P2SH spend.
func multisigInput(in *wire.TxIn) bool {
	if w := in.Witness; len(w) >= 2 {
		return txscript.GetScriptClass(w[len(w)-1]) == txscript.MultiSigTy
	}
	if last, ok := lastPush(in.SignatureScript); ok && len(last) > 0 {
		return txscript.GetScriptClass(last) == txscript.MultiSigTy
	}
	return false
}

// omniMarker is the payload prefix of an Omni Layer class C transaction.
var omniMarker = []byte("omni")

// isOmni reports whether pk is an OP_RETURN whose payload starts with "omni".
func isOmni(pk []byte) bool {
	if len(pk) == 0 || pk[0] != txscript.OP_RETURN {
		return false
	}
	d, ok := lastPush(pk[1:])
	return ok && bytes.HasPrefix(d, omniMarker)
}

// nullDataLen returns the payload length of an OP_RETURN script with a single push, or -1.
func nullDataLen(pk []byte) int {
	if len(pk) == 0 || pk[0] != txscript.OP_RETURN {
		return -1
	}
	d, ok := lastPush(pk[1:])
	if !ok {
		return -1
	}
	return len(d)
}
