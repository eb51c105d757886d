package exposure

import (
	"github.com/btcsuite/btcd/wire"

	"github.com/chainscreen/chainscreen/screen/bitcoin"
	"github.com/chainscreen/chainscreen/screen/bitcoin/coinjoin"
)

// DetectCoinJoin is the default CoinJoinDetector: coinjoin.Detect with the previous
// outputs of the walk (every kind it reports, a Whirlpool Tx0 included).
func DetectCoinJoin(tx *wire.MsgTx, prevouts []bitcoin.Prevout) (string, bool) {
	ps := make(coinjoin.Prevouts, len(tx.TxIn))
	for i := range ps {
		if i < len(prevouts) && (prevouts[i].PkScript != nil || prevouts[i].Value != 0) {
			ps[i] = &wire.TxOut{Value: prevouts[i].Value, PkScript: prevouts[i].PkScript}
		}
	}
	r, err := coinjoin.Detect(tx, ps)
	if err != nil || !r.IsCoinJoin() {
		return "", false
	}
	return string(r.Kind), true
}
